import { and, asc, count, desc, eq, gt, isNull, lt, sql, type SQL } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { commentReports, db, noticeComments, notices, transaction, users, type Notice, type NoticeComment, type Tx } from '$lib/server/platform/db';
import { recordAudit } from './audit-actions';
import { maxRowId, parseWhole } from '$lib/server/platform/forms';
import { UserError } from '$lib/server/platform/user-error';
import { limits, spendAllowance } from '$lib/server/platform/throttle';
import type { CommentInput } from '$lib/notices/forms';
import { canSeeNotice, type NoticeViewer } from './notices';

type CommentedNotice = Pick<Notice, 'id' | 'villageId' | 'status' | 'audience' | 'title'>;

/** Signed-in people comment on public notices; only the village's villagers on members-only ones. */
export async function addComment(viewer: NoticeViewer, notice: CommentedNotice, { body }: CommentInput, now = new Date()): Promise<void> {
	if (!viewer.userId) throw new UserError(m.comment_sign_in(), 403);
	if (!canSeeNotice(notice, viewer) || notice.status !== 'published') {
		throw notice.audience === 'members' ? new UserError(m.error_comment_members_only(), 403) : new UserError(m.error_notice_not_found(), 404);
	}
	const authorId = viewer.userId;
	// The allowance is spent only if the comment is stored, and two posts at once cannot both take the last one.
	await transaction(async (tx) => {
		await spendAllowance(tx, limits.comment, authorId, now);
		await tx.insert(noticeComments).values({ noticeId: notice.id, authorId, body, createdAt: now });
	});
}

async function findComment(handle: Tx, notice: CommentedNotice, commentId: number): Promise<NoticeComment> {
	const [comment] = await handle
		.select()
		.from(noticeComments)
		.where(and(eq(noticeComments.id, commentId), eq(noticeComments.noticeId, notice.id)))
		.limit(1);
	if (!comment) throw new UserError(m.error_comment_not_found(), 404);
	return comment;
}

/** A cadre hides a comment from everyone but its author; the audit log says who and when. */
export async function hideComment(actorId: number, notice: CommentedNotice, commentId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const comment = await findComment(tx, notice, commentId);
		const hidden = await tx
			.update(noticeComments)
			.set({ hiddenAt: now, hiddenBy: actorId })
			.where(and(eq(noticeComments.id, comment.id), isNull(noticeComments.hiddenAt)))
			.returning({ id: noticeComments.id });
		if (hidden.length === 0) throw new UserError(m.error_comment_hidden_already(), 409);
		await recordAudit(
			tx,
			{ actorId, villageId: notice.villageId, action: 'comment.hidden', subjectUserId: comment.authorId, detail: { noticeId: notice.id, name: notice.title, commentId: comment.id } },
			now
		);
	});
}

/** Anyone who can see a comment may report it, once. */
export async function reportComment(viewer: NoticeViewer, notice: CommentedNotice, commentId: number, now = new Date()): Promise<void> {
	if (!viewer.userId || !canSeeNotice(notice, viewer)) throw new UserError(m.error_comment_not_found(), 404);
	const userId = viewer.userId;
	await transaction(async (tx) => {
		const comment = await findComment(tx, notice, commentId);
		if (comment.authorId === userId) throw new UserError(m.error_comment_report_own());
		const reported = await tx
			.insert(commentReports)
			.values({ commentId: comment.id, userId, createdAt: now })
			.onConflictDoNothing()
			.returning({ commentId: commentReports.commentId });
		if (reported.length === 0) throw new UserError(m.error_comment_reported_already(), 409);
	});
}

export type CommentView = {
	id: number;
	authorName: string;
	/** Null for a hidden comment shown to someone other than its author or a cadre. */
	body: string | null;
	createdAt: Date;
	hidden: boolean;
	mine: boolean;
	/** How many reported it: for cadres only. */
	reports: number | null;
};

/** Which page of a notice's comments: the newest by default, or those before or after a comment id. */
export type CommentCursor = { before: number } | { after: number } | null;

