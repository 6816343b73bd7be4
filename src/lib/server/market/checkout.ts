// Placing orders: the cart cut into one order per seller, priced from the listings
// inside one transaction, stock taken with guarded statements, all or nothing.
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import {
	db,
	orderEvents,
	orderLines,
	orders,
	recordWriteResult,
	transaction,
	type Order,
	type Product,
	type Tx
} from '$lib/server/platform/db';
import type { CheckoutCommand, Contact } from '$lib/market/forms';
import type { DeliveryMethod, PaymentMethod } from '$lib/market/vocabulary';
import { UserError } from '$lib/server/platform/user-error';
import { deliveredTotals, lineTotal, orderTotals, type Totals } from '$lib/market/totals';
import { formatFen } from '$lib/money';
import { getLocale } from '$lib/paraglide/runtime';
import { deleteCartLines, describeCart, readCart, type CartEntry } from './cart';
import { manualPayments } from './payments';
import { notify } from './notification-kinds';
import { productRow, reserveStock } from './stock';
import { checkCartSeen } from './seen';

/**
 * How long a seller has to confirm (or decline) a new order. Until then its
 * stock is held and nobody has paid; after it the order lapses like a
 * cancellation, so pay-later orders cannot hold a listing forever.
 */
export const confirmWindowMs = 48 * 60 * 60 * 1000;

/** When an order placed now lapses unless its seller confirms it. */
export function confirmBy(now: Date): Date {
	return new Date(now.getTime() + confirmWindowMs);
}

/**
 * What one buyer may hold at once in orders that are neither paid nor
 * confirmed by their seller (teams waiting to fill included): enough for a
 * family's shopping from many sellers, far from a whole village's stock.
 */
export const unpaidCap = { orders: 10, fen: 300_000 };

/** Orders that hold stock on the buyer's word alone: not paid, not yet confirmed by the seller. */
const heldOnWord = (buyerId: number) => and(eq(orders.buyerId, buyerId), inArray(orders.status, ['teaming', 'placed']), isNull(orders.paidAt));

/**
 * Refuses an order that would take the buyer past `unpaidCap`. Runs inside the
 * placing transaction, so parallel checkouts cannot each slip under it.
 */
export async function checkUnpaidCap(tx: Tx, buyerId: number, newOrders: number, newFen: number): Promise<void> {
	const [held] = await tx
		.select({ n: count(), fen: sql<number>`coalesce(sum(${orders.totalFen}), 0)`.mapWith(Number) })
		.from(orders)
		.where(heldOnWord(buyerId));
	const heldOrders = held?.n ?? 0;
	const heldFen = held?.fen ?? 0;
	if (heldOrders + newOrders > unpaidCap.orders || heldFen + newFen > unpaidCap.fen) {
		const money = (fen: number) => formatFen(fen, getLocale());
		throw new UserError(
			m.checkout_error_unpaid_cap({ count: heldOrders, amount: money(heldFen), max: unpaidCap.orders, maxAmount: money(unpaidCap.fen) }),
			409
		);
	}
}

/** One seller's part of a checkout: becomes one order. */
export type SellerPlan = {
	sellerId: number;
	sellerName: string;
	villageName: string;
	entries: CartEntry[];
	/** What every product of this seller in the cart offers. */
	deliveries: DeliveryMethod[];
	delivery: DeliveryMethod | null;
	/** The fee if this order is shipped. */
	shipFeeFen: number;
	pickupPlace: string;
	totals: Totals;
};

/**
 * The cart cut into one order per seller, with the delivery each can offer and
 * its totals. A seller's parcel carries one fee: the largest of their products'
 * fees, since everything goes in one box.
 */
