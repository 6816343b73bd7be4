import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { db, notifications, preparedRead, transaction, type Tx } from '$lib/server/platform/db';
import type { NotificationView } from '$lib/notifications';
import { findNotificationKind, notificationKind, type NotificationParams } from './kinds';

export { registerNotificationKinds, registeredNotificationKinds, notificationKind, type NotificationKind, type NotificationParams } from './kinds';

/**
 * Written in the transaction of what it tells of, so nobody hears of an order that rolled back.
 * A kind no pillar registered is refused before anything is written.
 */
export async function notify(tx: Tx, userId: number, kind: string, params: NotificationParams, href: string, now = new Date()): Promise<void> {
	notificationKind(kind);
	await tx.insert(notifications).values({ userId, kind, params, href, createdAt: now });
}

/** The inbox, newest first, in the reader's language. */
export async function listNotifications(userId: number, locale: Locale, limit = 20): Promise<NotificationView[]> {
	const rows = await db
		.select()
		.from(notifications)
		.where(eq(notifications.userId, userId))
		.orderBy(desc(notifications.createdAt), desc(notifications.id))
		.limit(limit);
	return rows.map((row) => ({
		id: row.id,
		// A kind since removed still leaves its link to follow.
		text: findNotificationKind(row.kind)?.text(row.params, locale) ?? m.notify_other({}, { locale }),
		href: row.href,
		createdAt: row.createdAt,
		read: row.readAt !== null
	}));
}

/** Every signed-in page shows it in the top bar. */
const unreadCount = preparedRead<{ userId: number }, { n: number }[]>('unread_notifications', () =>
	db
		.select({ n: count() })
		.from(notifications)
		.where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
);

export async function countUnread(userId: number): Promise<number> {
	const [row] = await unreadCount({ userId });
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
