import { AsyncLocalStorage } from 'node:async_hooks';
import type { Cookies } from '@sveltejs/kit';
import {
	baseLocale,
	cookieMaxAge,
	cookieName,
	isLocale,
	overwriteGetLocale,
	type Locale
} from '$lib/paraglide/runtime';

/**
 * Each request renders in its own locale. Paraglide's message functions call
 * getLocale(); pointing it at this store keeps concurrent requests apart.
 */
const requestLocale = new AsyncLocalStorage<Locale>();
overwriteGetLocale(() => requestLocale.getStore() ?? baseLocale);

export function runInLocale<T>(locale: Locale, fn: () => T): T {
	return requestLocale.run(locale, fn);
}

/**
 * The signed-in user's saved choice wins, then the visitor's cookie, then zh-CN.
 * The cookie is kept equal to the choice so the browser (hydration, offline
 * pages) renders the same language as the server.
 */
export function chooseLocale(cookies: Cookies, saved: string | undefined): Locale {
	const fromCookie = cookies.get(cookieName);
	const locale = saved && isLocale(saved) ? saved : fromCookie && isLocale(fromCookie) ? fromCookie : baseLocale;
	if (fromCookie !== locale && (saved || fromCookie)) rememberLocale(cookies, locale);
	return locale;
}

export function rememberLocale(cookies: Cookies, locale: Locale): void {
	// Readable by the page's script on purpose: Paraglide's client reads it.
	cookies.set(cookieName, locale, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: cookieMaxAge, secure: false });
}
