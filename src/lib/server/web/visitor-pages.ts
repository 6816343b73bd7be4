// The public reading pages a visitor is sent are the same for every visitor with the same
// cookies and data-saver signals until someone writes to the database. A shared link or a
// live sale brings hundreds of visitors to one page at once; rendering it once for them all
// keeps the village office PC answering (bench/throughput.js measures both ways).
//
// A copy is used only while the database's change stamp is the one it was rendered under (no
// commit since, by any process on any machine) and for a few seconds at most, for what changes
// with the clock alone (a team purchase's time left). Signed-in people never get a copy.
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { freshKeys, idempotencyField } from '$lib/offline';
import { changeStamp } from '$lib/server/platform/db';
import { sessionCookieName } from './session-cookie';

/** Route ids of the pages kept: what a visitor reads, never a form's result, a cart or an account page. */
const keptRoutes = new Set([
	'/',
	'/(notices)/v/[village]',
	'/(notices)/v/[village]/notices/[id]',
	'/(market)/market',
	'/(market)/market/[product]'
]);

const maxAgeMs = 5_000;
/** Bounds the memory the copies take on a small machine; the least recently used go first. */
const maxTotalChars = 8_000_000;
const maxPageChars = 400_000;

/** VISITOR_PAGE_CACHE=off renders every page every time (bench/throughput.js measures both). */
const enabled = !['0', 'false', 'off', 'no'].includes((process.env.VISITOR_PAGE_CACHE ?? 'on').toLowerCase());

type Copy = { stamp: string; madeAt: number; status: number; headers: [string, string][]; body: string; hasKeys: boolean };

const copies = new Map<string, Copy>();
let totalChars = 0;

/**
 * What makes two visitors' pages differ: the address, the cookies (language, easy mode, data
 * saver, a visitor's cart) and the connection hints data saver follows. Null for a request that
 * is not a visitor reading a kept page.
 */
function keyOf(event: RequestEvent): string | null {
	if (!enabled || event.request.method !== 'GET' || event.isDataRequest || !keptRoutes.has(event.route.id ?? '')) return null;
	if (event.cookies.get(sessionCookieName) !== undefined) return null;
	const headers = event.request.headers;
	return [event.url.pathname + event.url.search, headers.get('cookie') ?? '', headers.get('save-data') ?? '', headers.get('ect') ?? ''].join('\n');
}

function forget(key: string): void {
	const copy = copies.get(key);
	if (!copy) return;
	copies.delete(key);
	totalChars -= copy.body.length;
}

function keep(key: string, copy: Copy): void {
	forget(key);
	copies.set(key, copy);
	totalChars += copy.body.length;
	// A Map iterates in insertion order, and a copy used is put back at the end: the first is the least recently used.
	while (totalChars > maxTotalChars) forget(copies.keys().next().value!);
}

/** A page fit to give the next visitor: a whole HTML page that sets no cookie and is not private. */
function keepable(response: Response): boolean {
	const cacheControl = response.headers.get('cache-control') ?? '';
	return (
		response.status === 200 &&
		(response.headers.get('content-type') ?? '').startsWith('text/html') &&
		!response.headers.has('set-cookie') &&
		!/private|no-store/.test(cacheControl)
	);
}

function answer(copy: Copy): Response {
	// Each form on the page gets its own idempotency key, as a freshly rendered page would.
	return new Response(copy.hasKeys ? freshKeys(copy.body) : copy.body, { status: copy.status, headers: copy.headers });
}

export const keepVisitorPages: Handle = async ({ event, resolve }) => {
	const key = keyOf(event);
	if (!key) return resolve(event);
	// Read before rendering: a write committed while the page renders leaves the copy stale, and the next visitor must not get it.
	const stamp = await changeStamp();
	const now = Date.now();
	const copy = copies.get(key);
	if (copy && copy.stamp === stamp && now - copy.madeAt < maxAgeMs) {
		keep(key, copy);
		return answer(copy);
	}
	if (copy) forget(key);

	const response = await resolve(event);
	if (!keepable(response)) return response;
	const body = await response.text();
	if (body.length > maxPageChars) return new Response(body, { status: response.status, headers: response.headers });
	const hasKeys = body.includes(`name="${idempotencyField}"`);
	// A page whose keys are renewed each time is never the same twice: no etag, and its length is left to the answer.
	const headers = [...response.headers].filter(([name]) => !(hasKeys && (name === 'etag' || name === 'content-length')));
	const made: Copy = { stamp, madeAt: now, status: response.status, headers, body, hasKeys };
	keep(key, made);
	return new Response(body, { status: response.status, headers: hasKeys ? headers : response.headers });
}
