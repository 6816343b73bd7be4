import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, isNull, lte, ne, sql, sum, type SQLWrapper } from 'drizzle-orm';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import {
	db,
	orderEvents,
	orderLines,
	orders,
	products,
	recordWriteResult,
	teams,
	users,
	villages,
	type DeliveryMethod,
	type Order,
	type OrderEvent,
	type OrderLine,
	type OrderStatus,
	type PaymentMethod,
	type Product
} from '$lib/server/db';
import { optionalLine, optionalText, parseWhole, parseWith, requiredLine } from '$lib/server/forms';
import { UserError } from '$lib/server/user-error';
import { deliveredTotals, lineTotal, orderTotals, type Totals } from '$lib/market/totals';
import { formatFen } from '$lib/money';
import { getLocale } from '$lib/paraglide/runtime';
import { checkOnSale, checkQuantity, describeCart, readCart, removeFromCart, type CartEntry, type CartOwner } from './cart';
import { manualPayments, paymentProvider } from './payments';
import { notify } from './notifications';

/**
 * How long a seller has to confirm (or decline) a new order. Until then its
 * stock is held and nobody has paid; after it the order lapses like a
 * cancellation, so pay-later orders cannot hold a listing forever.
 */
export const confirmWindowMs = 48 * 60 * 60 * 1000;

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
export function checkUnpaidCap(buyerId: number, newOrders: number, newFen: number): void {
	const held = db.select({ n: count(), fen: sum(orders.totalFen) }).from(orders).where(heldOnWord(buyerId)).get();
	const heldOrders = held?.n ?? 0;
	const heldFen = Number(held?.fen ?? 0);
	if (heldOrders + newOrders > unpaidCap.orders || heldFen + newFen > unpaidCap.fen) {
		const money = (fen: number) => formatFen(fen, getLocale());
		throw new UserError(
			m.checkout_error_unpaid_cap({ count: heldOrders, amount: money(heldFen), max: unpaidCap.orders, maxAmount: money(unpaidCap.fen) }),
			409
		);
	}
}

/** Who the buyer is and where it goes: typed once per checkout, copied onto each order. */
export type Contact = { name: string; phone: string; address: string; note: string; payLater: boolean };

const contactSchema = v.object({
	name: requiredLine(20, m.checkout_error_name, m.checkout_error_name_long),
	phone: v.pipe(
		v.optional(v.string(), ''),
		v.transform((s) => s.normalize('NFKC').replace(/[\s-]/g, '')),
		v.regex(/^\+?\d{5,20}$/, () => m.checkout_error_phone())
	),
	address: optionalText(200, () => m.checkout_error_address_long()),
	note: optionalLine(200, () => m.checkout_error_note_long()),
	payment: v.picklist(['later', 'transfer'], () => m.checkout_error_payment())
});

