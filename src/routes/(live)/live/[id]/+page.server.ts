import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, parseId, readForm } from '$lib/server/platform/forms';
import { requireUser } from '$lib/server/web/guards';
import { qrSvg } from '$lib/server/platform/qr';
import { publicUrl } from '$lib/server/platform/public-url';
import { parseBuyForm, parseCommentForm } from '$lib/live/forms';
import { findLiveSale, heldByBuyer, liveTotals } from '$lib/server/live/pages';
import { mayRun } from '$lib/server/live/access';
import { boughtPage, buyLiveItem } from '$lib/server/live/buying';
import { isReminded, setReminder } from '$lib/server/live/reminders';
import { postLiveComment } from '$lib/server/live/comments';
import { countViewers } from '$lib/server/live/rooms';
import { lastContact } from '$lib/server/market';

function saleIdOf(params: { id: string }): number {
	const id = parseId(params.id);
	if (id === null) error(404, m.live_error_not_found());
	return id;
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const sale = await findLiveSale(saleIdOf(params));
	if (!sale) error(404, m.live_error_not_found());
	const user = locals.user;
	const shareUrl = publicUrl(`/live/${sale.id}`);
	const bought = parseId(url.searchParams.get('bought'));
	return {
		sale,
		village: { name: sale.villageName, slug: sale.villageSlug },
		shareUrl,
		qr: await qrSvg(shareUrl),
		runs: user ? await mayRun(user.id, sale) : false,
		reminded: user && sale.status === 'scheduled' ? await isReminded(user.id, sale.id) : false,
		contact: user ? ((await lastContact(user.id)) ?? null) : null,
		held: user && sale.status === 'live' ? await heldByBuyer(user.id, sale.id) : {},
		viewers: sale.status === 'live' ? await countViewers(sale.id) : 0,
		totals: sale.status === 'ended' ? await liveTotals(sale.id) : null,
		// "抢到了": the order just placed from this page, shown only to its buyer.
		bought: bought !== null && user && sale.purchases.some((p) => p.orderId === bought) ? bought : null,
		signedIn: user !== null,
		userId: user?.id ?? null
	};
};

export const actions = {
	buy: async (event) => {
		const user = requireUser(event);
		const saleId = saleIdOf(event.params);
		const form = await readForm(event.request);
		const outcome = await attempt({ section: 'buy', itemId: form.itemId, quantity: form.quantity, name: form.name, phone: form.phone, address: form.address, delivery: form.delivery }, async () => {
			const bought = await buyLiveItem(user.id, saleId, parseBuyForm(form));
			return boughtPage(saleId, bought.orderId);
		});
		if (typeof outcome === 'string') redirect(303, outcome);
		return outcome;
	},
	remind: async (event) => {
		const user = requireUser(event);
		const saleId = saleIdOf(event.params);
		const form = await readForm(event.request);
		return attempt({ section: 'remind' }, async () => {
			await setReminder(user.id, saleId, form.remind !== 'off');
			return { section: 'remind', saved: form.remind !== 'off' ? m.live_reminder_set() : m.live_reminder_off() };
		});
	},
	comment: async (event) => {
		const user = requireUser(event);
		const saleId = saleIdOf(event.params);
		const form = await readForm(event.request);
		return attempt({ section: 'comments', text: form.text }, async () => {
			await postLiveComment(user.id, saleId, parseCommentForm(form).text);
			return { section: 'comments', saved: m.live_comment_posted() };
		});
	}
} satisfies Actions;
