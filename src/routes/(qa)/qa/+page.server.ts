import type { PageServerLoad } from './$types';
import { listLength } from '$lib/preferences';
import { parseQaFilter } from '$lib/qa/qa-filter';
import { isExpert, listCrops, searchQuestions } from '$lib/server/qa';
import { villageFilter } from '$lib/server/villages/villages';

export const load: PageServerLoad = async ({ url, locals }) => {
	const asked = parseQaFilter(url.searchParams);
	// A village typed by name is listed by its slug, as a chosen one is.
	const villageField = await villageFilter(asked.village);
	const filter = { ...asked, village: villageField.chosen?.slug ?? null };
	return {
		filter,
		villageField,
		result: await searchQuestions(filter, listLength(locals.preferences)),
		crops: (await listCrops()).map(({ id, name, nameEn }) => ({ id, name, nameEn })),
		// An expert goes from here to the questions waiting for them.
		expert: locals.user ? await isExpert(locals.user.id) : false
	};
};
