// Taking units of a listing for an order and giving them back. Both run inside
// the transaction of what they are for (placing, cancelling, lapsing), on its `tx`.
import { and, eq, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { orderLines, products, type Product, type Tx } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import { checkOnSale, checkQuantity } from './cart';
import { runOrderReleasedHooks } from './release-hooks';

/** The listing as it is now, inside the caller's transaction. */
export async function productRow(tx: Tx, productId: number): Promise<Product> {
	const [product] = await tx.select().from(products).where(eq(products.id, productId)).limit(1);
	if (!product) throw new UserError(m.cart_error_no_product(), 404);
	return product;
}

/**
 * Takes units of a product for an order, or says plainly why not. The guarded
 * UPDATE is the only thing that decides, so two buyers of the last unit can
 * never both get it (`CHECK (stock >= 0)` backs it up). The last unit marks
 * the product sold out.
 */
export async function reserveStock(tx: Tx, productId: number, quantity: number, now: Date): Promise<void> {
	// The same checks the cart makes (on sale, the minimum, the stock there is), against the row as it is now.
	const current = await productRow(tx, productId);
	checkOnSale(current);
	checkQuantity(current, quantity);
	const taken = await tx
		.update(products)
		.set({
			stock: sql`${products.stock} - ${quantity}`,
			status: sql`CASE WHEN ${products.stock} - ${quantity} = 0 THEN 'sold_out' ELSE ${products.status} END`,
			updatedAt: now
		})
		.where(and(eq(products.id, productId), eq(products.status, 'listed'), sql`${products.stock} >= ${quantity}`))
		.returning({ id: products.id });
	// On PostgreSQL another buyer may have taken the stock between the read and the UPDATE: the guard decides.
	if (taken.length !== 1) throw new UserError(m.cart_error_sold_out({ title: current.title }), 409);
}

/**
 * Gives an order's units back to its products, and a sold-out product is for sale again; then
 * whatever other pillars hold for the order is given back too (a live sale's flash units).
 * Callers make sure it runs once.
 */
export async function releaseStock(tx: Tx, orderId: number, now: Date): Promise<void> {
	for (const line of await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId))) {
		await tx
			.update(products)
			.set({
				stock: sql`${products.stock} + ${line.quantity}`,
				status: sql`CASE WHEN ${products.status} = 'sold_out' THEN 'listed' ELSE ${products.status} END`,
				updatedAt: now
			})
			.where(eq(products.id, line.productId));
	}
	await runOrderReleasedHooks(tx, orderId, now);
}
