import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { toPhotoView } from '$lib/photos';
import { findUserById } from '$lib/server/auth/accounts';
import { requireUser } from '$lib/server/web/guards';
import { attempt, idField, parseId, readForm, readFormWithFiles } from '$lib/server/platform/forms';
import { findVillageById } from '$lib/server/villages/villages';
import { orderStatusLabel } from '$lib/market/labels';
import { actOnOrder, availableActions, findOrderFor, lapseIfDue } from '$lib/server/market/order-states';
import { parseOrderStepForm, parseReviewForm } from '$lib/market/forms';
import { listOrderLines, orderTimeline } from '$lib/server/market/order-lists';
import { listOrderReviews, reviewOrder } from '$lib/server/market/reviews';
import { teamMemberCount, findTeam } from '$lib/server/market/teams';
import { publicUrl } from '$lib/server/platform/public-url';
import { findPhoto } from '$lib/server/platform/media';
import { orderContact } from '$lib/server/market/contacts';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const orderId = parseId(event.params.id);
	const found = orderId === null ? undefined : await findOrderFor(orderId, user.id);
	if (!found) error(404, m.order_error_not_found());
	const { side } = found;
	const order = await lapseIfDue(found.order);
	const team = order.teamId ? await findTeam(order.teamId) : undefined;
	const other = await findUserById(side === 'buyer' ? order.sellerId : order.buyerId);
	return {
		side,
		order,
		// Right after checkout (`?placed`): say it worked and what happens next, first thing on the page.
		placed: side === 'buyer' && event.url.searchParams.has('placed'),
		contact: await orderContact(order, side),
		village: await findVillageById(order.villageId),
		otherName: other?.displayName ?? '',
		lines: await listOrderLines(order.id),
		timeline: await orderTimeline(order.id),
		actions: availableActions(order, side),
		reviews: await Promise.all(
			(await listOrderReviews(order.id)).map(async (review) => ({
				...review,
				photo: review.photoId ? toPhotoView((await findPhoto(review.photoId))!) : null
			}))
		),
		team: team && { id: team.id, status: team.status, size: team.size, members: await teamMemberCount(team.id), expiresAt: team.expiresAt },
		teamLink: team ? publicUrl(`/teams/${team.id}`) : null
	};
};

export const actions = {
	act: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'order', note: form.note }, async () => {
			const order = await actOnOrder(user.id, idField(event.params.id), parseOrderStepForm(form));
			return { section: 'order', saved: m.order_saved({ status: orderStatusLabel(order.status) }) };
		});
	},
	review: async (event) => {
		const user = requireUser(event);
		const { fields, files } = await readFormWithFiles(event.request);
		return attempt({ section: 'review', comment: fields.comment, rating: fields.rating, photoChosen: files.photo?.length ? 'on' : '' }, async () => {
			await reviewOrder(user.id, idField(event.params.id), parseReviewForm(fields), files.photo?.[0]);
			return { section: 'review', saved: m.review_saved() };
		});
	}
} satisfies Actions;
