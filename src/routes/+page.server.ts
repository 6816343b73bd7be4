import type { PageServerLoad } from './$types';
import { listVillages, findVillageBySlug } from '$lib/server/villages/villages';
import { listCountyFeed, listVillageFeed, parseFeedFilter } from '$lib/server/notices/feed';
import { noticeViewer } from '$lib/server/notices/notices';
import { listLength } from '$lib/preferences';
import { listFeaturedProducts } from '$lib/server/market/catalog';
import { listLiveAndNext } from '$lib/server/live/pages';
import { listOpenProjects } from '$lib/server/charity';

export const load: PageServerLoad = async ({ parent, locals, url }) => {
	const { myVillages } = await parent();
	const filter = parseFeedFilter(url.searchParams);
	const limit = listLength(locals.preferences);
	// Someone with a village reads its notices first; everyone else the county's public ones.
	const home = myVillages[0] ? await findVillageBySlug(myVillages[0].slug) : undefined;
	return {
		villages: (await listVillages()).map(({ slug, name, county }) => ({ slug, name, county })),
		feed: home ? await listVillageFeed(home.id, await noticeViewer(locals.user?.id, home.id), filter, limit) : await listCountyFeed(filter, limit),
		category: filter.category,
		paged: filter.before !== null,
		// A few, from across the villages: the home page is a door to the market, not the market.
		featured: await listFeaturedProducts(listLength(locals.preferences, 4)),
		live: await listLiveAndNext(null),
		// The home village's first; a visitor sees the county's.
		projects: await listOpenProjects(home?.id ?? null, 3)
	};
};

