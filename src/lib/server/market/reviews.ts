import { and, eq, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, orderLines, products, reviews, transaction, type Review, type Tx } from '$lib/server/platform/db';
import type { ReviewCommand } from '$lib/market/forms';
import { storePhoto } from '$lib/server/platform/media';
import { UserError } from '$lib/server/platform/user-error';
import { checkAllowance, limits, spendAllowance } from '$lib/server/platform/throttle';
import { findOrderFor } from './order-states';

/**
 * The buyer's stars (and a comment, a photo) for one product of a completed
 * order, once. The product keeps a running total so every list can show the
 * average without reading the reviews.
 */
export async function reviewOrder(
	buyerId: number,
	orderId: number,
	{ productId, rating, comment }: ReviewCommand,
	photo: File | undefined,
	now = new Date()
): Promise<Review> {
	const found = await findOrderFor(orderId, buyerId);
	if (!found || found.side !== 'buyer') throw new UserError(m.order_error_not_found(), 404);
	if (found.order.status !== 'completed') throw new UserError(m.review_error_not_completed(), 409);
	const [line] = await db
		.select()
		.from(orderLines)
		.where(and(eq(orderLines.orderId, orderId), eq(orderLines.productId, productId)))
		.limit(1);
	if (!line) throw new UserError(m.order_error_not_found(), 404);
	if (await findReview(orderId, productId)) throw new UserError(m.review_error_twice(), 409);
	await checkAllowance(db, limits.review, buyerId, now);
	const stored = photo ? await storePhoto(photo, buyerId) : null;
	return transaction(async (tx) => {
		// The photo took a while: the order may have been refunded meanwhile.
		if ((await findOrderFor(orderId, buyerId, tx))?.order.status !== 'completed') throw new UserError(m.review_error_not_completed(), 409);
		await spendAllowance(tx, limits.review, buyerId, now);
		const [review] = await tx
			.insert(reviews)
			.values({ orderId, productId, buyerId, rating, comment, photoId: stored?.id ?? null, createdAt: now })
			.onConflictDoNothing()
			.returning();
		// Two taps that both passed the check above: the unique index lets one in.
		if (!review) throw new UserError(m.review_error_twice(), 409);
		await tx
			.update(products)
			.set({ reviewCount: sql`${products.reviewCount} + 1`, ratingTotal: sql`${products.ratingTotal} + ${rating}` })
			.where(eq(products.id, productId));
		return review;
	});
}

export async function findReview(orderId: number, productId: number, handle: Tx = db): Promise<Review | undefined> {
	const [review] = await handle
		.select()
		.from(reviews)
		.where(and(eq(reviews.orderId, orderId), eq(reviews.productId, productId)))
		.limit(1);
	return review;
}

export function listOrderReviews(orderId: number): Promise<Review[]> {
	return db.select().from(reviews).where(eq(reviews.orderId, orderId)).orderBy(reviews.id);
}
