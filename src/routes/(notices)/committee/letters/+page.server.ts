import type { PageServerLoad } from './$types';
import { countWaitingLetters, listVillageLetters } from '$lib/server/notices/letters';
import { chooseCadreVillage } from '../committee.server';

export const load: PageServerLoad = async (event) => {
	const { village, villages } = await chooseCadreVillage(event);
	return {
		village: { name: village.name, slug: village.slug },
		villages,
		letters: await listVillageLetters(village.id),
		waiting: await countWaitingLetters(village.id)
	};
};
