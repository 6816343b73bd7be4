import { and, count, eq, isNotNull, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, noticeReads, type Notice } from '$lib/server/db';
import { countVillagers, isVillagerOf, listVillagers } from '$lib/server/villages/memberships';
import { UserError } from '$lib/server/user-error';
import type { NoticeViewer } from './notices';

/**
 * Opening a published notice as one of its village's villagers counts once, however
 * often it is opened. Its author has read it by writing it (see `villagerReads`): no row needed.
 */
export function recordRead(notice: Pick<Notice, 'id' | 'status' | 'authorId'>, viewer: NoticeViewer, now = new Date()): void {
	if (!viewer.userId || !viewer.member || notice.status !== 'published' || viewer.userId === notice.authorId) return;
	db.insert(noticeReads).values({ noticeId: notice.id, userId: viewer.userId, readAt: now }).onConflictDoNothing().run();
}

/** "I have read this" on an important notice: a deliberate act, unlike opening it. Pressing it twice changes nothing. */
export function acknowledgeNotice(notice: Pick<Notice, 'id' | 'status' | 'important'>, viewer: NoticeViewer, now = new Date()): void {
	if (!viewer.userId || !viewer.member) throw new UserError(m.error_acknowledge_villagers_only(), 403);
	if (notice.status !== 'published' || !notice.important) throw new UserError(m.error_acknowledge_not_important());
	db.insert(noticeReads)
		.values({ noticeId: notice.id, userId: viewer.userId, readAt: now, acknowledgedAt: now })
		.onConflictDoUpdate({ target: [noticeReads.noticeId, noticeReads.userId], set: { acknowledgedAt: now }, setWhere: isNull(noticeReads.acknowledgedAt) })
		.run();
}

export type MyRead = { readAt: Date; acknowledgedAt: Date | null };

export function findMyRead(noticeId: number, userId: number | null): MyRead | null {
	if (!userId) return null;
	return (
		db
			.select({ readAt: noticeReads.readAt, acknowledgedAt: noticeReads.acknowledgedAt })
			.from(noticeReads)
			.where(and(eq(noticeReads.noticeId, noticeId), eq(noticeReads.userId, userId)))
			.get() ?? null
	);
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
				sql`${noticeReads.userId} is not ${notice.authorId}`,
				isVillagerOf(notice.villageId, noticeReads.userId),
				acknowledged ? isNotNull(noticeReads.acknowledgedAt) : undefined
			)
		);
	const author = notice.authorId === null ? sql`0` : isVillagerOf(notice.villageId, notice.authorId);
	return sql<number>`((${readers}) + (${author}))`.mapWith(Number);
}

export function readSummary(notice: Pick<Notice, 'id' | 'villageId' | 'authorId'>): ReadSummary {
	const counts = db.get<{ read: number; acknowledged: number }>(sql`select ${villagerReads(notice)} as read, ${villagerReads(notice, true)} as acknowledged`);
	return { read: counts?.read ?? 0, acknowledged: counts?.acknowledged ?? 0, members: countVillagers(notice.villageId) };
}

export type ReaderLine = { userId: number; realName: string; displayName: string; readAt: Date | null; acknowledgedAt: Date | null };

/** Every villager with whether they have opened and acknowledged the notice, those who have not first; the author read it when it was published. */
export function listReaders(notice: Pick<Notice, 'id' | 'villageId' | 'authorId' | 'publishedAt'>): ReaderLine[] {
	const reads = new Map(
		db
			.select()
			.from(noticeReads)
			.where(eq(noticeReads.noticeId, notice.id))
			.all()
			.map((read) => [read.userId, read])
	);
	return listVillagers(notice.villageId)
		.map((villager) => {
			const authored = villager.userId === notice.authorId ? notice.publishedAt : null;
			return {
				...villager,
				readAt: authored ?? reads.get(villager.userId)?.readAt ?? null,
				acknowledgedAt: authored ?? reads.get(villager.userId)?.acknowledgedAt ?? null
			};
		})
		.sort((a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || a.realName.localeCompare(b.realName, 'zh-CN'));
}
