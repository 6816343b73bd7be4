import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/web/guards';
import { expertQueue, isExpert } from '$lib/server/qa';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	if (!(await isExpert(user.id))) error(403, m.qa_error_not_expert());
	return { queue: await expertQueue(user.id), userId: user.id };
};
