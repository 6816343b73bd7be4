import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { listLength } from '$lib/preferences';
import { pageNumber as pageParam } from '$lib/server/platform/forms';
import { listPublishedLetters } from '$lib/server/notices/letters';
import { rolesIn } from '$lib/server/villages/memberships';
import { findVillageBySlug } from '$lib/server/villages/villages';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const village = await findVillageBySlug(params.village);
	if (!village) error(404, m.error_village_not_found());
	const pageNumber = pageParam(url.searchParams);
	const perPage = listLength(locals.preferences, 10);
	// One more than shown says whether an older page exists.
	const letters = await listPublishedLetters(village.id, { limit: perPage + 1, offset: (pageNumber - 1) * perPage });
	return {
		village: { name: village.name, slug: village.slug },
		letters: letters.slice(0, perPage),
		pageNumber,
		hasOlder: letters.length > perPage,
		canWrite: !!locals.user && (await rolesIn(locals.user.id, village.id)).has('villager')
	};
};
