// A checkout is one transaction: whatever fails in it, late or early, leaves
// nothing of the order behind. The fault here is real: the notifications table
// is renamed away, so the insert that tells the first seller fails in the
// database itself, after that order's stock, row, lines and timeline entry
// were written on the same `tx`.
import { afterEach, describe, expect, it } from 'vitest';
import { count, eq, sql, type SQL } from 'drizzle-orm';
import { auditLog, cartItems, db, engine, notifications, orderEvents, orderLines, orders, products, transaction, type Product } from '$lib/server/platform/db';
import { addToCart, readCart } from '$lib/server/market/cart';
import { placeOrders } from '$lib/server/market/checkout';
import { parseCheckoutForm } from '$lib/market/forms';
import { insertProduct, makeSeller, makeUser } from './factories';

/** A schema change, on either engine (neither returns rows, so queryRows cannot run it). */
async function alter(statement: SQL): Promise<void> {
	await transaction(async (tx) => {
		if (engine === 'postgres') await tx.execute(statement);
		else (tx as unknown as { run(query: SQL): unknown }).run(statement);
	});
}

const renamed = 'notifications_away';
let away = false;

async function breakNotifications(): Promise<void> {
	await alter(sql.raw(`ALTER TABLE notifications RENAME TO ${renamed}`));
	away = true;
}

async function restoreNotifications(): Promise<void> {
	if (!away) return;
	await alter(sql.raw(`ALTER TABLE ${renamed} RENAME TO notifications`));
	away = false;
}

// Whatever the test does, the next one finds the table where it belongs.
afterEach(restoreNotifications);

async function rows(table: typeof orders | typeof orderLines | typeof orderEvents | typeof notifications | typeof auditLog | typeof cartItems): Promise<number> {
	const [row] = await db.select({ n: count() }).from(table);
	return row.n;
}

async function footprint() {
	return {
		orders: await rows(orders),
		orderLines: await rows(orderLines),
		orderEvents: await rows(orderEvents),
		notifications: await rows(notifications),
		auditLog: await rows(auditLog),
		cartItems: await rows(cartItems)
	};
}

async function stockOf(product: Product) {
	const [row] = await db.select({ stock: products.stock, status: products.status }).from(products).where(eq(products.id, product.id));
	return row;
}

describe('a checkout that fails late', { timeout: 30_000 }, () => {
	it('leaves no order, no event, no notification, no audit row, and the stock back', async () => {
		const { seller: first, village: firstVillage } = await makeSeller();
		const { seller: second, village: secondVillage } = await makeSeller();
		// The first seller's last unit: taking it also marks the listing sold out, which must be undone too.
		const cherries = await insertProduct(firstVillage, first, { stock: 2, priceFen: 1200 });
		const honey = await insertProduct(secondVillage, second, { stock: 10, priceFen: 4800 });
		const buyer = await makeUser();
		await addToCart({ userId: buyer.id }, { productId: cherries.id, quantity: 2 });
		await addToCart({ userId: buyer.id }, { productId: honey.id, quantity: 1 });
		const fields = {
			name: '陈先生',
			phone: '13812345678',
			address: '北京市朝阳区幸福路 8 号',
			payment: 'later',
			[`delivery_${first.id}`]: 'ship',
			[`delivery_${second.id}`]: 'ship'
		};
		const before = await footprint();

		await breakNotifications();
		await expect(placeOrders({ userId: buyer.id }, parseCheckoutForm(fields))).rejects.toThrow(new RegExp('notifications'));
		await restoreNotifications();

		expect(await footprint()).toEqual(before);
		expect(await stockOf(cherries)).toEqual({ stock: 2, status: 'listed' });
		expect(await stockOf(honey)).toEqual({ stock: 10, status: 'listed' });
		expect(await readCart({ userId: buyer.id })).toHaveLength(2);

		// Nothing was half-done: the same checkout goes through once the table is back.
		const placed = await placeOrders({ userId: buyer.id }, parseCheckoutForm(fields));
		expect(placed.orderIds).toHaveLength(2);
		expect(await stockOf(cherries)).toEqual({ stock: 0, status: 'sold_out' });
		expect((await footprint()).notifications).toBe(before.notifications + 2);
	});
});
