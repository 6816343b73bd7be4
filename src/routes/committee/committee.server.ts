import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { Village } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guards';
import { findVillageBySlug } from '$lib/server/villages/villages';

/** The village a committee action names, with the caller proven to be its cadre. */
export function cadreVillage(event: RequestEvent, slug: string | undefined): { village: Village; actorId: number } {
	const village = slug ? findVillageBySlug(slug) : undefined;
	if (!village) error(404, m.error_village_not_found());
	const actor = requireRole(event, 'cadre', village.id);
	return { village, actorId: actor.id };
}
