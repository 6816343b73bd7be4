// What happens to an order after it is placed: confirm, decline, ship, deliver,
// complete, cancel, mark paid, refund, and lapsing when its seller does not confirm.
import { and, eq, inArray, isNull, lte, ne, type SQLWrapper } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, lockFor, orderEvents, orderLines, orders, teams, transaction, type Order, type Tx } from '$lib/server/platform/db';
import type { OrderStatus } from '$lib/market/vocabulary';
import type { OrderAction, OrderStep } from '$lib/market/forms';
import { UserError } from '$lib/server/platform/user-error';
import { paymentProvider } from './payments';
import { notify } from './notification-kinds';
import { releaseStock } from './stock';

export type { OrderAction };

/** What a person may do to an order, by their side of it. */
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

/** `handle`: the caller's `tx` when what the order is decides a write. */
export async function findOrder(orderId: number, handle: Tx = db): Promise<Order | undefined> {
	const [order] = await handle.select().from(orders).where(eq(orders.id, orderId)).limit(1);
	return order;
}

/** An order as one of its two sides sees it; anyone else gets nothing (a 404, not a hint that it exists). */
export async function findOrderFor(orderId: number, userId: number, handle: Tx = db): Promise<{ order: Order; side: OrderSide } | undefined> {
	const order = await findOrder(orderId, handle);
	const side = order && orderSide(order, userId);
	return order && side ? { order, side } : undefined;
}

/**
 * Moves an order on. The UPDATE is guarded by the state the order must be in,
 * so two taps, two tabs or buyer and seller at once move it once; a cancelled
 * order gives its stock back in the same transaction, so exactly once.
 */
export async function actOnOrder(actorId: number, orderId: number, { action, note }: OrderStep, now = new Date()): Promise<Order> {
	const found = await findOrderFor(orderId, actorId);
	if (!found) throw new UserError(m.order_error_not_found(), 404);
	const { side } = found;
	// Past its window the order lapses now, not at the next sweep: the seller was told "by then".
	const order = await lapseIfDue(found.order, now);
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
	return transaction(async (tx) => {
		// Leaving a team takes the team's turn, as joining does: a join never lands in a team its last member just ended.
		if (order.status === 'teaming' && order.teamId) await lockFor(tx, `team:${order.teamId}`);
		const [moved] = await tx
			.update(orders)
			.set({
				status: rule.to,
				updatedAt: now,
				...(action === 'ship' ? { trackingNote: note || null } : {}),
				...(action === 'cancel' || action === 'decline' ? { cancelReason: note || null } : {})
			})
			.where(and(eq(orders.id, order.id), inArray(orders.status, rule.from)))
			.returning();
		if (!moved) throw new UserError(m.order_error_state(), 409);
		if (rule.to === 'cancelled') await releaseStock(tx, order.id, now);
		if (action === 'decline') {
			await tx.insert(orderEvents).values({ orderId: moved.id, status: moved.status, kind: 'declined', actorId, note, at: now });
			await notify(tx, moved.buyerId, 'order.declined', { order: moved.id, title: await firstTitle(tx, moved.id), reason: note }, `/orders/${moved.id}`, now);
			return moved;
		}
		await recordEvent(tx, moved, actorId, note || null, now);
		if (order.status === 'teaming') {
			// Leaving a team: the seller never heard of this order, and a team nobody is left in ends now.
			if (moved.teamId) await dissolveIfEmpty(tx, moved.teamId, now);
			return moved;
		}
		const otherSide = side === 'seller' ? moved.buyerId : moved.sellerId;
		await notify(tx, otherSide, 'order.status', { order: moved.id, status: moved.status }, `/orders/${moved.id}`, now);
		return moved;
	});
}

/**
 * A team's members are its orders that still stand: a cancelled one has left (or the
 * team ended). `teamId` may be a column, for a count inside a query over teams.
 */
export function inTeam(teamId: number | SQLWrapper) {
	return and(eq(orders.teamId, teamId as number), ne(orders.status, 'cancelled'));
}