/** The delivery field for one seller's order on the checkout form. */
export const deliveryField = (sellerId: number) => `delivery_${sellerId}`;

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
export function planCheckout(entries: CartEntry[], chosen: Record<string, string> = {}): SellerPlan[] {
	const bySeller = new Map<number, CartEntry[]>();
	for (const entry of entries) bySeller.set(entry.product.sellerId, [...(bySeller.get(entry.product.sellerId) ?? []), entry]);
	return [...bySeller].map(([sellerId, sellerEntries]) => {
		const deliveries: DeliveryMethod[] = [];
		if (sellerEntries.every((e) => e.product.shipping)) deliveries.push('ship');
		if (sellerEntries.every((e) => e.product.pickup)) deliveries.push('pickup');
		const asked = chosen[deliveryField(sellerId)];
		const delivery = deliveries.find((d) => d === asked) ?? (deliveries.length === 1 ? deliveries[0] : null);
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

/** Reads the contact part of the checkout form; the address is needed only when something is shipped. */
export function parseContact(fields: Record<string, string>, shipping: boolean): Contact {
	const contact = parseWith(contactSchema, fields);
	if (shipping && contact.address.length < 5) throw new UserError(m.checkout_error_address());
	return { name: contact.name, phone: contact.phone, address: shipping ? contact.address : '', note: contact.note, payLater: contact.payment === 'later' };
}

/**
 * Takes units of a product for an order, or says plainly why not. Runs inside
 * the placing transaction: the guarded UPDATE is the only thing that decides,
 * so two buyers of the last unit can never both get it (`CHECK (stock >= 0)`
 * backs it up). The last unit marks the product sold out.
 */
function reserveStock(product: Product, quantity: number, now: Date): void {
	// The same checks the cart makes (on sale, the minimum, the stock there is), against the row as it is now.
	const current = productRow(product.id);
	checkOnSale(current);
	checkQuantity(current, quantity);
	const taken = db
		.update(products)
		.set({
			stock: sql`${products.stock} - ${quantity}`,
			status: sql`CASE WHEN ${products.stock} - ${quantity} = 0 THEN 'sold_out' ELSE ${products.status} END`,
			updatedAt: now
		})
		.where(and(eq(products.id, product.id), eq(products.status, 'listed'), sql`${products.stock} >= ${quantity}`))
		.run();
	// Inside BEGIN IMMEDIATE nothing can take the stock between the check and the UPDATE; the guard says so anyway.
	if (taken.changes !== 1) throw new UserError(m.cart_error_sold_out({ title: current.title }), 409);
}

/** Gives an order's units back to its products, and a sold-out product is for sale again. Callers make sure it runs once. */
function releaseStock(orderId: number, now: Date): void {
	for (const line of db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).all()) {
		db.update(products)
			.set({
				stock: sql`${products.stock} + ${line.quantity}`,
				status: sql`CASE WHEN ${products.status} = 'sold_out' THEN 'listed' ELSE ${products.status} END`,
				updatedAt: now
			})
			.where(eq(products.id, line.productId))
			.run();
	}
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
 * timeline entry, and tells the seller. Must run inside a transaction: a line
 * that cannot be had throws and takes the whole order (and checkout) with it.
 */
export function insertOrder(order: NewOrder, now: Date): Order {
	for (const line of order.lines) reserveStock(line.product, line.quantity, now);
	const totals = orderTotals(order.lines, order.shipFeeFen);
	const provider = manualPayments;
	const method: PaymentMethod = order.contact.payLater ? provider.methods(order.delivery)[0] : 'transfer';
	const created = db
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
		.returning()
		.get();
	const { reference } = provider.begin({ id: created.id, method });
	if (reference) db.update(orders).set({ paymentReference: reference }).where(eq(orders.id, created.id)).run();
	db.insert(orderLines)
		.values(
			order.lines.map(({ product, quantity, unitPriceFen }) => ({
				orderId: created.id,
				productId: product.id,
				title: product.title,
				unit: product.unit,
				unitPriceFen,
				quantity,
				lineTotalFen: lineTotal({ unitPriceFen, quantity })
			}))
		)
		.run();
	db.insert(orderEvents).values({ orderId: created.id, status: order.status, actorId: order.buyerId, at: now }).run();
	if (order.status === 'placed') notifyPlaced(created, order.lines[0].product.title, order.lines.length);
	return { ...created, paymentReference: reference };
}

/** When an order placed now lapses unless its seller confirms it. */
export function confirmBy(now: Date): Date {
	return new Date(now.getTime() + confirmWindowMs);
}

export function notifyPlaced(order: Pick<Order, 'id' | 'sellerId' | 'recipientName'>, title: string, lineCount: number): void {
	notify(order.sellerId, 'order.placed', { order: order.id, title, lines: lineCount, buyer: order.recipientName }, `/orders/${order.id}`);
}

export type PlacedCheckout = { checkoutId: string; orderIds: number[] };

/** The page a checkout lands on: its order, or the list of the orders it made. */
export function checkoutPage(placed: PlacedCheckout): string {
	return placed.orderIds.length === 1 ? `/orders/${placed.orderIds[0]}?placed` : `/orders?checkout=${placed.checkoutId}`;
}

/**
 * Turns the buyer's cart into one order per seller, all or nothing, in one
 * `BEGIN IMMEDIATE` transaction: prices, fees and totals come from the listings
 * as they are inside it, never from the form. If the cart, a price or a fee
 * changed since the buyer saw the form (another tab, an outbox replay days
 * later), nothing is ordered and the buyer is asked to look again.
 */
export function placeOrders(owner: { userId: number }, fields: Record<string, string>, now = new Date()): PlacedCheckout {
	return db.transaction(
		() => {
			const lines = readCart(owner);
			if (lines.length === 0) throw new UserError(m.checkout_error_empty());
			const entries = describeCart(lines);
			const plans = planCheckout(entries, fields);
			for (const plan of plans) {
				if (plan.deliveries.length === 0) throw new UserError(m.checkout_error_no_common_delivery({ seller: plan.sellerName }));
				if (!plan.delivery) throw new UserError(m.checkout_error_delivery({ seller: plan.sellerName }));
			}
			const contact = parseContact(fields, plans.some((plan) => plan.delivery === 'ship'));
			checkUnpaidCap(owner.userId, plans.length, checkoutTotal(plans));
			checkCartSeen(
				fields,
				entries.map((entry) => ({ productId: entry.product.id, unitPriceFen: entry.product.priceFen, quantity: entry.quantity })),
				plans.filter((plan) => plan.delivery === 'ship').map((plan) => ({ sellerId: plan.sellerId, shipFeeFen: plan.shipFeeFen }))
			);
			const checkoutId = randomUUID();
			const orderIds = plans.map((plan) => {
				const first = productRow(plan.entries[0].product.id);
				return insertOrder(
					{
						checkoutId,
						buyerId: owner.userId,
						sellerId: plan.sellerId,
						villageId: first.villageId,
						delivery: plan.delivery!,
						pickupPlace: plan.pickupPlace,
						shipFeeFen: plan.totals.shipFeeFen,
						contact,
						lines: plan.entries.map((entry) => {
							const product = productRow(entry.product.id);
							if (product.sellerId === owner.userId) throw new UserError(m.cart_error_own_product());
							return { product, quantity: entry.quantity, unitPriceFen: product.priceFen };
						}),
						status: 'placed',
						teamId: null
					},
					now
				).id;
			});
			removeFromCart(owner, lines.map((line) => line.productId));
			const placed = { checkoutId, orderIds };
			// A replay of this checkout after a crash that lost the answer is sent here.
			recordWriteResult(checkoutPage(placed));
			return placed;
		},
		{ behavior: 'immediate' }
	);
}

function productRow(productId: number): Product {
	return db.select().from(products).where(eq(products.id, productId)).get()!;
}

/** Hidden fields on the checkout form: what the buyer was shown, so a cart, price or fee that changed since is caught. */
export const seenQuantityField = (productId: number) => `seen_qty_${productId}`;
export const seenPriceField = (productId: number) => `seen_price_${productId}`;
export const seenFeeField = (sellerId: number) => `seen_fee_${sellerId}`;

/**
 * What is ordered must be what the buyer saw: the same products in the same
 * quantities, at the same unit prices and fees. The order is always priced
 * from the listing, never from the form; this only stops a buyer paying for
 * something they were not shown. A form that carries no quantities at all (a
 * page from before they were added) is checked on what it does carry.
 */
export function checkCartSeen(
	fields: Record<string, string>,
	lines: { productId: number; unitPriceFen: number; quantity?: number }[],
	fees: { sellerId: number; shipFeeFen: number }[]
): void {
	const differs = (name: string, actual: number) => {
		const seen = parseWhole(fields[name], 0, Number.MAX_SAFE_INTEGER);
		return seen !== null && seen !== actual;
	};
	const seenProducts = Object.keys(fields).filter((name) => name.startsWith('seen_qty_'));
	const cartChanged =
		seenProducts.length > 0 &&
		(seenProducts.length !== lines.length ||
			lines.some((line) => line.quantity !== undefined && (!(seenQuantityField(line.productId) in fields) || differs(seenQuantityField(line.productId), line.quantity))));
	if (
		cartChanged ||
		lines.some(({ productId, unitPriceFen }) => differs(seenPriceField(productId), unitPriceFen)) ||
		fees.some(({ sellerId, shipFeeFen }) => differs(seenFeeField(sellerId), shipFeeFen))
	)
		throw new UserError(m.checkout_error_total_changed(), 409);
}

/** The contact on the buyer's last order, so a returning buyer does not type it again. */
export function lastContact(buyerId: number): Pick<Order, 'recipientName' | 'recipientPhone' | 'address'> | undefined {
	return db
		.select({ recipientName: orders.recipientName, recipientPhone: orders.recipientPhone, address: orders.address })
		.from(orders)
		.where(eq(orders.buyerId, buyerId))
		.orderBy(desc(orders.createdAt), desc(orders.id))
		.limit(1)
		.get();
}

// ——— after the order is placed ———

/** What a person may do to an order, by their side of it. */
export type OrderAction = 'confirm' | 'decline' | 'ship' | 'deliver' | 'complete' | 'cancel' | 'markPaid' | 'refund';
export type OrderSide = 'buyer' | 'seller';

type Transition = { from: OrderStatus[]; to: OrderStatus; noteRequired?: boolean };

const transitions: Record<OrderSide, Partial<Record<OrderAction, Transition>>> = {
	seller: {
		confirm: { from: ['placed'], to: 'confirmed' },
		// Before confirming, the seller declines; after, they cancel. Either way the buyer reads why.
		decline: { from: ['placed'], to: 'cancelled', noteRequired: true },
		ship: { from: ['confirmed'], to: 'shipped' },
		deliver: { from: ['shipped'], to: 'delivered' },
		cancel: { from: ['confirmed'], to: 'cancelled', noteRequired: true },
		refund: { from: ['cancelled', 'delivered', 'completed'], to: 'refunded', noteRequired: true }
	},
	buyer: {
		// Receiving the parcel is the buyer's to say: it completes the order whether or not the seller marked it delivered.
		complete: { from: ['shipped', 'delivered'], to: 'completed' },
		cancel: { from: ['teaming', 'placed'], to: 'cancelled' }
	}
};

/** The buttons an order shows this person. */
export function availableActions(order: Pick<Order, 'status' | 'paidAt' | 'paymentMethod' | 'delivery'>, side: OrderSide): OrderAction[] {
	const actions = (Object.entries(transitions[side]) as [OrderAction, Transition][])
		.filter(([action, rule]) => rule.from.includes(order.status) && !(action === 'refund' && !order.paidAt))
		.map(([action]) => action);
	if (side === 'seller' && canMarkPaid(order)) actions.push('markPaid');
	return actions;
}

function canMarkPaid(order: Pick<Order, 'status' | 'paidAt'>): boolean {
	return !order.paidAt && ['placed', 'confirmed', 'shipped', 'delivered', 'completed'].includes(order.status);
}

export function orderSide(order: Pick<Order, 'buyerId' | 'sellerId'>, userId: number): OrderSide | null {
	if (order.sellerId === userId) return 'seller';
	if (order.buyerId === userId) return 'buyer';
	return null;
}

export function findOrder(orderId: number): Order | undefined {
	return db.select().from(orders).where(eq(orders.id, orderId)).get();
}

/** An order as one of its two sides sees it; anyone else gets nothing (a 404, not a hint that it exists). */
export function findOrderFor(orderId: number, userId: number): { order: Order; side: OrderSide } | undefined {
	const order = findOrder(orderId);
	const side = order && orderSide(order, userId);
	return order && side ? { order, side } : undefined;
}

const noteSchema = optionalLine(200, () => m.order_error_note_long());

/**
 * Moves an order on. The UPDATE is guarded by the state the order must be in,
 * so two taps, two tabs or buyer and seller at once move it once; a cancelled
 * order gives its stock back in the same transaction, so exactly once.
 */
export function actOnOrder(actorId: number, orderId: number, action: OrderAction, rawNote: string | undefined, now = new Date()): Order {
	const found = findOrderFor(orderId, actorId);
	if (!found) throw new UserError(m.order_error_not_found(), 404);
	const { side } = found;
	// Past its window the order lapses now, not at the next sweep: the seller was told "by then".
	const order = lapseIfDue(found.order, now);
	const note = parseWith(noteSchema, rawNote);
	if (action === 'markPaid') return markPaid(actorId, order, side, now);
	const rule = transitions[side][action];
	if (!rule) throw new UserError(m.order_error_not_yours(), 403);
	if (!rule.from.includes(order.status)) throw new UserError(m.order_error_state(), 409);
	if (rule.noteRequired && !note) {
		throw new UserError(action === 'refund' ? m.order_error_refund_note() : action === 'decline' ? m.order_error_decline_reason() : m.order_error_cancel_reason());
	}
	if (action === 'refund' && !order.paidAt) throw new UserError(m.order_error_refund_unpaid(), 409);
	if (action === 'ship') {
		if (order.delivery === 'ship' && !note) throw new UserError(m.order_error_tracking());
		if (paymentProvider(order.paymentProvider).paidBeforeShipping(order.paymentMethod) && !order.paidAt)
			throw new UserError(m.order_error_transfer_first(), 409);
	}
	return db.transaction(
		() => {
			const moved = db
				.update(orders)
				.set({
					status: rule.to,
					updatedAt: now,
					...(action === 'ship' ? { trackingNote: note || null } : {}),
					...(action === 'cancel' || action === 'decline' ? { cancelReason: note || null } : {})
				})
				.where(and(eq(orders.id, order.id), inArray(orders.status, rule.from)))
				.returning()
				.get();
			if (!moved) throw new UserError(m.order_error_state(), 409);
			if (rule.to === 'cancelled') releaseStock(order.id, now);
			if (action === 'decline') {
				db.insert(orderEvents).values({ orderId: moved.id, status: moved.status, kind: 'declined', actorId, note, at: now }).run();
				notify(moved.buyerId, 'order.declined', { order: moved.id, title: firstTitle(moved.id), reason: note }, `/orders/${moved.id}`, now);
				return moved;
			}
			recordEvent(moved, actorId, note || null, now);
			if (order.status === 'teaming') {
				// Leaving a team: the seller never heard of this order, and a team nobody is left in ends now.
				if (moved.teamId) dissolveIfEmpty(moved.teamId, now);
				return moved;
			}
			const otherSide = side === 'seller' ? moved.buyerId : moved.sellerId;
			notify(otherSide, 'order.status', { order: moved.id, status: moved.status }, `/orders/${moved.id}`, now);
			return moved;
		},
		{ behavior: 'immediate' }
	);
}

/**
 * A team's members are its orders that still stand: a cancelled one has left (or the
 * team ended). `teamId` may be a column, for a count inside a query over teams.
 */
export function inTeam(teamId: number | SQLWrapper) {
	return and(eq(orders.teamId, teamId as number), ne(orders.status, 'cancelled'));
}

function dissolveIfEmpty(teamId: number, now: Date): void {
	const left = db.select({ id: orders.id }).from(orders).where(inTeam(teamId)).get();
	if (!left) db.update(teams).set({ status: 'dissolved', closedAt: now }).where(and(eq(teams.id, teamId), eq(teams.status, 'open'))).run();
}

function markPaid(actorId: number, order: Order, side: OrderSide, now: Date): Order {
	if (side !== 'seller') throw new UserError(m.order_error_not_yours(), 403);
	if (!canMarkPaid(order)) throw new UserError(m.order_error_paid_already(), 409);
	return db.transaction(() => {
		const paid = db
			.update(orders)
			.set({ paidAt: now, updatedAt: now })
			.where(and(eq(orders.id, order.id), sql`${orders.paidAt} IS NULL`))
			.returning()
			.get();
		if (!paid) throw new UserError(m.order_error_paid_already(), 409);
		db.insert(orderEvents).values({ orderId: order.id, status: paid.status, kind: 'paid', actorId, at: now }).run();
		notify(paid.buyerId, 'order.paid', { order: paid.id }, `/orders/${paid.id}`, now);
		return paid;
	});
}

export function recordEvent(order: Pick<Order, 'id' | 'status'>, actorId: number | null, note: string | null, now: Date): void {
	db.insert(orderEvents).values({ orderId: order.id, status: order.status, actorId, note, at: now }).run();
}

/**
 * Cancels every order of a team that did not fill, gives the stock back and
 * tells each member; the guard on `teaming` makes a second sweep a no-op.
 */
export function cancelTeamOrders(teamId: number, now: Date): Order[] {
	const cancelled = db
		.update(orders)
		.set({ status: 'cancelled', cancelReason: null, updatedAt: now })
		.where(and(eq(orders.teamId, teamId), eq(orders.status, 'teaming')))
		.returning()
		.all();
	for (const order of cancelled) {
		releaseStock(order.id, now);
		recordEvent(order, null, null, now);
	}
	return cancelled;
}

function firstTitle(orderId: number): string {
	return db.select({ title: orderLines.title }).from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.id).limit(1).get()?.title ?? '';
}

/** A placed order its seller neither confirmed nor marked paid within `confirmWindowMs`. */
const lapsedBy = (now: Date) => and(eq(orders.status, 'placed'), lte(orders.expiresAt, now), isNull(orders.paidAt));

/**
 * Cancels the order if its window has passed: the stock goes back and the buyer
 * is told, in the timeline and a notification. The UPDATE is guarded by the
 * same condition, so a lapse racing a confirmation, a decline or a sweep gives
 * the stock back exactly once. Returns the order as it now is.
 */
export function lapseIfDue(order: Order, now = new Date()): Order {
	if (order.status !== 'placed' || order.paidAt || !order.expiresAt || order.expiresAt > now) return order;
	return db.transaction(
		() => {
			const lapsed = db
				.update(orders)
				.set({ status: 'cancelled', updatedAt: now })
				.where(and(eq(orders.id, order.id), lapsedBy(now)))
				.returning()
				.get();
			if (!lapsed) return findOrder(order.id)!;
			releaseStock(lapsed.id, now);
			db.insert(orderEvents).values({ orderId: lapsed.id, status: lapsed.status, kind: 'expired', actorId: null, at: now }).run();
			notify(lapsed.buyerId, 'order.expired', { order: lapsed.id, title: firstTitle(lapsed.id) }, `/orders/${lapsed.id}`, now);
			return lapsed;
		},
		{ behavior: 'immediate' }
	);
}

/** The sweep: every order whose window has passed lapses, each in its own transaction. */
export function expireUnconfirmedOrders(now = new Date()): number {
	let expired = 0;
	for (const order of db.select().from(orders).where(lapsedBy(now)).all()) {
		if (lapseIfDue(order, now).status === 'cancelled') expired++;
	}
	return expired;
}

// ——— lists ———

export type OrderSummary = Pick<Order, 'id' | 'checkoutId' | 'status' | 'totalFen' | 'createdAt' | 'delivery' | 'paidAt' | 'teamId' | 'expiresAt'> & {
	firstTitle: string;
	lineCount: number;
	otherName: string;
	villageName: string;
};

function summarise(rows: Order[], otherIds: (order: Order) => number): OrderSummary[] {
	if (rows.length === 0) return [];
	const ids = rows.map((row) => row.id);
	const lines = db.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(orderLines.id).all();
	const names = new Map(
		db
			.select({ id: users.id, name: users.displayName })
			.from(users)
			.where(inArray(users.id, [...new Set(rows.map(otherIds))]))
			.all()
			.map((u) => [u.id, u.name])
	);
	const villageNames = new Map(
		db
			.select({ id: villages.id, name: villages.name })
			.from(villages)
			.where(inArray(villages.id, [...new Set(rows.map((row) => row.villageId))]))
			.all()
			.map((row) => [row.id, row.name])
	);
	return rows.map((order) => {
		const mine = lines.filter((line) => line.orderId === order.id);
		return {
			id: order.id,
			checkoutId: order.checkoutId,
			status: order.status,
			totalFen: order.totalFen,
			createdAt: order.createdAt,
			delivery: order.delivery,
			paidAt: order.paidAt,
			teamId: order.teamId,
			expiresAt: order.expiresAt,
			firstTitle: mine[0]?.title ?? '',
			lineCount: mine.length,
			otherName: names.get(otherIds(order)) ?? '',
			villageName: villageNames.get(order.villageId) ?? ''
		};
	});
}

export function listBuyerOrders(buyerId: number, limit = 50): OrderSummary[] {
	const rows = db.select().from(orders).where(eq(orders.buyerId, buyerId)).orderBy(desc(orders.createdAt), desc(orders.id)).limit(limit).all();
	return summarise(rows, (order) => order.sellerId);
}

/** What a seller has to do something about: placed, confirmed and shipped orders, oldest first (first come, first served). */
export const ordersToHandle: OrderStatus[] = ['placed', 'confirmed', 'shipped'];

export function listSellerOrders(sellerId: number, statuses: OrderStatus[] = ordersToHandle, limit = 50): OrderSummary[] {
	const rows = db
		.select()
		.from(orders)
		.where(and(eq(orders.sellerId, sellerId), inArray(orders.status, statuses)))
		.orderBy(orders.createdAt, orders.id)
		.limit(limit)
		.all();
	return summarise(rows, (order) => order.buyerId);
}

export function listOrderLines(orderId: number): OrderLine[] {
	return db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.id).all();
}

export type TimelineEntry = OrderEvent & { actorName: string | null };

export function orderTimeline(orderId: number): TimelineEntry[] {
	return db
		.select({ event: orderEvents, actorName: users.displayName })
		.from(orderEvents)
		.leftJoin(users, eq(users.id, orderEvents.actorId))
		.where(eq(orderEvents.orderId, orderId))
		.orderBy(orderEvents.at, orderEvents.id)
		.all()
		.map(({ event, actorName }) => ({ ...event, actorName }));
}
