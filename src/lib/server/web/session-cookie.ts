// The session's cookie: auth makes and checks the token (auth/session.ts), the request edge
// keeps it in the browser.
import type { Cookies } from '@sveltejs/kit';

export const sessionCookieName = 'vs_session';

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(sessionCookieName, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		// Secure wherever the site is served over TLS (production sets ORIGIN=https://...).
		secure: url.protocol === 'https:',
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(sessionCookieName, { path: '/', secure: url.protocol === 'https:' });
}
