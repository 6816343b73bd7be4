import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { db, disclosureRows, existsPerRow, noticePhotos, notices, polls, villages } from '$lib/server/platform/db';
import { noticeCategories, type NoticeCategory } from '$lib/notices/vocabulary';
import { noticeExcerpt } from '$lib/notices/format';
import type { FeedItem, FeedPage } from '$lib/notices/views';
import { maxRowId, parseWhole, pick } from '$lib/server/platform/forms';
import { villagerReads } from './reads';
import type { NoticeViewer } from './notices';

/** Where the next page starts: the last item shown, by publication time and id. */
export type FeedCursor = { publishedAt: number; id: number };

export type FeedFilter = { category: NoticeCategory | null; before: FeedCursor | null };

/** How many pinned notices the first page shows above the rest. */
const maxPinned = 5;

/** `?category=` and `?before=` from the address; anything malformed is ignored, never an error page. */
export function parseFeedFilter(params: URLSearchParams): FeedFilter {
	const [time, row] = (params.get('before') ?? '').split('-');
	// The latest time a Date holds, and an id the column holds on both engines.
	const publishedAt = parseWhole(time, 0, 8.64e15);
	const id = parseWhole(row, 0, maxRowId);
	return {
		category: pick(params.get('category'), noticeCategories),
		before: publishedAt != null && id != null ? { publishedAt, id } : null
	};
}

const formatCursor = (item: FeedItem) => `${item.publishedAt.getTime()}-${item.id}`;

// Counted inside the feed query, so a page of 20 is one statement however many photos and reads there are.
const readCount = villagerReads({ id: notices.id, villageId: notices.villageId, authorId: notices.authorId });

const columns = {
	id: notices.id,
	villageSlug: villages.slug,
	villageName: villages.name,
	title: notices.title,
	body: notices.body,
	category: notices.category,
	audience: notices.audience,
	pinned: notices.pinned,
	important: notices.important,
	publishedAt: notices.publishedAt,
	editedAt: notices.editedAt,
	photoCount: sql<number>`(select count(*) from ${noticePhotos} where ${noticePhotos.noticeId} = ${notices.id})`.mapWith(Number),
	readCount,
	// 1 or 0 on SQLite, a boolean on PostgreSQL: Boolean() below reads either.
	hasPoll: existsPerRow(db.select({ one: sql`1` }).from(polls).where(eq(polls.noticeId, notices.id))),
	hasTable: existsPerRow(db.select({ one: sql`1` }).from(disclosureRows).where(eq(disclosureRows.noticeId, notices.id)))
};

/** The one statement of a feed page: its plan is what a test checks on PostgreSQL. */
export function feedStatement(where: SQL | undefined, limit: number) {
	return db
		.select(columns)
		.from(notices)
		.innerJoin(villages, eq(villages.id, notices.villageId))
		.where(where)
		.orderBy(desc(notices.publishedAt), desc(notices.id))
		.limit(limit);
}

async function select(where: SQL | undefined, limit: number): Promise<FeedItem[]> {
	const rows = await feedStatement(where, limit);
	return rows.map(({ body, editedAt, publishedAt, hasPoll, hasTable, ...item }) => ({
		...item,
		publishedAt: publishedAt!,
		edited: editedAt !== null,
		excerpt: noticeExcerpt(body),
		hasPoll: Boolean(hasPoll),
		hasTable: Boolean(hasTable)
	}));
}

async function page(base: SQL | undefined, filter: FeedFilter, limit: number, pinnedFirst: boolean): Promise<FeedPage> {
	const category = filter.category ? eq(notices.category, filter.category) : undefined;
	// The cursor's time goes to the database as the column stores it: milliseconds on SQLite, a timestamp on PostgreSQL.
	const before = filter.before
		? sql`(${notices.publishedAt}, ${notices.id}) < (${sql.param(new Date(filter.before.publishedAt), notices.publishedAt)}, ${filter.before.id})`
		: undefined;
	const [pinned, rest] = await Promise.all([
		pinnedFirst && !filter.before ? select(and(base, category, eq(notices.pinned, true)), maxPinned) : [],
		select(and(base, category, pinnedFirst ? eq(notices.pinned, false) : undefined, before), limit + 1)
	]);
	const items = rest.slice(0, limit);
	return { pinned, items, older: rest.length > limit ? formatCursor(items[items.length - 1]) : null };
}

/**
 * One village's notices as its feed shows them: pinned ones first on the first
 * page, then the newest, `limit` at a time with a cursor for "older". Members-only
 * notices only for the village's villagers.
 */
export function listVillageFeed(villageId: number, viewer: NoticeViewer, filter: FeedFilter, limit: number): Promise<FeedPage> {
	const visible = and(
		eq(notices.villageId, villageId),
		eq(notices.status, 'published'),
		viewer.member ? undefined : eq(notices.audience, 'public')
	);
	return page(visible, filter, limit, true);
}

/** Every village's public notices, newest first: the home page for someone who belongs to no village yet. */
export function listCountyFeed(filter: FeedFilter, limit: number): Promise<FeedPage> {
	return page(and(eq(notices.status, 'published'), eq(notices.audience, 'public')), filter, limit, false);
}
