// The inbox on /me: each kind's registered text, made in the reader's language; unread until seen.
import { describe, expect, it } from 'vitest';
import { transaction } from '$lib/server/platform/db';
import { countUnread, listNotifications, markNotificationsRead } from '$lib/server/platform/notifications';
import { notify } from '$lib/server/market/notification-kinds';
import { makeUser } from './factories';

describe('the inbox', () => {
	it('reads in the reader’s language, newest first, unread until marked read', async () => {
		const buyer = await makeUser();
		await transaction(async (tx) => {
			await notify(tx, buyer.id, 'order.status', { order: 5, status: 'shipped' }, '/orders/5', new Date('2026-03-01T08:00:00Z'));
			await notify(tx, buyer.id, 'order.paid', { order: 5 }, '/orders/5', new Date('2026-03-02T08:00:00Z'));
		});
		expect(await countUnread(buyer.id)).toBe(2);
		expect(await listNotifications(buyer.id, 'en')).toMatchObject([
			{ text: 'Order 5: the seller confirmed your payment.', href: '/orders/5', read: false },
			{ text: 'Order 5 is now “Shipped”.', href: '/orders/5', read: false }
		]);
		const [, status] = await listNotifications(buyer.id, 'zh-CN');
		expect(status.text).toBe('订单 5 现在是「已发货」');

		await markNotificationsRead(buyer.id);
		expect(await countUnread(buyer.id)).toBe(0);
		expect((await listNotifications(buyer.id, 'en')).map((n) => n.read)).toEqual([true, true]);
	});
});
