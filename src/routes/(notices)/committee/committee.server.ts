import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { Village } from '$lib/server/platform/db';
import { requireRole, requireUser } from '$lib/server/web/guards';
import { findVillageBySlug } from '$lib/server/villages/villages';
import { listUserVillages } from '$lib/server/villages/memberships';

/** The village a committee action names, with the caller proven to be its cadre. */
export async function cadreVillage(event: RequestEvent, slug: string | undefined): Promise<{ village: Village; actorId: number }> {
	const village = slug ? await findVillageBySlug(slug) : undefined;
	if (!village) error(404, m.error_village_not_found());
	const actor = await requireRole(event, 'cadre', village.id);
	return { village, actorId: actor.id };
}

/**
 * The village a committee page shows: the one in `?village=`, else the cadre's
 * home village; with all the cadre's villages for the picker. 403 for a non-cadre.
 */
export async function chooseCadreVillage(event: RequestEvent): Promise<{ village: Village; actorId: number; villages: { name: string; slug: string }[] }> {
	const user = requireUser(event);
	const villages = (await listUserVillages(user.id))
		.filter(({ roles }) => roles.includes('cadre'))
		.map(({ village: { name, slug } }) => ({ name, slug }));
	if (villages.length === 0) error(403, m.error_not_cadre());
	// The guard checks again: the village named in the URL may not be one of these.
	return { ...(await cadreVillage(event, event.url.searchParams.get('village') ?? villages[0].slug)), villages };
}
