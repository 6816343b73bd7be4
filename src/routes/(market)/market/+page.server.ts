import type { PageServerLoad } from './$types';
import { listLength } from '$lib/preferences';
import { searchMarket } from '$lib/server/market/catalog';
import { parseMarketFilter } from '$lib/market/market-filter';
import { villageFilter } from '$lib/server/villages/villages';

export const load: PageServerLoad = async ({ url, locals }) => {
	const asked = parseMarketFilter(url.searchParams);
	// A village typed by name is listed by its slug, as a chosen one is.
	const villageField = await villageFilter(asked.village);
	const filter = { ...asked, village: villageField.chosen?.slug ?? null };
	return { filter, villageField, result: await searchMarket(filter, listLength(locals.preferences)) };
};