/** `?comments_before=` or `?comments_after=` from the address; anything malformed means the newest page. */
export function parseCommentCursor(params: URLSearchParams): CommentCursor {
	const id = (name: string) => parseWhole(params.get(name), 0, maxRowId);
	const before = id('comments_before');
	if (before !== null) return { before };
	const after = id('comments_after');
	return after === null ? null : { after };
}

export type CommentPage = {
	comments: CommentView[];
	/** All the notice's comments, for the heading. */
	total: number;
	/** Cursors for the links to the page of older and of newer comments, or null at either end. */
	olderBefore: number | null;
	newerAfter: number | null;
};

/**
 * One page of a notice's comments, oldest first on the page: by default the
 * newest `limit` (where a new comment lands), with links to older and newer pages.
 */
export async function listComments(noticeId: number, viewer: NoticeViewer, cursor: CommentCursor, limit: number): Promise<CommentPage> {
	const forward = cursor !== null && 'after' in cursor;
	const rows = await db
		.select({
			id: noticeComments.id,
			authorId: noticeComments.authorId,
			authorName: users.displayName,
			body: noticeComments.body,
			createdAt: noticeComments.createdAt,
			hiddenAt: noticeComments.hiddenAt,
			reports: sql<number>`(select count(*) from ${commentReports} where ${commentReports.commentId} = ${noticeComments.id})`.mapWith(Number)
		})
		.from(noticeComments)
		.innerJoin(users, eq(users.id, noticeComments.authorId))
		.where(
			and(
				eq(noticeComments.noticeId, noticeId),
				cursor === null ? undefined : 'after' in cursor ? gt(noticeComments.id, cursor.after) : lt(noticeComments.id, cursor.before)
			)
		)
		.orderBy(forward ? asc(noticeComments.id) : desc(noticeComments.id))
		.limit(limit);
	if (!forward) rows.reverse();
	const comments = rows.map(({ authorId, hiddenAt, reports, body, ...comment }) => {
		const mine = authorId === viewer.userId;
		const hidden = hiddenAt !== null;
		return { ...comment, mine, hidden, body: hidden && !mine && !viewer.cadre ? null : body, reports: viewer.cadre ? reports : null };
	});
	const first = comments[0]?.id;
	const last = comments[comments.length - 1]?.id;
	const exists = async (beyond: SQL) =>
		(await db.select({ id: noticeComments.id }).from(noticeComments).where(and(eq(noticeComments.noticeId, noticeId), beyond)).limit(1)).length > 0;
	const [total] = await db.select({ n: count() }).from(noticeComments).where(eq(noticeComments.noticeId, noticeId));
	return {
		comments,
		total: total?.n ?? 0,
		olderBefore: first !== undefined && (await exists(lt(noticeComments.id, first))) ? first : null,
		newerAfter: last !== undefined && (await exists(gt(noticeComments.id, last))) ? last : null
	};
}

export type ReportedComment = { id: number; noticeId: number; noticeTitle: string; authorName: string; body: string; reports: number };

/** Comments someone reported that are still shown, most reported first: the committee's moderation list. */
export function listReportedComments(villageId: number, limit = 20): Promise<ReportedComment[]> {
	return (
		db
			.select({
				id: noticeComments.id,
				noticeId: notices.id,
				noticeTitle: notices.title,
				authorName: users.displayName,
				body: noticeComments.body,
				reports: count(commentReports.userId)
			})
			.from(commentReports)
			.innerJoin(noticeComments, eq(noticeComments.id, commentReports.commentId))
			.innerJoin(notices, eq(notices.id, noticeComments.noticeId))
			.innerJoin(users, eq(users.id, noticeComments.authorId))
			.where(and(eq(notices.villageId, villageId), eq(notices.status, 'published'), isNull(noticeComments.hiddenAt)))
			// One row per comment; PostgreSQL wants the notice's and the author's keys named too (one each per comment).
			.groupBy(noticeComments.id, notices.id, users.id)
			.orderBy(desc(count(commentReports.userId)), desc(noticeComments.id))
			.limit(limit)
	);
}
