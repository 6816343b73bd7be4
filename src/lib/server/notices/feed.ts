import { and, desc, eq, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { db, disclosureRows, existsPerRow, noticePhotos, notices, polls, preparedRead, villages } from '$lib/server/platform/db';
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
export function feedStatement(where: SQL | undefined, limit: number | Placeholder) {
	return db
		.select(columns)
		.from(notices)
		.innerJoin(villages, eq(villages.id, notices.villageId))
		.where(where)
		.orderBy(desc(notices.publishedAt), desc(notices.id))
		.limit(limit);
}

type FeedRow = Awaited<ReturnType<typeof feedStatement>>[number];

/** Which notices a feed shows: one village's or the county's, members-only ones too or not, one category or all. */
type FeedScope = { villageId: number | null; membersToo: boolean; category: NoticeCategory | null };

/** The pinned notices above a first page, the rest below them, or (the county) all in one list. */
type FeedPart = 'pinned' | 'unpinned' | 'all';

/** The conditions of a scope, with its values given or, for a prepared statement, named. */
function scopeWhere(village: number | Placeholder | null, membersToo: boolean, category: NoticeCategory | Placeholder | null, part: FeedPart): SQL | undefined {
	return and(
		village === null ? undefined : eq(notices.villageId, village),
		eq(notices.status, 'published'),
		membersToo ? undefined : eq(notices.audience, 'public'),
		category === null ? undefined : eq(notices.category, category),
		part === 'all' ? undefined : eq(notices.pinned, part === 'pinned')
	);
}

/**
 * A page is one of a few shapes of statement, each prepared once per process: building a feed
 * statement's SQL cost twice what running it did, and PostgreSQL plans a prepared one once.
 */
type PageValues = { village: number | null; category: string | null; limit: number; beforeAt?: Date; beforeId?: number };
const statements = new Map<string, (values: PageValues) => Promise<FeedRow[]>>();

/** The statement for a scope and part, first pages or (with `after`) the pages after a cursor. */
function statementFor(scope: FeedScope, part: FeedPart, afterCursor: boolean) {
	const key = [scope.villageId === null ? 'county' : 'village', scope.membersToo ? 'members' : 'public', scope.category ? 'category' : 'any', part, afterCursor ? 'older' : 'first'].join('_');
	let run = statements.get(key);
	if (!run) {
		run = preparedRead(`feed_${key}`, () => {
			const where = scopeWhere(scope.villageId === null ? null : sql.placeholder('village'), scope.membersToo, scope.category ? sql.placeholder('category') : null, part);
			// The cursor's time goes to the database as the column stores it: milliseconds on SQLite, a timestamp on PostgreSQL.
			const older = sql`(${notices.publishedAt}, ${notices.id}) < (${sql.param(sql.placeholder('beforeAt'), notices.publishedAt)}, ${sql.placeholder('beforeId')})`;
			return feedStatement(afterCursor ? and(where, older) : where, sql.placeholder('limit'));
		});
		statements.set(key, run);
	}
	return run;
}

function firstPage(scope: FeedScope, part: FeedPart, limit: number): Promise<FeedRow[]> {
	return statementFor(scope, part, false)({ village: scope.villageId, category: scope.category, limit });
}

function laterPage(scope: FeedScope, before: FeedCursor, limit: number): Promise<FeedRow[]> {
	const part: FeedPart = scope.villageId === null ? 'all' : 'unpinned';
	return statementFor(scope, part, true)({ village: scope.villageId, category: scope.category, limit, beforeAt: new Date(before.publishedAt), beforeId: before.id });
}

function toItems(rows: FeedRow[]): FeedItem[] {
	return rows.map(({ body, editedAt, publishedAt, hasPoll, hasTable, ...item }) => ({
		...item,
		publishedAt: publishedAt!,
		edited: editedAt !== null,
		excerpt: noticeExcerpt(body),
		hasPoll: Boolean(hasPoll),
		hasTable: Boolean(hasTable)
	}));
}

/** A village's feed shows its pinned notices above the first page; the county's has none. */
async function page(scope: FeedScope, filter: FeedFilter, limit: number): Promise<FeedPage> {
	const pinnedFirst = scope.villageId !== null;
	const [pinned, rest] = await Promise.all([
		pinnedFirst && !filter.before ? firstPage(scope, 'pinned', maxPinned) : [],
		filter.before ? laterPage(scope, filter.before, limit + 1) : firstPage(scope, pinnedFirst ? 'unpinned' : 'all', limit + 1)
	]);
	const items = toItems(rest.slice(0, limit));
	return { pinned: toItems(pinned), items, older: rest.length > limit ? formatCursor(items[items.length - 1]) : null };
}

/**
 * One village's notices as its feed shows them: pinned ones first on the first
 * page, then the newest, `limit` at a time with a cursor for "older". Members-only
 * notices only for the village's villagers.
 */
export function listVillageFeed(villageId: number, viewer: NoticeViewer, filter: FeedFilter, limit: number): Promise<FeedPage> {
	return page({ villageId, membersToo: viewer.member, category: filter.category }, filter, limit);
}

/** Every village's public notices, newest first: the home page for someone who belongs to no village yet. */
export function listCountyFeed(filter: FeedFilter, limit: number): Promise<FeedPage> {
	return page({ villageId: null, membersToo: false, category: filter.category }, filter, limit);
}
