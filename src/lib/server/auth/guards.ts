import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { VillageRole } from '$lib/server/db';
import { rolesIn } from '$lib/server/villages/memberships';
import type { SessionUser } from './session';

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	return user;
}

export function requireAdmin(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = requireUser(event);
	if (!user.isAdmin) error(403, m.error_forbidden());
	return user;
}

/**
 * The signed-in user if they hold `role` in the village (a cadre also passes as
 * villager). Checked in every load and action that needs it, never only in a layout.
 */
export function requireRole(event: Pick<RequestEvent, 'locals' | 'url'>, role: VillageRole, villageId: number): SessionUser {
	const user = requireUser(event);
	if (!rolesIn(user.id, villageId).has(role)) error(403, m.error_forbidden());
	return user;
}
