import type { LayoutServerLoad } from './$types';
import { listUserVillages } from '$lib/server/villages/memberships';
import { countCart } from '$lib/server/market/cart';
import { cartOwnerOf } from '$lib/server/web/cart';
import { countUnread } from '$lib/server/platform/notifications';

export const load: LayoutServerLoad = async (event) => {
	const { locals } = event;
	// The user's villages, home (the oldest membership) first: the top bar and the home page show them.
	const myVillages = locals.user
		? (await listUserVillages(locals.user.id)).map(({ village, roles }) => ({ slug: village.slug, name: village.name, story: village.story, roles }))
		: [];
	return {
		user: locals.user && { displayName: locals.user.displayName, isAdmin: locals.user.isAdmin },
		userId: locals.user?.id ?? null,
		myVillages,
		locale: locals.locale,
		cartCount: await countCart(cartOwnerOf(event)),
		unread: locals.user ? await countUnread(locals.user.id) : 0,
		preferences: locals.preferences
	};
};
