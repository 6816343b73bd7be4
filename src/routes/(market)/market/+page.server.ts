import type { PageServerLoad } from './$types';
import { listLength } from '$lib/preferences';
import { searchMarket } from '$lib/server/market/catalog';
import { parseMarketFilter } from '$lib/market/market-filter';
import { listVillages } from '$lib/server/villages/villages';

export const load: PageServerLoad = async ({ url, locals }) => {
	const filter = parseMarketFilter(url.searchParams);
	return {
		filter,
		result: await searchMarket(filter, listLength(locals.preferences)),
		villages: (await listVillages()).map(({ slug, name }) => ({ slug, name }))
	};
};
