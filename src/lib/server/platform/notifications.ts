import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { db, notifications, transaction, type Tx } from '$lib/server/platform/db';
import type { NotificationView } from '$lib/notifications';

/**
 * What an in-app notification says, by kind; the text is made when it is read,
 * in the reader's language (see `$lib/market/notification-text.ts`).
 */
export type NotificationKind =
	| 'order.placed' // to the seller: a new order
	| 'order.status' // to the other side: the order moved on
	| 'order.paid' // to the buyer: the seller confirmed the payment
	| 'order.declined' // to the buyer: the seller said no, and why
	| 'order.expired' // to the buyer: the seller did not confirm in time
	| 'team.joined' // to the team: someone joined
	| 'team.complete' // to every member: the team is full, orders go ahead
	| 'team.dissolved'; // to every member: the window ended short, nobody pays

export type NotificationParams = Record<string, string | number>;

/** Written in the transaction of what it tells of, so nobody hears of an order that rolled back. */
export async function notify(tx: Tx, userId: number, kind: NotificationKind, params: NotificationParams, href: string, now = new Date()): Promise<void> {
	await tx.insert(notifications).values({ userId, kind, params, href, createdAt: now });
}

export function listNotifications(userId: number, limit = 20): Promise<NotificationView[]> {
	return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit);
}

export async function countUnread(userId: number): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
	return row?.n ?? 0;
}

export async function markNotificationsRead(userId: number, now = new Date()): Promise<void> {
	await transaction((tx) =>
		tx
			.update(notifications)
			.set({ readAt: now })
			.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
	);
}