export function planCheckout(entries: CartEntry[], chosen: ReadonlyMap<number, DeliveryMethod> = new Map()): SellerPlan[] {
	const bySeller = new Map<number, CartEntry[]>();
	for (const entry of entries) bySeller.set(entry.product.sellerId, [...(bySeller.get(entry.product.sellerId) ?? []), entry]);
	return [...bySeller].map(([sellerId, sellerEntries]) => {
		const deliveries: DeliveryMethod[] = [];
		if (sellerEntries.every((e) => e.product.shipping)) deliveries.push('ship');
		if (sellerEntries.every((e) => e.product.pickup)) deliveries.push('pickup');
		const delivery = chooseDelivery(deliveries, chosen.get(sellerId));
		const shipFeeFen = Math.max(...sellerEntries.map((e) => e.product.shipFeeFen));
		const pickup = sellerEntries.find((e) => e.product.pickup)?.product;
		return {
			sellerId,
			sellerName: sellerEntries[0].product.sellerName,
			villageName: sellerEntries[0].product.villageName,
			entries: sellerEntries,
			deliveries,
			delivery,
			shipFeeFen,
			pickupPlace: pickup ? [pickup.pickupPlace, pickup.pickupTime].filter(Boolean).join(' · ') : '',
			totals: deliveredTotals(
				sellerEntries.map((e) => ({ unitPriceFen: e.product.priceFen, quantity: e.quantity })),
				shipFeeFen,
				delivery
			)
		};
	});
}

export function checkoutTotal(plans: SellerPlan[]): number {
	return plans.reduce((sum, plan) => sum + plan.totals.totalFen, 0);
}

/** The delivery asked for if the seller offers it, else the seller's only one; null when the buyer must choose. */
export function chooseDelivery(offered: DeliveryMethod[], asked: DeliveryMethod | undefined): DeliveryMethod | null {
	return offered.find((d) => d === asked) ?? (offered.length === 1 ? offered[0] : null);
}

/** The contact as the orders keep it: the address is needed only when something is shipped, and kept only then. */
export function checkContact(contact: Contact, shipping: boolean): Contact {
	if (shipping && contact.address.length < 5) throw new UserError(m.checkout_error_address());
	return { ...contact, address: shipping ? contact.address : '' };
}

export type NewOrder = {
	checkoutId: string;
	buyerId: number;
	sellerId: number;
	villageId: number;
	delivery: DeliveryMethod;
	pickupPlace: string;
	shipFeeFen: number;
	contact: Contact;
	/** Prices as read inside the transaction: the listing's, or the team's. */
	lines: { product: Product; quantity: number; unitPriceFen: number }[];
	status: 'placed' | 'teaming';
	teamId: number | null;
};

/**
 * Reserves every line's stock and writes the order, its lines and its first
 * timeline entry, and tells the seller, all on the caller's `tx`: a line that
 * cannot be had throws and takes the whole order (and checkout) with it.
 */
export async function insertOrder(tx: Tx, order: NewOrder, now: Date): Promise<Order> {
	for (const line of order.lines) await reserveStock(tx, line.product.id, line.quantity, now);
	const totals = orderTotals(order.lines, order.shipFeeFen);
	const provider = manualPayments;
	const method: PaymentMethod = order.contact.payLater ? provider.methods(order.delivery)[0] : 'transfer';
	const [created] = await tx
		.insert(orders)
		.values({
			checkoutId: order.checkoutId,
			buyerId: order.buyerId,
			sellerId: order.sellerId,
			villageId: order.villageId,
			status: order.status,
			delivery: order.delivery,
			recipientName: order.contact.name,
			recipientPhone: order.contact.phone,
			address: order.delivery === 'ship' ? order.contact.address : '',
			pickupPlace: order.delivery === 'pickup' ? order.pickupPlace : '',
			note: order.contact.note,
			...totals,
			paymentProvider: provider.id,
			paymentMethod: method,
			teamId: order.teamId,
			expiresAt: order.status === 'placed' ? confirmBy(now) : null,
			createdAt: now,
			updatedAt: now
		})
		.returning();
	const { reference } = provider.begin({ id: created.id, method });
	if (reference) await tx.update(orders).set({ paymentReference: reference }).where(eq(orders.id, created.id));
	await tx.insert(orderLines).values(
		order.lines.map(({ product, quantity, unitPriceFen }) => ({
			orderId: created.id,
			productId: product.id,
			title: product.title,
			unit: product.unit,
			unitPriceFen,
			quantity,
			lineTotalFen: lineTotal({ unitPriceFen, quantity })
		}))
	);
	await tx.insert(orderEvents).values({ orderId: created.id, status: order.status, actorId: order.buyerId, at: now });
	if (order.status === 'placed') await notifyPlaced(tx, created, order.lines[0].product.title, order.lines.length);
	return { ...created, paymentReference: reference };
}

