import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { parseId } from '$lib/server/platform/forms';
import { findExpertProfile } from '$lib/server/qa';

export const load: PageServerLoad = async ({ params }) => {
	const id = parseId(params.id);
	const profile = id === null ? null : await findExpertProfile(id);
	if (!profile) error(404, m.qa_error_expert_not_found());
	return { profile };
};
