// Buying without leaving the live page: a normal market order at the flash price, taken in one
// transaction with three guarded statements, each of which alone decides: the buyer's own
// limit, the flash cap, and (inside the market's insertOrder) the listing's stock. Whatever
// fails first refuses the purchase with its own message and leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { liveBuyerTotals, liveItems, liveOrders, recordWriteResult, transaction, type LiveItem, type Tx } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import type { LiveBuy } from '$lib/live/forms';
import { formatDateTime } from '$lib/format';
import { getLocale } from '$lib/paraglide/runtime';
import { checkContact, checkUnpaidCap, insertOrder, productRow } from '$lib/server/market';
import { lineTotal } from '$lib/market/totals';
import { saleRow } from './access';
import { itemRow } from './schedule';
import { announce, appendLiveEvent } from './stream-log';

export type LiveBought = { orderId: number; itemId: number; quantity: number };

/** Where a purchase lands: back on the live page, which says "抢到了" with a link to the order. */
export const boughtPage = (saleId: number, orderId: number) => `/live/${saleId}?bought=${orderId}#item-result`;

function checkWindow(item: LiveItem, now: Date): void {
	if (item.windowStartsAt && now < item.windowStartsAt) throw new UserError(m.live_error_window_not_yet({ time: formatDateTime(item.windowStartsAt, getLocale()) }), 409);
	if (item.windowEndsAt && now >= item.windowEndsAt) throw new UserError(m.live_error_window_over(), 409);
}

/** Adds to what this buyer holds of the item, unless that passes the limit: one statement, so two tabs cannot both slip under it. */
async function takeBuyerAllowance(tx: Tx, item: LiveItem, buyerId: number, quantity: number): Promise<void> {
	if (quantity > item.perBuyerLimit) throw new UserError(m.live_error_buyer_limit({ limit: item.perBuyerLimit }), 409);
	const [taken] = await tx
		.insert(liveBuyerTotals)
		.values({ liveItemId: item.id, buyerId, quantity })
		.onConflictDoUpdate({
			target: [liveBuyerTotals.liveItemId, liveBuyerTotals.buyerId],
			set: { quantity: sql`${liveBuyerTotals.quantity} + ${quantity}` },
			setWhere: sql`${liveBuyerTotals.quantity} + ${quantity} <= ${item.perBuyerLimit}`
		})
		.returning({ quantity: liveBuyerTotals.quantity });
	if (!taken) throw new UserError(m.live_error_buyer_limit({ limit: item.perBuyerLimit }), 409);
}

/** Takes units from the flash cap, or says "已抢光". */
async function takeFlashUnits(tx: Tx, item: LiveItem, quantity: number): Promise<void> {
	const [taken] = await tx
		.update(liveItems)
		.set({ sold: sql`${liveItems.sold} + ${quantity}` })
		.where(and(eq(liveItems.id, item.id), sql`${liveItems.sold} + ${quantity} <= ${liveItems.flashCap}`))
		.returning({ sold: liveItems.sold });
	if (!taken) throw new UserError(m.live_error_sold_out(), 409);
}

/** Buys a featured product at its flash price while the sale is live. */
export async function buyLiveItem(buyerId: number, saleId: number, command: LiveBuy, now = new Date()): Promise<LiveBought> {
	const bought = await transaction(async (tx) => {
		const sale = await saleRow(tx, saleId);
		if (sale.status === 'scheduled') throw new UserError(m.live_error_buy_not_started({ time: formatDateTime(sale.startsAt, getLocale()) }), 409);
		if (sale.status !== 'live') throw new UserError(m.live_error_buy_over(), 409);
		const item = await itemRow(tx, saleId, command.itemId);
		checkWindow(item, now);
		const product = await productRow(tx, item.productId);
		if (product.sellerId === buyerId) throw new UserError(m.cart_error_own_product());
		const offered = command.delivery === 'ship' ? product.shipping : product.pickup;
		if (!offered) throw new UserError(m.live_error_delivery_not_offered({ title: product.title }));
		const contact = checkContact({ name: command.name, phone: command.phone, address: command.address, note: '', payLater: true }, command.delivery === 'ship');
		const shipFeeFen = command.delivery === 'ship' ? product.shipFeeFen : 0;
		await checkUnpaidCap(tx, buyerId, 1, lineTotal({ unitPriceFen: item.flashPriceFen, quantity: command.quantity }) + shipFeeFen);

		await takeBuyerAllowance(tx, item, buyerId, command.quantity);
		await takeFlashUnits(tx, item, command.quantity);
		const order = await insertOrder(
			tx,
			{
				checkoutId: randomUUID(),
				buyerId,
				sellerId: product.sellerId,
				villageId: product.villageId,
				delivery: command.delivery,
				pickupPlace: [product.pickupPlace, product.pickupTime].filter(Boolean).join(' · '),
				shipFeeFen,
				contact,
				lines: [{ product, quantity: command.quantity, unitPriceFen: item.flashPriceFen }],
				status: 'placed',
				teamId: null
			},
			now
		);
		await tx.insert(liveOrders).values({ orderId: order.id, liveSaleId: saleId, liveItemId: item.id, buyerId, quantity: command.quantity, createdAt: now });
		await appendLiveEvent(tx, saleId, 'bought', order.id, now);
		// A replay of this purchase after a crash that lost the answer lands on the same result.
		recordWriteResult(boughtPage(saleId, order.id));
		return { orderId: order.id, itemId: item.id, quantity: command.quantity };
	});
	await announce(saleId);
	return bought;
}

/**
 * An order from a live sale was cancelled, declined or lapsed (the market's release hook, in its
 * transaction): its units go back under the flash cap and the buyer's limit, once.
 */
export async function giveFlashUnitsBack(tx: Tx, orderId: number, now: Date): Promise<void> {
	const [released] = await tx
		.update(liveOrders)
		.set({ releasedAt: now })
		.where(and(eq(liveOrders.orderId, orderId), isNull(liveOrders.releasedAt)))
		.returning();
	if (!released) return;
	await tx.update(liveItems).set({ sold: sql`${liveItems.sold} - ${released.quantity}` }).where(eq(liveItems.id, released.liveItemId));
	await tx
		.update(liveBuyerTotals)
		.set({ quantity: sql`${liveBuyerTotals.quantity} - ${released.quantity}` })
		.where(and(eq(liveBuyerTotals.liveItemId, released.liveItemId), eq(liveBuyerTotals.buyerId, released.buyerId)));
	// Viewers see the units come back; the room's polling sends it, as the market's transaction announces nothing.
	await appendLiveEvent(tx, released.liveSaleId, 'cap', released.liveItemId, now);
}
