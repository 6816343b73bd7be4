// An in-app notification's words, made when it is read so it is in the reader's language.
import * as m from '$lib/paraglide/messages';
import type { NotificationView } from '$lib/notifications';
import type { OrderStatus } from './vocabulary';
import { orderStatusLabel } from './labels';

export function notificationText({ kind, params }: Pick<NotificationView, 'kind' | 'params'>): string {
	const order = Number(params.order ?? 0);
	const title = String(params.title ?? '');
	switch (kind) {
		case 'order.placed':
			return Number(params.lines) > 1
				? m.notify_order_placed_many({ order, title, count: Number(params.lines), buyer: String(params.buyer ?? '') })
				: m.notify_order_placed({ order, title, buyer: String(params.buyer ?? '') });
		case 'order.status':
			return m.notify_order_status({ order, status: orderStatusLabel(params.status as OrderStatus) });
		case 'order.paid':
			return m.notify_order_paid({ order });
		case 'order.declined':
			return m.notify_order_declined({ order, title, reason: String(params.reason ?? '') });
		case 'order.expired':
			return m.notify_order_expired({ order, title });
		case 'team.joined':
			return m.notify_team_joined({ title, missing: Number(params.missing ?? 0) });
		case 'team.complete':
			return m.notify_team_complete({ title });
		case 'team.dissolved':
			return m.notify_team_dissolved({ title });
		default:
			return m.notify_other();
	}
}
