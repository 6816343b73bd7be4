import type { LayoutServerLoad } from './$types';
import { listUserVillages } from '$lib/server/villages/memberships';

export const load: LayoutServerLoad = ({ locals }) => {
	const home = locals.user ? listUserVillages(locals.user.id)[0]?.village : undefined;
	return {
		user: locals.user && { displayName: locals.user.displayName, isAdmin: locals.user.isAdmin },
		userId: locals.user?.id ?? null,
		homeVillage: home && { name: home.name, slug: home.slug },
		locale: locals.locale,
		preferences: locals.preferences
	};
};