export async function notifyPlaced(tx: Tx, order: Pick<Order, 'id' | 'sellerId' | 'recipientName'>, title: string, lineCount: number): Promise<void> {
	await notify(tx, order.sellerId, 'order.placed', { order: order.id, title, lines: lineCount, buyer: order.recipientName }, `/orders/${order.id}`);
}

export type PlacedCheckout = { checkoutId: string; orderIds: number[] };

/** The page a checkout lands on: its order, or the list of the orders it made. */
export function checkoutPage(placed: PlacedCheckout): string {
	return placed.orderIds.length === 1 ? `/orders/${placed.orderIds[0]}?placed` : `/orders?checkout=${placed.checkoutId}`;
}

/**
 * Turns the buyer's cart into one order per seller, all or nothing, in one
 * transaction: prices, fees and totals come from the listings as they are
 * inside it, never from the form. If the cart, a price or a fee changed since
 * the buyer saw the form (another tab, an outbox replay days later), nothing
 * is ordered and the buyer is asked to look again.
 */
export function placeOrders(owner: { userId: number }, command: CheckoutCommand, now = new Date()): Promise<PlacedCheckout> {
	return transaction(async (tx) => {
		const lines = await readCart(owner, tx);
		if (lines.length === 0) throw new UserError(m.checkout_error_empty());
		const entries = await describeCart(lines, tx);
		const plans = planCheckout(entries, command.deliveries);
		for (const plan of plans) {
			if (plan.deliveries.length === 0) throw new UserError(m.checkout_error_no_common_delivery({ seller: plan.sellerName }));
			if (!plan.delivery) throw new UserError(m.checkout_error_delivery({ seller: plan.sellerName }));
		}
		const contact = checkContact(command.contact, plans.some((plan) => plan.delivery === 'ship'));
		await checkUnpaidCap(tx, owner.userId, plans.length, checkoutTotal(plans));
		checkCartSeen(
			command.seen,
			entries.map((entry) => ({ productId: entry.product.id, unitPriceFen: entry.product.priceFen, quantity: entry.quantity })),
			plans.filter((plan) => plan.delivery === 'ship').map((plan) => ({ sellerId: plan.sellerId, shipFeeFen: plan.shipFeeFen }))
		);
		const checkoutId = randomUUID();
		const orderIds: number[] = [];
		for (const plan of plans) {
			const priced: NewOrder['lines'] = [];
			for (const entry of plan.entries) {
				const product = await productRow(tx, entry.product.id);
				if (product.sellerId === owner.userId) throw new UserError(m.cart_error_own_product());
				priced.push({ product, quantity: entry.quantity, unitPriceFen: product.priceFen });
			}
			const order = await insertOrder(
				tx,
				{
					checkoutId,
					buyerId: owner.userId,
					sellerId: plan.sellerId,
					villageId: priced[0].product.villageId,
					delivery: plan.delivery!,
					pickupPlace: plan.pickupPlace,
					shipFeeFen: plan.totals.shipFeeFen,
					contact,
					lines: priced,
					status: 'placed',
					teamId: null
				},
				now
			);
			orderIds.push(order.id);
		}
		await deleteCartLines(tx, owner.userId, lines.map((line) => line.productId));
		const placed = { checkoutId, orderIds };
		// A replay of this checkout after a crash that lost the answer is sent here.
		recordWriteResult(checkoutPage(placed));
		return placed;
	});
}

/** The contact on the buyer's last order, so a returning buyer does not type it again. */
export async function lastContact(buyerId: number): Promise<Pick<Order, 'recipientName' | 'recipientPhone' | 'address'> | undefined> {
	const [row] = await db
		.select({ recipientName: orders.recipientName, recipientPhone: orders.recipientPhone, address: orders.address })
		.from(orders)
		.where(eq(orders.buyerId, buyerId))
		.orderBy(desc(orders.createdAt), desc(orders.id))
		.limit(1);
	return row;
}
