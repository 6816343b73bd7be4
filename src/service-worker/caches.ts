// What the service worker keeps: the app shell (per build), the pages each
// account has seen (one cache per account, so one person's pages never reach
// another on a shared phone), and who is signed in now.
import { build, files, version } from '$service-worker';
import { CacheExpiration } from 'workbox-expiration';
import { visitorCacheTag } from '$lib/offline';
import { absoluteAssetUrls, htmlResponse, titleOf } from './html';

const shellCache = `shell-${version}`;
const pagesPrefix = 'pages-';
const stateCache = 'state';
const accountKey = '/__village-square/account';
export const offlinePath = '/offline';
/** The outbox's home, where an offline form post lands; never saved, /offline stands in for it, outbox first. */
export const outboxPath = '/me';
export const outboxHref = `${outboxPath}#outbox`;

/**
 * The stylesheet, icons, the page script and the manifest's icons. Kit's JS
 * chunks stay out: pages ship none (csr = false), and a villager's data is not
 * spent on code no page runs; a page that opts in caches its chunks on first use.
 */
const shellAssets = [...build.filter((path) => path.endsWith('.css')), ...files.filter((path) => path !== '/robots.txt')];

/** Saved pages per account: enough for a villager's usual rounds, and nothing older than a month. */
const pageLimits = { maxEntries: 60, maxAgeSeconds: 30 * 24 * 60 * 60 };

const savedAtHeader = 'x-saved-at';
const savedTitleHeader = 'x-saved-title';

export async function installShell(): Promise<void> {
	await (await caches.open(shellCache)).addAll(shellAssets);
	await refreshOfflinePage();
}

export async function removeOldShells(): Promise<void> {
	for (const name of await caches.keys()) {
		if (name.startsWith('shell-') && name !== shellCache) await caches.delete(name);
	}
}

export function shellResponse(path: string): Promise<Response | undefined> {
	return caches.match(path, { cacheName: shellCache });
}

export function isShellAsset(path: string): boolean {
	return shellAssets.includes(path);
}

/** /offline in the current language and mode: fetched again whenever those or the account change; shown at any address. */
export async function refreshOfflinePage(): Promise<void> {
	try {
		const response = await fetch(offlinePath, { credentials: 'same-origin', signal: AbortSignal.timeout(15_000) });
		if (!response.ok) return;
		const html = absoluteAssetUrls(await response.text(), response.url);
		await (await caches.open(shellCache)).put(offlinePath, htmlResponse(html, response));
	} catch {
		// Offline right now: the copy already kept stays.
	}
}

/** Who is signed in (`current`), and whose session ran out without a logout (`lastUser`). */
export type AccountState = { current: string; lastUser: string | null };

/** Small JSON documents the worker keeps between restarts (it may be stopped at any time). */
export async function readRecord<T>(key: string, fallback: T): Promise<T> {
	const saved = await caches.match(key, { cacheName: stateCache });
	return saved ? ((await saved.json()) as T) : fallback;
}

export async function writeRecord(key: string, value: unknown): Promise<void> {
	await (await caches.open(stateCache)).put(key, Response.json(value));
}

let state: AccountState | undefined;

export async function accountState(): Promise<AccountState> {
	state ??= await readRecord<AccountState>(accountKey, { current: visitorCacheTag, lastUser: null });
	return state;
}

async function saveState(next: AccountState): Promise<void> {
	state = next;
	await writeRecord(accountKey, next);
}

/**
 * Whose saved pages and outbox may be shown now: the signed-in account's, or,
 * after a session ran out (no logout), the last account's, so its owner is not
 * locked out of their own pages; pages seen signed out are public and always shown.
 */
export function readableTags(s: AccountState): string[] {
	const tags = [s.current];
	if (s.current === visitorCacheTag && s.lastUser) tags.push(s.lastUser);
	if (s.current !== visitorCacheTag) tags.push(visitorCacheTag);
	return tags;
}

let changes: Promise<unknown> = Promise.resolve();

