// Text-and-photo mode: the host posts moments from the phone (a photo, a line, or both), and
// every viewer sees them appear in order. Made for networks too weak for video.
import * as m from '$lib/paraglide/messages';
import { liveMoments, transaction } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import { saleRunBy } from './access';
import { announce, appendLiveEvent } from './stream-log';

/** Posts a moment on a sale the actor runs, before it starts (a preview) or while it is live. */
export async function postMoment(actorId: number, saleId: number, text: string, photoId: string | null, at?: Date): Promise<number> {
	if (!text && !photoId) throw new UserError(m.live_error_moment_empty());
	const id = await transaction(async (tx) => {
		// Stamped when written, not when asked: in a rush the post may wait for the database first.
		const now = at ?? new Date();
		const sale = await saleRunBy(tx, actorId, saleId);
		if (sale.status === 'ended' || sale.status === 'cancelled') throw new UserError(m.live_error_over(), 409);
		const [moment] = await tx.insert(liveMoments).values({ liveSaleId: saleId, authorId: actorId, text, photoId, createdAt: now }).returning({ id: liveMoments.id });
		await appendLiveEvent(tx, saleId, 'moment', moment.id, now);
		return moment.id;
	});
	await announce(saleId);
	return id;
}

