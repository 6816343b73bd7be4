// Orders as lists show them (the buyer's, the seller's) and the parts of one order's page.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { db, orderEvents, orderLines, orders, users, villages, type Order, type OrderEvent, type OrderLine } from '$lib/server/platform/db';
import type { OrderStatus } from '$lib/market/vocabulary';
import type { OrderSummary } from '$lib/market/views';

async function summarise(rows: Order[], otherIds: (order: Order) => number): Promise<OrderSummary[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((row) => row.id);
	const [lines, people, places] = await Promise.all([
		db.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(orderLines.id),
		db
			.select({ id: users.id, name: users.displayName })
			.from(users)
			.where(inArray(users.id, [...new Set(rows.map(otherIds))])),
		db
			.select({ id: villages.id, name: villages.name })
			.from(villages)
			.where(inArray(villages.id, [...new Set(rows.map((row) => row.villageId))]))
	]);
	const names = new Map(people.map((u) => [u.id, u.name]));
	const villageNames = new Map(places.map((row) => [row.id, row.name]));
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

export async function listBuyerOrders(buyerId: number, limit = 50): Promise<OrderSummary[]> {
	const rows = await db.select().from(orders).where(eq(orders.buyerId, buyerId)).orderBy(desc(orders.createdAt), desc(orders.id)).limit(limit);
	return summarise(rows, (order) => order.sellerId);
}

/** What a seller has to do something about: placed, confirmed and shipped orders, oldest first (first come, first served). */
export const ordersToHandle: OrderStatus[] = ['placed', 'confirmed', 'shipped'];

export async function listSellerOrders(sellerId: number, statuses: OrderStatus[] = ordersToHandle, limit = 50): Promise<OrderSummary[]> {
	const rows = await db
		.select()
		.from(orders)
		.where(and(eq(orders.sellerId, sellerId), inArray(orders.status, statuses)))
		.orderBy(orders.createdAt, orders.id)
		.limit(limit);
	return summarise(rows, (order) => order.buyerId);
}

export function listOrderLines(orderId: number): Promise<OrderLine[]> {
	return db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(orderLines.id);
}

export type TimelineEntry = OrderEvent & { actorName: string | null };

export async function orderTimeline(orderId: number): Promise<TimelineEntry[]> {
	const rows = await db
		.select({ event: orderEvents, actorName: users.displayName })
		.from(orderEvents)
		.leftJoin(users, eq(users.id, orderEvents.actorId))
		.where(eq(orderEvents.orderId, orderId))
		.orderBy(orderEvents.at, orderEvents.id);
	return rows.map(({ event, actorName }) => ({ ...event, actorName }));
}
