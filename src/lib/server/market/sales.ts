import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { db, orderLines, orders } from '$lib/server/platform/db';
import type { OrderStatus } from '$lib/market/vocabulary';
import type { SalesDay, SalesSummary } from '$lib/market/views';

/** Orders that are sales: a team still filling may dissolve, and cancelled or refunded ones were given back. */
export const salesStatuses: readonly OrderStatus[] = ['placed', 'confirmed', 'shipped', 'delivered', 'completed'];

/** Villages keep Beijing time, all year (China has no daylight saving). */
const chinaOffsetMs = 8 * 60 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

/** The China calendar day an instant falls on, as YYYY-MM-DD. */
export function chinaDay(at: Date): string {
	return new Date(at.getTime() + chinaOffsetMs).toISOString().slice(0, 10);
}

/**
 * A seller's sales over the last `days` China days, today included. Revenue is
 * what buyers pay the seller for those orders: goods and shipping.
 */
export async function salesSummary(sellerId: number, days = 30, now = new Date()): Promise<SalesSummary> {
	// Midnight in China of the first day, as a UTC instant.
	const todayStart = Date.parse(`${chinaDay(now)}T00:00:00Z`) - chinaOffsetMs;
	const from = new Date(todayStart - (days - 1) * dayMs);
	const until = new Date(todayStart + dayMs);
	const counted = and(
		eq(orders.sellerId, sellerId),
		inArray(orders.status, [...salesStatuses]),
		gte(orders.createdAt, from),
		lt(orders.createdAt, until)
	);
	// Days are counted here rather than in SQL: the engines share no function that turns a time into a China day.
	const sold = await db.select({ createdAt: orders.createdAt, totalFen: orders.totalFen }).from(orders).where(counted);
	const [lines] = await db
		.select({ units: sql<number>`coalesce(sum(${orderLines.quantity}), 0)`.mapWith(Number) })
		.from(orderLines)
		.innerJoin(orders, eq(orders.id, orderLines.orderId))
		.where(counted);

	const summary: SalesSummary = { days: [], totals: { orders: sold.length, units: lines?.units ?? 0, revenueFen: 0 } };
	const byDate = new Map<string, SalesDay>();
	for (let i = 0; i < days; i++) {
		const entry = { date: chinaDay(new Date(from.getTime() + i * dayMs)), revenueFen: 0, orders: 0 };
		summary.days.push(entry);
		byDate.set(entry.date, entry);
	}
	for (const order of sold) {
		const entry = byDate.get(chinaDay(order.createdAt))!;
		entry.revenueFen += order.totalFen;
		entry.orders += 1;
		summary.totals.revenueFen += order.totalFen;
	}
	return summary;
}
