import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { toPhotoView } from '$lib/photos';
import { requireUser } from '$lib/server/auth/guards';
import { attempt, idField, pick, readForm } from '$lib/server/forms';
import { listMyProducts, listSellingVillages, parseProductStatus, setProductStatus } from '$lib/server/market/products';
import { salesSummary } from '$lib/server/market/sales';
import { listSellerOrders } from '$lib/server/market/orders';
import { productStatusLabel } from '$lib/market/labels';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return {
		canSell: listSellingVillages(user.id).length > 0,
		products: listMyProducts(user.id).map(({ photo, ...line }) => ({ ...line, photo: photo && toPhotoView(photo) })),
		orders: listSellerOrders(user.id),
		summary: salesSummary(user.id),
		saved: pick(event.url.searchParams.get('saved'), ['listed', 'edited'])
	};
};

export const actions = {
	/** The quick pause / resume / archive buttons beside each listing. */
	status: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'products' }, () => {
			const product = setProductStatus(user.id, idField(form.product), parseProductStatus(form.to));
			return { section: 'products', saved: m.sell_status_saved({ title: product.title, status: productStatusLabel(product.status) }) };
		});
	}
} satisfies Actions;
