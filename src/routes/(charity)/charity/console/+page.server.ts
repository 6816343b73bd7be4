import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/web/guards';
import { consoleVillages, findCharityConsole } from '$lib/server/charity';
import { rolesIn } from '$lib/server/villages';
import { stewardActions } from '../steward-actions.server';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const villages = await consoleVillages(user.id, user.isAdmin);
	if (villages.length === 0) error(403, m.charity_error_not_cadre());
	const asked = event.url.searchParams.get('village');
	const village = villages.find((choice) => choice.slug === asked) ?? villages[0];
	const [found, roles] = await Promise.all([findCharityConsole(village.id), rolesIn(user.id, village.id)]);
	return { village, villages: villages.map(({ name, slug }) => ({ name, slug })), cadre: roles.has('cadre'), ...found };
};

export const actions = stewardActions satisfies Actions;