async function dissolveIfEmpty(tx: Tx, teamId: number, now: Date): Promise<void> {
	const [left] = await tx.select({ id: orders.id }).from(orders).where(inTeam(teamId)).limit(1);
	if (!left) await tx.update(teams).set({ status: 'dissolved', closedAt: now }).where(and(eq(teams.id, teamId), eq(teams.status, 'open')));
}

function markPaid(actorId: number, order: Order, side: OrderSide, now: Date): Promise<Order> {
	if (side !== 'seller') throw new UserError(m.order_error_not_yours(), 403);
	if (!canMarkPaid(order)) throw new UserError(m.order_error_paid_already(), 409);
	return transaction(async (tx) => {
		const [paid] = await tx
			.update(orders)
			.set({ paidAt: now, updatedAt: now })
			.where(and(eq(orders.id, order.id), isNull(orders.paidAt)))
			.returning();
		if (!paid) throw new UserError(m.order_error_paid_already(), 409);
		await tx.insert(orderEvents).values({ orderId: order.id, status: paid.status, kind: 'paid', actorId, at: now });
		await notify(tx, paid.buyerId, 'order.paid', { order: paid.id }, `/orders/${paid.id}`, now);
		return paid;
	});
}

export async function recordEvent(tx: Tx, order: Pick<Order, 'id' | 'status'>, actorId: number | null, note: string | null, now: Date): Promise<void> {
	await tx.insert(orderEvents).values({ orderId: order.id, status: order.status, actorId, note, at: now });
}

/**
 * Cancels every order of a team that did not fill, gives the stock back and
 * records it; the guard on `teaming` makes a second sweep a no-op.
 */
export async function cancelTeamOrders(tx: Tx, teamId: number, now: Date): Promise<Order[]> {
	const cancelled = await tx
		.update(orders)
		.set({ status: 'cancelled', cancelReason: null, updatedAt: now })
		.where(and(eq(orders.teamId, teamId), eq(orders.status, 'teaming')))
		.returning();
	for (const order of cancelled) {
		await releaseStock(tx, order.id, now);
		await recordEvent(tx, order, null, null, now);
	}
	return cancelled;
}

async function firstTitle(tx: Tx, orderId: number): Promise<string> {
	const [line] = await tx.select({ title: orderLines.title }).from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.id).limit(1);
	return line?.title ?? '';
}

/** A placed order its seller neither confirmed nor marked paid within the confirm window. */
const lapsedBy = (now: Date) => and(eq(orders.status, 'placed'), lte(orders.expiresAt, now), isNull(orders.paidAt));

/**
 * Cancels the order if its window has passed: the stock goes back and the buyer
 * is told, in the timeline and a notification. The UPDATE is guarded by the
 * same condition, so a lapse racing a confirmation, a decline or a sweep gives
 * the stock back exactly once. Returns the order as it now is.
 */
export async function lapseIfDue(order: Order, now = new Date()): Promise<Order> {
	if (order.status !== 'placed' || order.paidAt || !order.expiresAt || order.expiresAt > now) return order;
	return transaction(async (tx) => {
		const [lapsed] = await tx
			.update(orders)
			.set({ status: 'cancelled', updatedAt: now })
			.where(and(eq(orders.id, order.id), lapsedBy(now)))
			.returning();
		if (!lapsed) return (await findOrder(order.id, tx))!;
		await releaseStock(tx, lapsed.id, now);
		await tx.insert(orderEvents).values({ orderId: lapsed.id, status: lapsed.status, kind: 'expired', actorId: null, at: now });
		await notify(tx, lapsed.buyerId, 'order.expired', { order: lapsed.id, title: await firstTitle(tx, lapsed.id) }, `/orders/${lapsed.id}`, now);
		return lapsed;
	});
}

/** The sweep: every order whose window has passed lapses, each in its own transaction. */
export async function expireUnconfirmedOrders(now = new Date()): Promise<number> {
	let expired = 0;
	for (const order of await db.select().from(orders).where(lapsedBy(now))) {
		if ((await lapseIfDue(order, now)).status === 'cancelled') expired++;
	}
	return expired;
}
