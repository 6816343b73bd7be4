// What the market tells buyers and sellers in their inbox, and how each reads in either language.
// Market modules send through this module's `notify`, so wherever one is sent (a server process,
// a test calling the market directly) its kinds were registered first.
import * as m from '$lib/paraglide/messages';
import { registerNotificationKinds, type NotificationParams } from '$lib/server/platform/notifications';
import { orderStatusLabel } from '$lib/market/labels';
import { orderStatuses, type OrderStatus } from '$lib/market/vocabulary';

const isOrderStatus = (value: unknown): value is OrderStatus => orderStatuses.includes(value as OrderStatus);
const text = (params: NotificationParams, name: string): string => String(params[name] ?? '');
const number = (params: NotificationParams, name: string): number => Number(params[name] ?? 0);

registerNotificationKinds({
	// to the seller: a new order
	'order.placed': {
		text: (p, locale) =>
			number(p, 'lines') > 1
				? m.notify_order_placed_many({ order: number(p, 'order'), title: text(p, 'title'), count: number(p, 'lines'), buyer: text(p, 'buyer') }, { locale })
				: m.notify_order_placed({ order: number(p, 'order'), title: text(p, 'title'), buyer: text(p, 'buyer') }, { locale })
	},
	// to the other side: the order moved on
	'order.status': {
		text: (p, locale) =>
			m.notify_order_status({ order: number(p, 'order'), status: isOrderStatus(p.status) ? orderStatusLabel(p.status, locale) : text(p, 'status') }, { locale })
	},
	// to the buyer: the seller confirmed the payment
	'order.paid': { text: (p, locale) => m.notify_order_paid({ order: number(p, 'order') }, { locale }) },
	// to the buyer: the seller said no, and why
	'order.declined': {
		text: (p, locale) => m.notify_order_declined({ order: number(p, 'order'), title: text(p, 'title'), reason: text(p, 'reason') }, { locale })
	},
	// to the buyer: the seller did not confirm in time
	'order.expired': { text: (p, locale) => m.notify_order_expired({ order: number(p, 'order'), title: text(p, 'title') }, { locale }) },
	// to the team: someone joined
	'team.joined': { text: (p, locale) => m.notify_team_joined({ title: text(p, 'title'), missing: number(p, 'missing') }, { locale }) },
	// to every member: the team is full, orders go ahead
	'team.complete': { text: (p, locale) => m.notify_team_complete({ title: text(p, 'title') }, { locale }) },
	// to every member: the window ended short, nobody pays
	'team.dissolved': { text: (p, locale) => m.notify_team_dissolved({ title: text(p, 'title') }, { locale }) }
});

export { notify } from '$lib/server/platform/notifications';
