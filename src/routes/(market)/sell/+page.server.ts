import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { toPhotoView } from '$lib/photos';
import { requireUser } from '$lib/server/web/guards';
import { attempt, idField, pick, readForm } from '$lib/server/platform/forms';
import { listMyProducts, listSellingVillages, setProductStatus } from '$lib/server/market/products';
import { parseProductStatus } from '$lib/market/forms';
import { salesSummary } from '$lib/server/market/sales';
import { listSellerOrders } from '$lib/server/market/order-lists';
import { productStatusLabel } from '$lib/market/labels';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return {
		canSell: (await listSellingVillages(user.id)).length > 0,
		products: (await listMyProducts(user.id)).map(({ photo, ...line }) => ({ ...line, photo: photo && toPhotoView(photo) })),
		orders: await listSellerOrders(user.id),
		summary: await salesSummary(user.id),
		saved: pick(event.url.searchParams.get('saved'), ['listed', 'edited'])
	};
};

export const actions = {
	/** The quick pause / resume / archive buttons beside each listing. */
	status: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'products' }, async () => {
			const product = await setProductStatus(user.id, idField(form.product), parseProductStatus(form.to));
			return { section: 'products', saved: m.sell_status_saved({ title: product.title, status: productStatusLabel(product.status) }) };
		});
	}
} satisfies Actions;
