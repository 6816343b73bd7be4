import type { PageServerLoad } from './$types';
import { listLiveSales } from '$lib/server/live/pages';
import { mayHostAnywhere } from '$lib/server/live/hosting';

export const load: PageServerLoad = async ({ locals }) => ({
	lists: await listLiveSales(),
	mayHost: locals.user ? await mayHostAnywhere(locals.user.id) : false
});
