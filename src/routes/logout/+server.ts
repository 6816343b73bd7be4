import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';

/** POST only: a link or an image cannot sign anyone out. The session ends on the server, not just in the cookie. */
export const POST: RequestHandler = ({ locals, cookies, url }) => {
	if (locals.session) invalidateSession(locals.session.id);
	deleteSessionCookie(cookies, url);
	redirect(303, '/');
};
