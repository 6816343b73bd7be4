import type { PageServerLoad } from './$types';
import { listLength } from '$lib/preferences';
import { parseMarketFilter, searchMarket } from '$lib/server/market/catalog';
import { listVillages } from '$lib/server/villages/villages';

export const load: PageServerLoad = ({ url, locals }) => {
	const filter = parseMarketFilter(url.searchParams);
	return {
		filter,
		result: searchMarket(filter, listLength(locals.preferences)),
		villages: listVillages().map(({ slug, name }) => ({ slug, name }))
	};
};
