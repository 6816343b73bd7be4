import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { countingQueries, withQueryCount } from '$lib/server/platform/db/query-count';
import { connectPillars, prepareDatabase } from '$lib/server/startup';
import { validateSessionToken } from '$lib/server/auth/session';
import { deleteSessionCookie, sessionCookieName, setSessionCookie } from '$lib/server/web/session-cookie';
import { chooseLocale, runInLocale } from '$lib/server/platform/i18n';
import { isCrossSiteWrite } from '$lib/server/platform/security';
import { htmlClasses, parsePreferencesCookie, preferencesCookie, resolveDataSaver } from '$lib/preferences';
import * as m from '$lib/paraglide/messages';
import { cacheAccountHeader } from '$lib/offline';
import { cacheAccountTag } from '$lib/server/platform/offline/cache-account';
import { idempotentWrites } from '$lib/server/platform/offline/idempotent-writes';
import { boundedBodies } from '$lib/server/platform/body-limits';
import { keepVisitorPages } from '$lib/server/web/visitor-pages';

export const init: ServerInit = async () => {
	connectPillars();
	await prepareDatabase();
};

/** Authenticate once per request; routes authorize with the guards in $lib/server/web/guards. */
const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName);
	const valid = token ? await validateSessionToken(token) : null;
	if (token && !valid) deleteSessionCookie(event.cookies, event.url);
	if (valid?.renewed) setSessionCookie(event.cookies, event.url, token!, valid.session.expiresAt);
	event.locals.user = valid?.user ?? null;
	event.locals.session = valid?.session ?? null;

	const saved = valid ? valid.user : parsePreferencesCookie(event.cookies.get(preferencesCookie));
	event.locals.preferences = {
		easyMode: saved.easyMode,
		dataSaver: saved.dataSaver,
		savingData: resolveDataSaver(saved.dataSaver, event.request.headers)
	};
	const response = await resolve(event);
	// What a signed-in person is sent is theirs alone unless the route says otherwise (the public
	// feed, photos): no shared cache keeps it, nor the browser's own cache on a phone a family
	// shares. The service worker keeps its per-account copies for offline use itself and deletes
	// them at logout, so no-store costs nothing offline.
	if (valid && !response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-store');
	if (response.headers.get('content-type')?.startsWith('text/html')) {
		response.headers.set(cacheAccountHeader, cacheAccountTag(valid?.user.id ?? null));
		// Asks Chromium to send its connection estimate, so data saver can follow a 2G/3G link.
		response.headers.set('accept-ch', 'ECT, Save-Data');
	}
	return response;
};

const localize: Handle = ({ event, resolve }) => {
	const locale = chooseLocale(event.cookies, event.locals.user?.locale);
	event.locals.locale = locale;
	return runInLocale(locale, () =>
		resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replaceAll('%lang%', locale).replace('%html-class%', htmlClasses(event.locals.preferences))
		})
	);
};

/**
 * Kit refuses cross-site form posts; this also covers JSON and text/plain writes. The security
 * headers of every response, this refusal included, are set in server.js.
 */
const guardWrites: Handle = async ({ event, resolve }) => {
	if (isCrossSiteWrite(event.request, event.url)) {
		return new Response(m.error_cross_site(), { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	return resolve(event);
};

/**
 * Kit answers a post naming the action `?/default` with a 500 ("reserved action name"),
 * found by the POST fuzzer; to the person sending it, it is only a bad request.
 */
const refuseReservedAction: Handle = ({ event, resolve }) => {
	const named = [...event.url.searchParams.keys()].find((key) => key.startsWith('/'));
	if (event.request.method === 'POST' && named === '/default') {
		return new Response(m.error_bad_request(), { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	return resolve(event);
};

/** With COUNT_QUERIES=1 (bench/throughput.js), each answer says how many statements it ran. */
const countQueries: Handle = ({ event, resolve }) =>
	withQueryCount(async (read) => {
		const response = await resolve(event);
		response.headers.set('x-query-count', String(read()));
		return response;
	});

const steps = [keepVisitorPages, authenticate, localize, guardWrites, refuseReservedAction, boundedBodies, idempotentWrites];
export const handle = sequence(...(countingQueries ? [countQueries, ...steps] : steps));
