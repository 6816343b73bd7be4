import type { PageServerLoad } from './$types';
import { listVillages } from '$lib/server/villages/villages';
import { listUserVillages } from '$lib/server/villages/memberships';

export const load: PageServerLoad = ({ locals }) => {
	const mine = locals.user ? listUserVillages(locals.user.id) : [];
	return {
		mine: mine.map(({ village, roles }) => ({ slug: village.slug, name: village.name, story: village.story, roles })),
		villages: listVillages().map(({ slug, name, county }) => ({ slug, name, county }))
	};
};
