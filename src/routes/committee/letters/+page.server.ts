import type { PageServerLoad } from './$types';
import { countWaitingLetters, listVillageLetters } from '$lib/server/letters/letters';
import { chooseCadreVillage } from '../committee.server';

export const load: PageServerLoad = (event) => {
	const { village, villages } = chooseCadreVillage(event);
	return {
		village: { name: village.name, slug: village.slug },
		villages,
		letters: listVillageLetters(village.id),
		waiting: countWaitingLetters(village.id)
	};
};
