import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { findUserById } from '$lib/server/auth/accounts';
import { requireUser } from '$lib/server/web/guards';
import { attempt, orErrorPage, readForm } from '$lib/server/platform/forms';
import { describeCart, readCart } from '$lib/server/market/cart';
import { cartOwnerOf } from '$lib/server/web/cart';
import { parseCheckoutForm, parseTeamRequest, type TeamRequest } from '$lib/market/forms';
import { checkoutPage, checkoutTotal, lastContact, placeOrders, planCheckout } from '$lib/server/market/checkout';
import { lineTotal } from '$lib/market/totals';
import { findProduct } from '$lib/server/market/products';
import { findTeam, placeTeamOrder, teamDeliveries, teamOffer, teamOrderOf, waitingTeamOrderOf } from '$lib/server/market/teams';

async function teamPlan(buyerId: number, { productId, choice, quantity: asked }: TeamRequest) {
	const product = productId === null ? undefined : await findProduct(productId);
	const offer = product && ['listed', 'sold_out'].includes(product.status) && teamOffer(product);
	if (!product || !offer) error(404, m.team_error_no_offer());
	const team = choice.kind === 'join' ? await findTeam(choice.teamId) : undefined;
	if (choice.kind === 'join' && (!team || team.productId !== product.id)) error(404, m.team_error_not_found());
	// Someone already in the team (or waiting in one they started) sees their order, not a checkout that would end in a refusal.
	const mine = team ? await teamOrderOf(team.id, buyerId) : await waitingTeamOrderOf(product.id, buyerId);
	if (mine !== null) redirect(303, `/orders/${mine}`);
	// What the product page asked for, within what can be bought; anything else starts at the minimum.
	const quantity = Math.max(product.minOrder, Math.min(asked ?? product.minOrder, Math.max(product.stock, product.minOrder)));
	const priceFen = team?.priceFen ?? offer.priceFen;
	const deliveries = teamDeliveries(product);
	return {
		choice,
		product: { id: product.id, title: product.title, unit: product.unit, sellerId: product.sellerId, pickupPlace: product.pickupPlace, pickupTime: product.pickupTime },
		size: team?.size ?? offer.size,
		hours: offer.hours,
		priceFen,
		quantity,
		deliveries,
		shipFeeFen: product.shipFeeFen,
		subtotalFen: lineTotal({ unitPriceFen: priceFen, quantity })
	};
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const previous = await lastContact(user.id);
	const contact = {
		name: previous?.recipientName ?? user.displayName,
		phone: previous?.recipientPhone ?? (await findUserById(user.id))?.phone ?? '',
		address: previous?.address ?? ''
	};
	const team = await orErrorPage(() => parseTeamRequest((name) => event.url.searchParams.get(name)));
	if (team) return { team: await teamPlan(user.id, team), plans: [], total: 0, contact };
	const plans = planCheckout(await describeCart(await readCart(cartOwnerOf(event))));
	if (plans.length === 0) redirect(303, '/cart');
	return { team: null, plans, total: checkoutTotal(plans), contact };
};

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		const { idempotency_key: _key, outbox_label: _label, ...echo } = form;
		return attempt({ ...echo, section: 'checkout' }, async () => {
			const command = parseCheckoutForm(form);
			if (command.team) {
				const { order } = await placeTeamOrder(user.id, { ...command, team: command.team });
				redirect(303, `/orders/${order.id}?placed`);
			}
			const placed = await placeOrders({ userId: user.id }, command);
			redirect(303, checkoutPage(placed));
		});
	}
} satisfies Actions;
