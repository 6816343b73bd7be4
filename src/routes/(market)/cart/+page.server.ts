import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, parseId, readForm } from '$lib/server/platform/forms';
import { addToCart, describeCart, readCart, removeFromCart, setCartQuantity } from '$lib/server/market/cart';
import { cartOwnerOf, changeCart } from '$lib/server/web/cart';
import { parseAddToCartForm, parseCartQuantityForm } from '$lib/market/forms';
import { checkoutTotal, planCheckout } from '$lib/server/market/checkout';
import { findProduct } from '$lib/server/market/products';

export const load: PageServerLoad = async (event) => {
	const entries = await describeCart(await readCart(cartOwnerOf(event)));
	const plans = planCheckout(entries);
	const added = parseId(event.url.searchParams.get('added'));
	return {
		plans,
		total: checkoutTotal(plans),
		ready: entries.length > 0 && entries.every((entry) => entry.problem === null),
		added: added === null ? null : (entries.find((entry) => entry.product.id === added)?.product.title ?? null)
	};
};

export const actions = {
	add: async (event) => {
		const form = await readForm(event.request);
		return attempt({ section: 'cart' }, async () => {
			const command = parseAddToCartForm(form);
			await changeCart(event, (owner) => addToCart(owner, command));
			redirect(303, `/cart?added=${command.productId}`);
		});
	},
	update: async (event) => {
		const form = await readForm(event.request);
		return attempt({ section: 'cart' }, async () => {
			const command = parseCartQuantityForm(form);
			await changeCart(event, (owner) => setCartQuantity(owner, command));
			return { section: 'cart', saved: m.cart_updated() };
		});
	},
	remove: async (event) => {
		const form = await readForm(event.request);
		const productId = parseId(form.productId);
		await changeCart(event, (owner) => removeFromCart(owner, productId === null ? [] : [productId]));
		const title = productId === null ? undefined : (await findProduct(productId))?.title;
		return { section: 'cart', saved: title ? m.cart_removed({ title }) : m.cart_updated() };
	}
} satisfies Actions;
