import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { parseId } from '$lib/server/platform/forms';
import { dissolveExpiredTeams, viewTeam } from '$lib/server/market/teams';
import { qrSvg } from '$lib/server/platform/qr';
import { publicUrl } from '$lib/server/platform/public-url';

export const load: PageServerLoad = async ({ params, locals }) => {
	const teamId = parseId(params.id);
	let view = teamId === null ? undefined : await viewTeam(teamId, locals.user?.id ?? null);
	if (!view) error(404, m.team_error_not_found());
	// The sweep runs every minute; someone looking at a team that just ran out sees it ended now, not in a minute.
	if (view.team.status === 'open' && view.team.expiresAt <= new Date()) {
		await dissolveExpiredTeams();
		view = (await viewTeam(view.team.id, locals.user?.id ?? null))!;
	}
	const link = publicUrl(`/teams/${view.team.id}`);
	return { ...view, link, qr: await qrSvg(link), signedIn: locals.user !== null };
};
