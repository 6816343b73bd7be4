import type { PageServerLoad } from './$types';
import { consoleVillages, listFinishedProjects, listOpenProjects } from '$lib/server/charity';
import { listLength } from '$lib/preferences';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user;
	const [open, finished, stewardOf] = await Promise.all([
		listOpenProjects(null, listLength(locals.preferences, 30)),
		listFinishedProjects(listLength(locals.preferences, 10)),
		user ? consoleVillages(user.id, user.isAdmin) : []
	]);
	return { open, finished, steward: stewardOf.length > 0, admin: user?.isAdmin ?? false };
};
