import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { signOut } from '$lib/server/web/sign-in';

/** POST only: a link or an image cannot sign anyone out. */
export const POST: RequestHandler = async (event) => {
	await signOut(event);
	redirect(303, '/');
};
