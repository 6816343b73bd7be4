import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { toPhotoView } from '$lib/photos';
import { findPhoto } from '$lib/server/platform/media';
import { findVillageBySlug } from '$lib/server/villages/villages';
import { countVillagers, listVillageMembers, rolesIn } from '$lib/server/villages/memberships';
import { listVillageFeed, parseFeedFilter } from '$lib/server/notices/feed';
import { noticeViewer } from '$lib/server/notices/notices';
import { listLength } from '$lib/preferences';
import { listVillageProducts } from '$lib/server/market/catalog';
import { listLiveAndNext } from '$lib/server/live/pages';
import { listOpenProjects } from '$lib/server/charity';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const village = await findVillageBySlug(params.village);
	if (!village) error(404, m.error_village_not_found());
	const members = await listVillageMembers(village.id);
	const roles = locals.user ? [...(await rolesIn(locals.user.id, village.id))] : [];
	const cover = village.coverPhoto ? await findPhoto(village.coverPhoto) : undefined;
	const filter = parseFeedFilter(url.searchParams);
	return {
		feed: await listVillageFeed(village.id, await noticeViewer(locals.user?.id, village.id), filter, listLength(locals.preferences)),
		category: filter.category,
		paged: filter.before !== null,
		produce: await listVillageProducts(village.id, listLength(locals.preferences, 6)),
		live: await listLiveAndNext(village.id),
		projects: await listOpenProjects(village.id, 5),
		village: { name: village.name, slug: village.slug, county: village.county, story: village.story, cover: cover ? toPhotoView(cover) : null },
		// Real names stay inside the committee; the public sees who the cadres are and how many verified villagers.
		cadres: members.filter((m) => m.role === 'cadre').map((m) => m.displayName),
		villagerCount: await countVillagers(village.id),
		roles
	};
};
