import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { VillageRole } from '$lib/villages/vocabulary';
import { rolesIn } from '$lib/server/villages';
import { outboxReplayHeader } from '$lib/offline';
import type { SessionUser } from '$lib/server/auth/session';

type GuardedEvent = Pick<RequestEvent, 'locals' | 'url' | 'request'>;

/**
 * The signed-in user, or a redirect to the login page that comes back here
 * afterwards. A write replayed from the outbox gets a 401 instead: nobody is
 * there to log in, and the outbox must keep it and say why.
 */
export function requireUser(event: GuardedEvent): SessionUser {
	const user = event.locals.user;
	if (user) return user;
	if (event.request.headers.has(outboxReplayHeader)) error(401, m.error_outbox_signed_out());
	redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
}

export function requireAdmin(event: GuardedEvent): SessionUser {
	const user = requireUser(event);
	if (!user.isAdmin) error(403, m.error_forbidden());
	return user;
}

/**
 * The signed-in user if they hold `role` in the village (a cadre also passes as
 * villager). Checked in every load and action that needs it, never only in a layout.
 */
export async function requireRole(event: GuardedEvent, role: VillageRole, villageId: number): Promise<SessionUser> {
	const user = requireUser(event);
	if (!(await rolesIn(user.id, villageId)).has(role)) error(403, m.error_forbidden());
	return user;
}
