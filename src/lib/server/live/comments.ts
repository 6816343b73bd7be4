// Live comments: members write while the sale is on (a few lines a minute each); the host hides
// a comment or stops a viewer from commenting. Everything is stored as typed and shown as text.
import { and, eq, isNull } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { liveComments, liveMutes, transaction, users, type Tx } from '$lib/server/platform/db';
import { limits, spendAllowance } from '$lib/server/platform/throttle';
import { UserError } from '$lib/server/platform/user-error';
import { mayRun, saleRow, saleRunBy } from './access';
import { recordAudit } from './audit-actions';
import { announce, appendLiveEvent } from './stream-log';

async function isMuted(tx: Tx, saleId: number, userId: number): Promise<boolean> {
	const [row] = await tx
		.select({ userId: liveMutes.userId })
		.from(liveMutes)
		.where(and(eq(liveMutes.liveSaleId, saleId), eq(liveMutes.userId, userId)))
		.limit(1);
	return Boolean(row);
}

/** Comments on a sale before it starts or while it is on; after, only those who run it may still answer. */
export async function postLiveComment(userId: number, saleId: number, text: string, now = new Date()): Promise<number> {
	const id = await transaction(async (tx) => {
		const sale = await saleRow(tx, saleId);
		const runs = await mayRun(userId, sale, tx);
		if ((sale.status === 'ended' || sale.status === 'cancelled') && !runs) throw new UserError(m.live_error_comment_over(), 409);
		if (!runs && (await isMuted(tx, saleId, userId))) throw new UserError(m.live_error_comment_muted(), 403);
		await spendAllowance(tx, limits.liveComment, userId, now);
		const [comment] = await tx.insert(liveComments).values({ liveSaleId: saleId, userId, text, createdAt: now }).returning({ id: liveComments.id });
		await appendLiveEvent(tx, saleId, 'comment', comment.id, now);
		return comment.id;
	});
	await announce(saleId);
	return id;
}

/** Hides a comment from every viewer and from the replay; the log keeps who hid it. */
export async function hideLiveComment(actorId: number, saleId: number, commentId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const sale = await saleRunBy(tx, actorId, saleId);
		const [hidden] = await tx
			.update(liveComments)
			.set({ hiddenAt: now, hiddenBy: actorId })
			.where(and(eq(liveComments.id, commentId), eq(liveComments.liveSaleId, saleId), isNull(liveComments.hiddenAt)))
			.returning({ userId: liveComments.userId });
		if (!hidden) throw new UserError(m.live_error_comment_not_found(), 404);
		await recordAudit(tx, { actorId, villageId: sale.villageId, action: 'live.comment_hidden', subjectUserId: hidden.userId, detail: { title: sale.title, comment: commentId } }, now);
		await appendLiveEvent(tx, saleId, 'hidden', commentId, now);
	});
	await announce(saleId);
}

/** Stops a viewer from commenting on this sale. Those who run it cannot be stopped. */
export async function muteLiveViewer(actorId: number, saleId: number, userId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const sale = await saleRunBy(tx, actorId, saleId);
		const [viewer] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
		if (!viewer) throw new UserError(m.live_error_viewer_not_found(), 404);
		if (await mayRun(userId, sale, tx)) throw new UserError(m.live_error_mute_host(), 409);
		const [muted] = await tx.insert(liveMutes).values({ liveSaleId: saleId, userId, mutedBy: actorId, createdAt: now }).onConflictDoNothing().returning({ userId: liveMutes.userId });
		if (muted) await recordAudit(tx, { actorId, villageId: sale.villageId, action: 'live.viewer_muted', subjectUserId: userId, detail: { title: sale.title } }, now);
	});
}
