/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { installShell, isShellAsset, mediaCache, outboxHref, removeOldShells, shellResponse } from './caches';
import { discardRefused, replayOutbox, retryRefused } from './outbox';
import { freshSlots, saveOpenPage, servePage, submitForm } from './pages';

const sw = self as unknown as ServiceWorkerGlobalScope;

let firstInstall = false;

sw.addEventListener('install', (event) => {
	firstInstall = !sw.registration.active;
	event.waitUntil(installShell());
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			await removeOldShells();
			await sw.clients.claim();
			if (firstInstall) {
				for (const client of await sw.clients.matchAll({ type: 'window' })) await saveOpenPage(client.url);
			}
		})()
	);
});

sw.addEventListener('message', (event) => {
	if (event.data?.type === 'skip-waiting') event.waitUntil(sw.skipWaiting());
	if (event.data?.type === 'replay') event.waitUntil(replayOutbox());
	// An open page asks for its spots afresh (static/shell.js); the answer goes back on the port it sent.
	const [port] = event.ports;
	if (event.data?.type === 'slots' && port && event.source && 'url' in event.source) {
		event.waitUntil(freshSlots(event.source.url, event.data).then((fresh) => port.postMessage(fresh)));
	}
});

const sameOrigin = (url: URL) => url.origin === sw.location.origin;

// The outbox's own buttons (on /me, or /offline standing in for it): handled here, they never reach the server.
registerRoute(
	({ url }) => sameOrigin(url) && url.pathname.startsWith('/__outbox/'),
	async ({ request, url }) => {
		const id = String((await request.formData()).get('id') ?? '');
		if (url.pathname === '/__outbox/retry') await retryRefused(id);
		else if (url.pathname === '/__outbox/discard') await discardRefused(id);
		else await replayOutbox();
		return Response.redirect(new URL(outboxHref, url).href, 303);
	},
	'POST'
);

registerRoute(({ request, url }) => request.mode === 'navigate' && sameOrigin(url), ({ event }) => submitForm(event as FetchEvent), 'POST');
registerRoute(({ request, url }) => request.mode === 'navigate' && sameOrigin(url), ({ event }) => servePage(event as FetchEvent));

registerRoute(
	({ url }) => sameOrigin(url) && isShellAsset(url.pathname),
	async ({ request }) => (await shellResponse(new URL(request.url).pathname)) ?? fetch(request)
);

// Build files and photos never change under their names: once fetched, kept.
registerRoute(
	({ url }) => sameOrigin(url) && url.pathname.startsWith('/_app/immutable/'),
	new CacheFirst({ cacheName: 'immutable', plugins: [new ExpirationPlugin({ maxEntries: 100, purgeOnQuotaError: true })] })
);
registerRoute(
	({ url }) => sameOrigin(url) && url.pathname.startsWith('/media/'),
	new CacheFirst({
		cacheName: mediaCache,
		plugins: [new ExpirationPlugin({ maxEntries: 150, maxAgeSeconds: 60 * 24 * 60 * 60, purgeOnQuotaError: true })]
	})
);
