import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/web/guards';
import { listBuyerOrders } from '$lib/server/market/order-lists';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const orders = await listBuyerOrders(user.id);
	const checkout = event.url.searchParams.get('checkout');
	return {
		orders,
		// Right after a checkout that made several orders (one per seller): say so at the top.
		placedCount: checkout ? orders.filter((order) => order.checkoutId === checkout).length : 0
	};
};
