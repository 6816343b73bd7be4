// Pages: network first with a short timeout, the saved copy when the network
// fails or dawdles, /offline for a page never seen; form posts that fail for
// lack of network go to the outbox. The spots the worker fills are handed out
// fresh to open pages too, so they follow the outbox and the network.
import { cacheAccountHeader, freshKeys, visitorCacheTag } from '$lib/offline';
import {
	accountState,
	findSavedPage,
	forgetAccount,
	listSavedPages,
	noteAccount,
	offlinePath,
	outboxHref,
	outboxPath,
	refreshOfflinePage,
	savePage,
	shellResponse
} from './caches';
import { fill, htmlResponse, localeOf, slotHtml, slots, type Locale, type Slot } from './html';
import { queueWrite, replayOutbox, viewOutbox } from './outbox';
import {
	backOnlineNotice,
	neverSavedNotice,
	offlineFormNotice,
	outboxBadge,
	outboxSection,
	savedCopyNotice,
	savedPagesList
} from './render';


/** On a weak signal a saved copy now beats a fresh page in ten seconds; the fresh one still lands in the cache. */
const networkTimeoutMs = 3000;

type Fetched = { response: Response; html: string | null };

function isHtml(response: Response): boolean {
	return response.headers.get('content-type')?.startsWith('text/html') ?? false;
}

async function readPage(response: Response): Promise<Fetched> {
	return { response, html: isHtml(response) ? await response.text() : null };
}

/** Badge everywhere; the outbox itself on /me and /offline (where an offline form post lands); the saved pages on /offline. */
async function decorate(html: string, path: string): Promise<string> {
	const view = await viewOutbox();
	const locale = localeOf(html);
	let page = fill(html, slots.outboxBadge, outboxBadge(view, locale));
	if (showsOutbox(path)) page = fill(page, slots.outbox, outboxSection(view, locale));
	if (path === offlinePath) page = fill(page, slots.savedPages, savedPagesList(await listSavedPages(), locale));
	return page;
}

/** What the page script asks for when the outbox changes or the network comes or goes (static/shell.js). */
export type SlotsRequest = { locale?: unknown; online?: unknown; savedAt?: unknown };

/**
 * The spots of an open page, fresh, keyed by their attribute: the badge, the
 * outbox (only pages that have its spot use it) and, on a saved copy, its mark,
 * which says the network is back and links to the fresh page.
 */
export async function freshSlots(pageUrl: string, request: SlotsRequest): Promise<Partial<Record<Slot, string>>> {
	const locale: Locale = request.locale === 'en' ? 'en' : 'zh-CN';
	const view = await viewOutbox();
	const fresh: Partial<Record<Slot, string>> = {
		[slots.outboxBadge]: slotHtml(slots.outboxBadge, outboxBadge(view, locale)),
		[slots.outbox]: slotHtml(slots.outbox, outboxSection(view, locale))
	};
	const savedAt = new Date(Number(request.savedAt));
	if (request.savedAt && !Number.isNaN(savedAt.getTime())) {
		const { pathname, search } = new URL(pageUrl);
		const mark = request.online === true ? backOnlineNotice(savedAt, pathname + search, locale) : savedCopyNotice(savedAt, locale);
		fresh[slots.savedCopy] = slotHtml(slots.savedCopy, mark);
	}
	return fresh;
}

async function fromNetwork({ response, html }: Fetched, path: string): Promise<Response> {
	if (html === null) return response;
	return htmlResponse(await decorate(html, path), response);
}

/** /offline from the shell cache; `reason`, in the page's language, says why it shows instead of the page asked for. */
async function offlinePage(reason?: (locale: Locale) => string): Promise<Response> {
	const cached = await shellResponse(offlinePath);
	if (!cached) return new Response('Offline', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	const html = await cached.text();
	const page = reason ? fill(html, slots.offlineReason, reason(localeOf(html))) : html;
	return htmlResponse(await decorate(page, offlinePath), cached, 200);
}

/**
 * Learns whose page this is and keeps a copy of it. The account comes first:
 * the outbox, replayed after this, only ever sends a write with the session of
 * the account that made it.
 */
async function rememberPage(url: string, { response, html }: Fetched, save: boolean): Promise<void> {
	if (html === null) return;
	const tag = response.headers.get(cacheAccountHeader) ?? visitorCacheTag;
	await noteAccount(tag);
	if (save && response.ok) await savePage(url, html, response, tag);
}

/** After a page came from the network: remember it, then send what waits. Resolves when the outbox has been sent. */
function afterNetwork(event: FetchEvent, fetched: Fetched, save: boolean): Promise<void> {
	const replayed = rememberPage(event.request.url, fetched, save).then(replayOutbox);
	event.waitUntil(replayed);
	return replayed;
}

/** The page that installed the worker loaded before it: fetched again so it too is readable offline. */
export async function saveOpenPage(url: string): Promise<void> {
	try {
		await rememberPage(url, await readPage(await fetch(url, { credentials: 'same-origin' })), true);
	} catch {
		// Offline already: nothing to save.
	}
}

/** Pages that show the outbox wait for it to be sent first (a few seconds at most); others need not. */
function showsOutbox(path: string): boolean {
	return path === outboxPath || path === offlinePath;
}

function settled(replayed: Promise<void>): Promise<unknown> {
	return Promise.race([replayed, new Promise((done) => setTimeout(done, 5000))]);
}

export async function servePage(event: FetchEvent): Promise<Response> {
	const { request } = event;
	const path = new URL(request.url).pathname;
	const network = fetch(request)
		.then(readPage)
		.then(async (fetched) => {
			const replayed = afterNetwork(event, fetched, true);
			if (showsOutbox(path)) await settled(replayed);
			return fetched;
		})
		.catch(() => null);
	const first = await Promise.race([network, new Promise<'slow'>((done) => setTimeout(() => done('slow'), networkTimeoutMs))]);
	if (first && first !== 'slow' && first.response.status < 500) return fromNetwork(first, path);

	const saved = await findSavedPage(request.url);
	if (saved) {
		event.waitUntil(network);
		const html = await saved.response.text();
		const marked = freshKeys(fill(html, slots.savedCopy, savedCopyNotice(saved.savedAt, localeOf(html))));
		return htmlResponse(await decorate(marked, path), saved.response, 200);
	}
	const late = first === 'slow' ? await network : first;
	if (late) return fromNetwork(late, path);
	return offlinePage(path === outboxPath ? undefined : neverSavedNotice);
}

export async function submitForm(event: FetchEvent): Promise<Response> {
	const { request } = event;
	const path = new URL(request.url).pathname;
	const copy = request.clone();
	let response: Response;
	try {
		response = await fetch(request);
	} catch {
		const { current } = await accountState();
		if (await queueWrite(copy, current)) return Response.redirect(new URL(outboxHref, request.url).href, 303);
		// Not replayable (a login, say): say so on the offline page.
		return offlinePage(offlineFormNotice);
	}
	// A redirect after a post is opaque here; it means the post was accepted.
	const accepted = response.type === 'opaqueredirect' || response.status < 400;
	// Before the next page loads, so it cannot be saved under the account just left.
	if (accepted && path === '/logout') await forgetAccount();
	// Settings may have changed the language or easy mode /offline is shown in.
	else if (accepted && path === '/me') event.waitUntil(refreshOfflinePage());
	if (response.type === 'opaqueredirect') return response;
	const fetched = await readPage(response);
	const replayed = afterNetwork(event, fetched, false);
	if (showsOutbox(path)) await settled(replayed);
	return fromNetwork(fetched, path);
}
