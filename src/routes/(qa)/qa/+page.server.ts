import type { PageServerLoad } from './$types';
import { listLength } from '$lib/preferences';
import { parseQaFilter } from '$lib/qa/qa-filter';
import { isExpert, listCrops, searchQuestions } from '$lib/server/qa';
import { listVillages } from '$lib/server/villages/villages';

export const load: PageServerLoad = async ({ url, locals }) => {
	const filter = parseQaFilter(url.searchParams);
	return {
		filter,
		result: await searchQuestions(filter, listLength(locals.preferences)),
		crops: (await listCrops()).map(({ id, name, nameEn }) => ({ id, name, nameEn })),
		villages: (await listVillages()).map(({ slug, name }) => ({ slug, name })),
		// An expert goes from here to the questions waiting for them.
		expert: locals.user ? await isExpert(locals.user.id) : false
	};
};
