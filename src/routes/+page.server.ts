import type { PageServerLoad } from './$types';
import { listVillages } from '$lib/server/villages/villages';

export const load: PageServerLoad = () => ({
	villages: listVillages().map(({ slug, name, county }) => ({ slug, name, county }))
});
