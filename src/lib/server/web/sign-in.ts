import { redirect, type RequestEvent } from '@sveltejs/kit';
import { transaction, type User } from '$lib/server/platform/db';
import { trustDevice } from '$lib/server/auth/accounts';
import { createSession, invalidateSession } from '$lib/server/auth/session';
import { rememberLocale } from '$lib/server/platform/i18n';
import { deleteSessionCookie, setSessionCookie } from './session-cookie';
import { runSignInHooks } from './sign-in-hooks';

export const deviceCookieName = 'vs_device';
const deviceCookieMaxAge = 400 * 24 * 60 * 60;

/**
 * A fresh session for a user who just proved who they are (login or sign-up). The session the
 * browser held until now ends on the server too: on a shared phone the last account must not
 * stay usable by whoever copied its cookie.
 */
export async function signIn(event: Pick<RequestEvent, 'cookies' | 'url' | 'locals'>, user: Pick<User, 'id' | 'locale'>): Promise<void> {
	const previous = event.locals.session?.id;
	const { token, expiresAt, device } = await transaction(async (tx) => {
		if (previous) await invalidateSession(tx, previous);
		const session = await createSession(tx, user.id);
		return { ...session, device: await trustDevice(tx, user.id, event.cookies.get(deviceCookieName)) };
	});
	setSessionCookie(event.cookies, event.url, token, expiresAt);
	event.cookies.set(deviceCookieName, device, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: deviceCookieMaxAge
	});
	rememberLocale(event.cookies, user.locale);
	await runSignInHooks({ userId: user.id, cookies: event.cookies });
}

/** Ends the session on the server, not just in the cookie. */
export async function signOut(event: Pick<RequestEvent, 'cookies' | 'url' | 'locals'>): Promise<void> {
	const session = event.locals.session;
	if (session) await transaction((tx) => invalidateSession(tx, session.id));
	deleteSessionCookie(event.cookies, event.url);
}

/**
 * Where to go after signing in, from a `next` that came with the request. It is read the way a
 * browser reads a Location (the URL parser drops tabs and newlines and takes `\` for `/`, so
 * `/\t/evil.example` is `//evil.example`) and kept only if it stays on `here`'s origin. What comes
 * back is the path as the parser wrote it: percent-encoded ASCII, always a valid Location.
 */
export function safeNextPath(next: string | null | undefined, here: URL, fallback = '/me'): string {
	if (!next) return fallback;
	let target: URL;
	try {
		target = new URL(next, here.origin);
	} catch {
		return fallback;
	}
	const path = target.pathname + target.search + target.hash;
	// A path that starts `//` is another host once it is written as a Location on its own.
	return target.origin === here.origin && !path.startsWith('//') ? path : fallback;
}

/** For /login and /register: where to go afterwards; someone already signed in goes there now. */
export function nextOrRedirect(event: Pick<RequestEvent, 'locals' | 'url'>): { next: string } {
	const next = safeNextPath(event.url.searchParams.get('next'), event.url);
	if (event.locals.user) redirect(303, next);
	return { next };
}
