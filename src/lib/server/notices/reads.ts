import { and, count, countDistinct, eq, exists, isNull, min, ne, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, memberships, noticeReads, users, type Notice } from '$lib/server/db';
import { UserError } from '$lib/server/user-error';
import type { NoticeViewer } from './notices';

/** The village's verified villagers (cadres included), each counted once, leaving out `except` (a notice's author). */
export function countVillageMembers(villageId: number, except: number | null = null): number {
	return (
		db
			.select({ n: countDistinct(memberships.userId) })
			.from(memberships)
			.where(and(eq(memberships.villageId, villageId), isNull(memberships.revokedAt), except === null ? undefined : ne(memberships.userId, except)))
			.get()?.n ?? 0
	);
}

/**
 * Opening a published notice as one of its village's villagers counts once, however
 * often it is opened. Its author is not a reader of it, so is not counted on either side.
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

/** Whether the read's person is one of the village's villagers now (a subquery for `where`). */
const readerIsMember = (villageId: number) =>
	exists(
		db
			.select({ one: sql`1` })
			.from(memberships)
			.where(and(eq(memberships.userId, noticeReads.userId), eq(memberships.villageId, villageId), isNull(memberships.revokedAt)))
	);

/** Reads by people who are villagers now: someone who has left the village no longer counts on either side. */
export function readSummary(notice: Pick<Notice, 'id' | 'villageId' | 'authorId'>): ReadSummary {
	const reads = db
		.select({ read: count(), acknowledged: count(noticeReads.acknowledgedAt) })
		.from(noticeReads)
		.where(and(eq(noticeReads.noticeId, notice.id), readerIsMember(notice.villageId)))
		.get();
	return { read: reads?.read ?? 0, acknowledged: reads?.acknowledged ?? 0, members: countVillageMembers(notice.villageId, notice.authorId) };
}

export type ReaderLine = { userId: number; realName: string; displayName: string; readAt: Date | null; acknowledgedAt: Date | null };

/** Every villager with whether they have opened and acknowledged the notice: those who have not read it first. */
export function listReaders(notice: Pick<Notice, 'id' | 'villageId' | 'authorId'>): ReaderLine[] {
	const members = db
		.select({ userId: users.id, realName: min(memberships.realName), displayName: users.displayName })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.villageId, notice.villageId), isNull(memberships.revokedAt), notice.authorId === null ? undefined : ne(users.id, notice.authorId)))
		.groupBy(users.id)
		.all();
	const reads = new Map(
		db
			.select()
			.from(noticeReads)
			.where(eq(noticeReads.noticeId, notice.id))
			.all()
			.map((read) => [read.userId, read])
	);
	return members
		.map(({ userId, realName, displayName }) => ({
			userId,
			realName: realName ?? displayName,
			displayName,
			readAt: reads.get(userId)?.readAt ?? null,
			acknowledgedAt: reads.get(userId)?.acknowledgedAt ?? null
		}))
		.sort((a, b) => Number(a.readAt !== null) - Number(b.readAt !== null) || a.realName.localeCompare(b.realName, 'zh-CN'));
}
