import { and, count, eq, isNotNull, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, noticeReads, notices, transaction, type Notice } from '$lib/server/platform/db';
import { byName } from '$lib/collation';
import { countVillagers, isVillagerOf, listVillagers, villagerFlag } from '$lib/server/villages';
import { UserError } from '$lib/server/platform/user-error';
import type { NoticeViewer } from './notices';

/**
 * Opening a published notice as one of its village's villagers counts once, however
 * often it is opened. Its author has read it by writing it (see `villagerReads`): no row needed.
 */
export async function recordRead(notice: Pick<Notice, 'id' | 'status' | 'authorId'>, viewer: NoticeViewer, now = new Date()): Promise<void> {
	if (!viewer.userId || !viewer.member || notice.status !== 'published' || viewer.userId === notice.authorId) return;
	const userId = viewer.userId;
	await transaction(async (tx) => {
		await tx.insert(noticeReads).values({ noticeId: notice.id, userId, readAt: now }).onConflictDoNothing();
	});
}

/** "I have read this" on an important notice: a deliberate act, unlike opening it. Pressing it twice changes nothing. */
export async function acknowledgeNotice(notice: Pick<Notice, 'id' | 'status' | 'important'>, viewer: NoticeViewer, now = new Date()): Promise<void> {
	if (!viewer.userId || !viewer.member) throw new UserError(m.error_acknowledge_villagers_only(), 403);
	if (notice.status !== 'published' || !notice.important) throw new UserError(m.error_acknowledge_not_important());
	const userId = viewer.userId;
	await transaction(async (tx) => {
		await tx
			.insert(noticeReads)
			.values({ noticeId: notice.id, userId, readAt: now, acknowledgedAt: now })
			.onConflictDoUpdate({ target: [noticeReads.noticeId, noticeReads.userId], set: { acknowledgedAt: now }, setWhere: isNull(noticeReads.acknowledgedAt) });
	});
}

export type MyRead = { readAt: Date; acknowledgedAt: Date | null };

export async function findMyRead(noticeId: number, userId: number | null): Promise<MyRead | null> {
	if (!userId) return null;
	const [read] = await db
		.select({ readAt: noticeReads.readAt, acknowledgedAt: noticeReads.acknowledgedAt })
		.from(noticeReads)
		.where(and(eq(noticeReads.noticeId, noticeId), eq(noticeReads.userId, userId)))
		.limit(1);
	return read ?? null;
}

export type ReadSummary = { read: number; acknowledged: number; members: number };

/**
 * How many of the notice's village's villagers have read (or acknowledged) it, its author
 * among them from the moment it is published: the same people `countVillagers` counts, so
 * "N of M" can reach M. Someone who has left the village no longer counts on either side.
 * The columns may be the outer query's, so the feed counts each item in its own statement.
 */
export function villagerReads(notice: { id: SQLWrapper | number; villageId: SQLWrapper | number; authorId: SQLWrapper | number | null }, acknowledged = false): SQL<number> {
	// Probes by index from the notice's reads, so the feed stays fast in a village of thousands.
	const readers = db
		.select({ n: count() })
		.from(noticeReads)
		.where(
			and(
				eq(noticeReads.noticeId, notice.id),
				// A notice whose author's account is gone has no author to leave out: IS DISTINCT FROM keeps every reader then.
				sql`${noticeReads.userId} is distinct from ${notice.authorId}`,
				isVillagerOf(notice.villageId, noticeReads.userId),
				acknowledged ? isNotNull(noticeReads.acknowledgedAt) : undefined
			)
		);
	// EXISTS is a boolean on PostgreSQL, which does not add to a count: 1 or 0 on both engines.
	const author = notice.authorId === null ? sql`0` : sql`case when ${villagerFlag(notice.villageId, notice.authorId)} then 1 else 0 end`;
	return sql<number>`((${readers}) + (${author}))`.mapWith(Number);
}

export async function readSummary(notice: Pick<Notice, 'id' | 'villageId' | 'authorId'>): Promise<ReadSummary> {
	const [counts] = await db
		.select({ read: villagerReads(notice), acknowledged: villagerReads(notice, true) })
		.from(notices)
		.where(eq(notices.id, notice.id));
	return { read: counts?.read ?? 0, acknowledged: counts?.acknowledged ?? 0, members: await countVillagers(notice.villageId) };
}

export type ReaderLine = { userId: number; realName: string; displayName: string; readAt: Date | null; acknowledgedAt: Date | null };

/** Every villager with whether they have opened and acknowledged the notice, those who have not first; the author read it when it was published. */
export async function listReaders(notice: Pick<Notice, 'id' | 'villageId' | 'authorId' | 'publishedAt'>): Promise<ReaderLine[]> {
	const reads = new Map((await db.select().from(noticeReads).where(eq(noticeReads.noticeId, notice.id))).map((read) => [read.userId, read]));
	return (await listVillagers(notice.villageId))
		.map((villager) => {
			const authored = villager.userId === notice.authorId ? notice.publishedAt : null;
			return {
				...villager,
				readAt: authored ?? reads.get(villager.userId)?.readAt ?? null,
				acknowledgedAt: authored ?? reads.get(villager.userId)?.acknowledgedAt ?? null
			};
		})
		.sort((a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || byName(a.realName, b.realName));
}
