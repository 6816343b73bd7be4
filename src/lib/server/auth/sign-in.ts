import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { User } from '$lib/server/db';
import { trustDevice } from '$lib/server/accounts';
import { rememberLocale } from '$lib/server/i18n';
import { mergeCookieCart } from '$lib/server/market/cart';
import { createSession, setSessionCookie } from './session';

export const deviceCookieName = 'vs_device';
const deviceCookieMaxAge = 400 * 24 * 60 * 60;

/** A fresh session for a user who just proved who they are (login or sign-up). */
export function signIn(event: Pick<RequestEvent, 'cookies' | 'url'>, user: Pick<User, 'id' | 'locale'>): void {
	const { token, expiresAt } = createSession(user.id);
	setSessionCookie(event.cookies, event.url, token, expiresAt);
	const device = trustDevice(user.id, event.cookies.get(deviceCookieName));
	event.cookies.set(deviceCookieName, device, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: deviceCookieMaxAge
	});
	rememberLocale(event.cookies, user.locale);
	// What was put in the cart before signing in is still there after.
	mergeCookieCart(event.cookies, user.id);
}

/** Where to go after signing in: only a path on this site, never another host. */
export function safeNextPath(next: string | null | undefined, fallback = '/me'): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}

/** For /login and /register: where to go afterwards; someone already signed in goes there now. */
export function nextOrRedirect(event: Pick<RequestEvent, 'locals' | 'url'>): { next: string } {
	const next = safeNextPath(event.url.searchParams.get('next'));
	if (event.locals.user) redirect(303, next);
	return { next };
}