/** Account changes run one after another: a logout and the next page's tag must not interleave. */
function oneAtATime<T>(change: () => Promise<T>): Promise<T> {
	const run = changes.then(change);
	changes = run.catch(() => undefined);
	return run;
}

/** Follows the account tag on every page from the network. */
export function noteAccount(tag: string): Promise<void> {
	return oneAtATime(() => switchAccount(tag));
}

/** After a logout: that account's saved pages and photos are deleted and nothing of it stays readable. */
export function forgetAccount(): Promise<void> {
	return oneAtATime(signOut);
}

async function switchAccount(tag: string): Promise<void> {
	const s = await accountState();
	if (s.current === tag) return;
	if (tag === visitorCacheTag) {
		await saveState({ current: tag, lastUser: s.current === visitorCacheTag ? s.lastUser : s.current });
	} else {
		// Someone signed in: whoever used this phone before loses their saved pages here.
		for (const name of await caches.keys()) {
			if (name.startsWith(pagesPrefix) && name !== pagesCache(tag) && name !== pagesCache(visitorCacheTag)) await deletePages(name);
		}
		await saveState({ current: tag, lastUser: tag });
	}
	await refreshOfflinePage();
}

/** The photos this phone has seen, kept by the worker; they may come from members-only pages. */
export const mediaCache = 'media';

async function signOut(): Promise<void> {
	const s = await accountState();
	for (const tag of [s.current, s.lastUser]) {
		if (tag && tag !== visitorCacheTag) await deletePages(pagesCache(tag));
	}
	await caches.delete(mediaCache);
	await saveState({ current: visitorCacheTag, lastUser: null });
	await refreshOfflinePage();
}

/** The pages and their expiry records (Workbox keeps those apart, in IndexedDB). */
async function deletePages(name: string): Promise<void> {
	await caches.delete(name);
	await new CacheExpiration(name, pageLimits).delete();
}

function pagesCache(tag: string): string {
	return `${pagesPrefix}${tag}`;
}

/** Pages that are no use without a network (signing in needs the server): not worth a villager's storage. */
const notSaved = new Set(['/login', '/register', offlinePath]);

export async function savePage(url: string, html: string, response: Response, tag: string): Promise<void> {
	if (notSaved.has(new URL(url).pathname)) return;
	const headers = new Headers(response.headers);
	headers.set(savedAtHeader, String(Date.now()));
	headers.set(savedTitleHeader, encodeURIComponent(titleOf(html)));
	const name = pagesCache(tag);
	await (await caches.open(name)).put(url, new Response(html, { status: 200, headers }));
	const expiration = new CacheExpiration(name, pageLimits);
	await expiration.updateTimestamp(url);
	await expiration.expireEntries();
}

export type SavedPage = { url: string; title: string; savedAt: Date; response: Response };

function describe(url: string, response: Response): SavedPage {
	return {
		url,
		title: decodeURIComponent(response.headers.get(savedTitleHeader) ?? ''),
		savedAt: new Date(Number(response.headers.get(savedAtHeader))),
		response
	};
}

export async function findSavedPage(url: string): Promise<SavedPage | undefined> {
	for (const tag of readableTags(await accountState())) {
		const hit = await caches.match(url, { cacheName: pagesCache(tag) });
		if (hit) return describe(url, hit);
	}
	return undefined;
}

/**
 * Every page readable offline now, newest first. A page saved under several
 * addresses (`/me` and `/me?saved=settings`) is listed once, by its title.
 */
export async function listSavedPages(): Promise<SavedPage[]> {
	const pages: SavedPage[] = [];
	for (const tag of readableTags(await accountState())) {
		if (!(await caches.has(pagesCache(tag)))) continue;
		const cache = await caches.open(pagesCache(tag));
		for (const request of await cache.keys()) {
			const response = await cache.match(request);
			if (response) pages.push(describe(request.url, response));
		}
	}
	pages.sort((a, b) => b.savedAt.getTime() - a.savedAt.getTime());
	const seen = new Set<string>();
	return pages.filter((page) => !seen.has(page.title || page.url) && seen.add(page.title || page.url));
}
