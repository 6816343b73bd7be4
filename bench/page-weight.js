// Page weight and the issue-3 budgets, under DevTools-style "3G" throttling (400 kbps down and up,
// 400 ms latency): for each page a cold load in a fresh browser context, then a repeat visit in
// the same context once the service worker (if any) is active. Bytes are on the wire (compressed,
// headers included), split by kind.
//   node bench/page-weight.js [--base http://127.0.0.1:3000] [--json] [/path | /path@user ...]
// `/path@user` signs in as that demo user first (password `village-demo`, or --password).
// Without --base it starts the production build itself (temp database, demo data); build first.
// A benchmark, not a test: it exits 0 whatever the figures, and non-zero only if it could not run.
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions, startTestServer } from '../scripts/start-test-server.js';

/** @typedef {'html' | 'css' | 'js' | 'images' | 'other'} Kind */
/** @typedef {'cold' | 'repeat'} Visit */
/** @typedef {'page' | 'sw'} Requester who asked: the page, or its service worker (install, or a fetch it passed on) */
/** @typedef {'network' | 'sw' | 'cache'} Source who answered: the network, the service worker, or the HTTP cache */
/**
 * @typedef {object} Entry
 * @property {string} url
 * @property {string} type Chromium's resource type (Document, Stylesheet, ...)
 * @property {Kind} kind
 * @property {number} bytes on the wire; counted only when `source` is 'network'
 * @property {boolean} finished
 * @property {boolean} failed
 * @property {boolean} streaming an event stream, which never finishes
 * @property {Requester} requester
 * @property {Source} source
 * @property {Visit} visit
 * @property {boolean} fixed bytes taken from the response's headers, as Network events carry none (a worker's scripts)
 */
/** @typedef {{ path: string, user?: string }} Target */
/** @typedef {Record<Kind | 'total', number>} Bytes */
/**
 * @typedef {object} VisitResult
 * @property {string} finalPath
 * @property {number} status
 * @property {number} loadMs navigation start to the end of the `load` event, under throttling
 * @property {Bytes} bytes on the wire; a repeat visit counts what the service worker fetched for the page too
 * @property {number} shellBytes on the wire, everything but the HTML document(s)
 * @property {{ network: number, sw: number, cache: number, failed: number }} requests
 */
/**
 * @typedef {object} ServiceWorkerResult
 * @property {number | null} readyMs navigation start to `navigator.serviceWorker.ready`; null if it never got there
 * @property {number} bytes what the worker fetched while the cold load and its install ran (precache)
 * @property {number} requests
 */
/** @typedef {{ name: string, ok: boolean, actual: number, limit: number }} Check */
/**
 * @typedef {object} PageResult
 * @property {string} path
 * @property {string | null} user
 * @property {boolean} interactive ships more JS than a service-worker registration snippet
 * @property {VisitResult} cold
 * @property {VisitResult} repeat
 * @property {ServiceWorkerResult | null} serviceWorker null when the page registered none
 * @property {Check[]} checks
 */

const KINDS = /** @type {const} */ (['html', 'css', 'js', 'images', 'other']);
const VIEWPORT = { width: 360, height: 640 };
const KB = 1024;

/** Issue 3's "3G", as DevTools throttles: 400 kbps both ways (in bytes/s here), 400 ms latency per request. */
const THROTTLE = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };

/** Issue 3's budgets, in bytes on the wire. "Photos aside": images never count towards the totals. */
const BUDGETS = {
	staticTotal: 28 * KB,
	interactiveTotal: 60 * KB,
	interactiveJs: 35 * KB,
	htmlCss: 14 * KB,
	repeatShell: 0
};

/** More JS than this on a cold load means the page ships framework code, not just the few
 * hundred bytes that register the service worker; it is then held to the interactive budget. */
const INTERACTIVE_JS_BYTES = 2 * KB;

const DEMO_PASSWORD = 'village-demo';

/** @type {Target[]} every page the app has, as a visitor and as the user each needs */
const DEFAULT_TARGETS = [
	{ path: '/' },
	{ path: '/login' },
	{ path: '/register' },
	{ path: '/me' },
	{ path: '/me', user: 'villager' },
	{ path: '/v/shuwangzhuang' },
	{ path: '/market' },
	{ path: '/live' },
	// The demo's two live sales: the bird cages tomorrow (its page runs the stream's script) and yesterday's cherries (the replay).
	{ path: '/live/1' },
	{ path: '/live/2' },
	{ path: '/live/new', user: 'villager' },
	{ path: '/qa' },
	{ path: '/charity' },
	{ path: '/committee', user: 'cadre' },
	{ path: '/admin', user: 'admin' },
	{ path: '/offline' }
];

/** Precaching a whole app at 50 KB/s takes a while; past this the worker counts as never ready. */
const SW_READY_TIMEOUT_MS = 120_000;

const USAGE = 'Usage: node bench/page-weight.js [--base URL] [--json] [--password PW] [/path | /path@user ...]';

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {string | undefined} */
	let base;
	let json = false;
	let password = DEMO_PASSWORD;
	/** @type {Target[]} */
	const targets = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--base') base = argv[++i];
		else if (arg.startsWith('--base=')) base = arg.slice('--base='.length);
		else if (arg === '--json') json = true;
		else if (arg === '--password') password = argv[++i] ?? '';
		else if (arg.startsWith('/')) targets.push(parseTarget(arg));
		else throw new Error(`Unknown argument "${arg}". ${USAGE}`);
	}
	if (argv.includes('--base') && !base) throw new Error('--base needs a URL, e.g. --base http://127.0.0.1:3000');
	if (!password) throw new Error('--password needs a value');
	return { base, json, password, targets: targets.length > 0 ? targets : DEFAULT_TARGETS };
}

/** @param {string} arg `/path` or `/path@user` */
function parseTarget(arg) {
	const at = arg.lastIndexOf('@');
	return at > 0 ? { path: arg.slice(0, at), user: arg.slice(at + 1) } : { path: arg };
}

/**
 * By MIME type; by Chromium's resource type when there is none (e.g. a failed request).
 * @param {string} mimeType
 * @param {string} type
 * @returns {Kind}
 */
function kindOf(mimeType, type) {
	const mime = mimeType.toLowerCase();
	if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
	if (mime === 'text/css') return 'css';
	if (mime.includes('javascript') || mime.includes('ecmascript')) return 'js';
	if (mime.startsWith('image/')) return 'images';
	if (mime) return 'other';
	/** @type {Record<string, Kind>} */
	const byType = { Document: 'html', Stylesheet: 'css', Script: 'js', Image: 'images' };
	return byType[type] ?? 'other';
}

/**
 * @typedef {(method: string, handler: (params: any) => void) => void} Subscribe
 * @typedef {(requestId: string, url: string, kind: Kind, bytes: number) => void} FixBytes
 * @typedef {{ visit: Visit, entries: Entry[], listen: (on: Subscribe, requester: Requester) => FixBytes }} Recorder
 */

/**
 * Collects the Network events of the page's CDP session and its service workers' sessions into
 * one list; each entry is tagged with the visit that was under way when it was requested.
 * @returns {Recorder}
 */
function createRecorder() {
	/** @type {Recorder} */
	const recorder = { visit: 'cold', entries: [], listen };
	return recorder;

	/**
	 * @param {Subscribe} on
	 * @param {Requester} requester
	 * @returns {FixBytes} sets one request's bytes, whatever its Network events say
	 */
	function listen(on, requester) {
		// Request ids are per session, so each session gets its own index.
		/** @type {Map<string, Entry>} */
		const byId = new Map();
		/** @param {string} url @param {string} type @returns {Entry} */
		const add = (url, type) => {
			/** @type {Entry} */
			const entry = { url, type, kind: kindOf('', type), bytes: 0, finished: false, failed: false, streaming: false, requester, source: 'network', visit: recorder.visit, fixed: false };
			recorder.entries.push(entry);
			return entry;
		};

		on('Network.requestWillBeSent', ({ requestId, request, redirectResponse, type = 'Other' }) => {
			const previous = byId.get(requestId);
			if (previous?.fixed && !redirectResponse) return;
			if (previous && redirectResponse) {
				// A redirect reuses the request id: the hop is finished, the next request starts afresh.
				previous.kind = kindOf(redirectResponse.mimeType, previous.type);
				previous.source = sourceOf(redirectResponse);
				previous.bytes = redirectResponse.encodedDataLength;
				previous.finished = true;
			}
			byId.set(requestId, add(request.url, type));
		});
		// A memory-cache hit: no responseReceived says so.
		on('Network.requestServedFromCache', ({ requestId }) => {
			const entry = byId.get(requestId);
			if (entry) entry.source = 'cache';
		});
		on('Network.responseReceived', ({ requestId, type, response }) => {
			const entry = byId.get(requestId);
			if (!entry) return;
			entry.kind = kindOf(response.mimeType, type);
			entry.streaming = response.mimeType === 'text/event-stream';
			if (entry.source !== 'cache' && !entry.fixed) entry.source = sourceOf(response);
		});
		// Running total for responses that never finish (an open event stream); replaced when they do.
		on('Network.dataReceived', ({ requestId, encodedDataLength }) => {
			const entry = byId.get(requestId);
			if (entry && !entry.finished && !entry.fixed) entry.bytes += encodedDataLength;
		});
		on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
			const entry = byId.get(requestId);
			if (!entry) return;
			if (!entry.fixed) entry.bytes = encodedDataLength;
			entry.finished = true;
		});
		on('Network.loadingFailed', ({ requestId }) => {
			const entry = byId.get(requestId);
			if (entry) entry.failed = true;
		});
		return (requestId, url, kind, bytes) => {
			const entry = byId.get(requestId) ?? add(url, 'Script');
			byId.set(requestId, entry);
			Object.assign(entry, { kind, bytes, source: 'network', finished: true, fixed: true });
		};
	}
}

/**
 * @param {{ fromServiceWorker?: boolean, fromDiskCache?: boolean, fromPrefetchCache?: boolean }} response
 * @returns {Source}
 */
function sourceOf(response) {
	if (response.fromServiceWorker) return 'sw';
	if (response.fromDiskCache || response.fromPrefetchCache) return 'cache';
	return 'network';
}

/**
 * @typedef {(method: string, params: object) => Promise<any>} Send
 * @typedef {{ listeners: Map<string, ((params: any) => void)[]>, pending: Map<number, { resolve: (r: any) => void, reject: (e: Error) => void }> }} SessionState
 */

/**
 * Sessions with targets Playwright keeps to itself (service workers), the old non-flat way:
 * commands and events travel inside `Target.sendMessageToTarget` and
 * `Target.receivedMessageFromTarget` of a browser-level session, because Playwright's public
 * CDPSession cannot address flat child sessions.
 * @param {import('playwright-core').CDPSession} cdp a browser-level session
 */
function nonFlatSessions(cdp) {
	/** @type {Map<string, SessionState>} by session id */
	const sessions = new Map();
	let lastId = 0;

	cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
		const session = sessions.get(sessionId);
		if (!session) return;
		const { id, method, params, result, error } = JSON.parse(message);
		const reply = id === undefined ? undefined : session.pending.get(id);
		if (reply) {
			session.pending.delete(id);
			if (error) reply.reject(new Error(`${error.message} (${error.code})`));
			else reply.resolve(result);
		} else if (method) {
			for (const listener of session.listeners.get(method) ?? []) listener(params);
		}
	});
	cdp.on('Target.detachedFromTarget', ({ sessionId }) => {
		const session = sessionId && sessions.get(sessionId);
		if (!session) return;
		for (const reply of session.pending.values()) reply.reject(new Error('target detached'));
		sessions.delete(sessionId);
	});

	/**
	 * Listeners can be added at once, so no early event is missed; commands wait for the attachment.
	 * @param {string} targetId
	 * @returns {{ on: Subscribe, send: Send }}
	 */
	function attach(targetId) {
		/** @type {SessionState} */
		const session = { listeners: new Map(), pending: new Map() };
		const attached = cdp.send('Target.attachToTarget', { targetId, flatten: false }).then(({ sessionId }) => {
			sessions.set(sessionId, session);
			return sessionId;
		});
		return {
			on: (method, listener) => session.listeners.set(method, [...(session.listeners.get(method) ?? []), listener]),
			send: async (method, params) => {
				const sessionId = await attached;
				return new Promise((resolve, reject) => {
					const id = ++lastId;
					session.pending.set(id, { resolve, reject });
					cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
				});
			}
		};
	}
	return { attach };
}

/**
 * @typedef {object} Worker a service worker target (one per worker version)
 * @property {FixBytes} fixBytes
 * @property {boolean} started its first request, the worker script, has been let through
 * @property {Promise<boolean>} throttled true once Chromium throttles the worker's requests
 * @property {number} linkFreeAt when requests throttled by hand have the link to themselves again
 * @typedef {{ worker: Worker, requestedAt: number, networkId: string, resourceType: string }} HandThrottled
 */

/**
 * Throttles and records service workers, which `Network.emulateNetworkConditions` on the page's
 * session does not reach: a worker is a target of its own with its own throttling, so its
 * precache would otherwise download at full speed. What works (Chromium 156, Playwright 1.65):
 * - Playwright has no CDP session for workers, so this attaches to each one from a
 *   browser-level session, the old non-flat way (see nonFlatSessions).
 * - Playwright lets a new worker run at once. To be there before the worker fetches anything,
 *   a browser-level `Fetch` interception pauses every request; a worker's requests carry the
 *   worker's target id as frameId. Page requests are let through straight away.
 * - Conditions sent before the worker has started are lost, and a worker answers nothing until
 *   its script has loaded and run (importScripts included), so holding its first requests for
 *   the throttle would deadlock. Its script and whatever it fetches before Chromium's throttle is
 *   acknowledged are therefore throttled here by hand: held at the response stage until latency
 *   plus their bytes at the throttled rate (one request after another) have passed.
 * - Network events carry no body bytes for a worker's scripts, so requests throttled by hand are
 *   counted from their Content-Length (or the decoded body, an upper bound, without one).
 * @param {import('playwright-core').Browser} browser
 */
async function watchServiceWorkers(browser) {
	const cdp = await browser.newBrowserCDPSession();
	/** The page measured now, which workers' requests are added to; null while signing in. */
	let recorder = /** @type {Recorder | null} */ (null);
	/** @type {Map<string, Worker>} by target id */
	const workers = new Map();
	/** Frames of pages, asked about once each. */
	const notWorkers = new Set();
	/** @type {Map<string, HandThrottled>} by Fetch request id */
	const byHand = new Map();
	/** @type {Set<string>} */
	const problems = new Set();
	const targets = nonFlatSessions(cdp);

	/** @param {string} targetId @param {Recorder} into @returns {Worker} */
	function attach(targetId, into) {
		const session = targets.attach(targetId);
		const fixBytes = into.listen(session.on, 'sw');
		// The answer to Network.enable is the first sign that the worker has started: only
		// conditions sent from then on stick.
		const throttled = session
			.send('Network.enable', {})
			.then(() => session.send('Network.emulateNetworkConditions', THROTTLE))
			.then(
				() => true,
				(error) => {
					problems.add(`could not throttle a service worker through CDP (throttled by hand instead): ${error.message}`);
					return false;
				}
			);
		return { fixBytes, started: false, throttled, linkFreeAt: 0 };
	}

	/** @param {string} frameId @returns {Promise<Worker | null>} */
	async function workerOf(frameId) {
		if (!recorder || notWorkers.has(frameId)) return null;
		const known = workers.get(frameId);
		if (known) return known;
		const into = recorder;
		const type = await cdp
			.send('Target.getTargetInfo', { targetId: frameId })
			.then(({ targetInfo }) => targetInfo.type)
			.catch(() => 'frame'); // a frame inside a page is no target of its own
		if (type !== 'service_worker') {
			notWorkers.add(frameId);
			return null;
		}
		// Another request may have got here first while this one asked.
		const worker = workers.get(frameId) ?? attach(frameId, into);
		workers.set(frameId, worker);
		return worker;
	}

	/**
	 * Whether to throttle this worker request by hand: always its script; otherwise if Chromium
	 * has not acknowledged the throttle within the latency the request has to wait anyway.
	 * @param {Worker} worker
	 */
	async function throttleByHand(worker) {
		if (!worker.started) {
			worker.started = true;
			return true;
		}
		const inTime = await Promise.race([worker.throttled, new Promise((resolve) => setTimeout(() => resolve(false), THROTTLE.latency))]);
		return !inTime;
	}

	/**
	 * At the response stage: counts the response from its headers and holds it as long as the
	 * throttled link would have.
	 * @param {HandThrottled} held
	 * @param {{ requestId: string, request: { url: string }, responseStatusCode?: number, responseStatusText?: string, responseHeaders?: { name: string, value: string }[] }} event Fetch.requestPaused
	 */
	async function holdResponse(held, event) {
		const headers = event.responseHeaders ?? [];
		const header = (/** @type {string} */ name) => headers.find((h) => h.name.toLowerCase() === name)?.value;
		const contentLength = Number(header('content-length') ?? NaN);
		const body = Number.isFinite(contentLength) ? contentLength : await decodedLength(event.requestId);
		const statusLine = `HTTP/1.1 ${event.responseStatusCode} ${event.responseStatusText ?? ''}\r\n\r\n`.length;
		const bytes = body + headers.reduce((sum, h) => sum + h.name.length + h.value.length + 4, statusLine);
		const { worker } = held;
		worker.fixBytes(held.networkId, event.request.url, kindOf(header('content-type')?.split(';')[0] ?? '', held.resourceType), bytes);
		const due = Math.max(held.requestedAt + THROTTLE.latency, worker.linkFreeAt) + (bytes / THROTTLE.downloadThroughput) * 1000;
		worker.linkFreeAt = due;
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
	}

	/** @param {string} requestId */
	async function decodedLength(requestId) {
		const { body, base64Encoded } = await cdp.send('Fetch.getResponseBody', { requestId });
		return base64Encoded ? Buffer.from(body, 'base64').length : Buffer.byteLength(body);
	}

	cdp.on('Fetch.requestPaused', async (event) => {
		let interceptResponse = false;
		try {
			const held = byHand.get(event.requestId);
			byHand.delete(event.requestId);
			if (held) {
				if (!event.responseErrorReason) await holdResponse(held, event);
			} else {
				const worker = await workerOf(event.frameId);
				if (worker && (await throttleByHand(worker))) {
					interceptResponse = true;
					// The worker's own id stands in for its script's network id, as in Network events.
					const networkId = event.networkId ?? event.frameId;
					byHand.set(event.requestId, { worker, requestedAt: Date.now(), networkId, resourceType: event.resourceType });
				}
			}
		} catch (error) {
			problems.add(`service worker request: ${error instanceof Error ? error.message : error}`);
		} finally {
			// Fails harmlessly when the context closed meanwhile.
			const params = interceptResponse ? { requestId: event.requestId, interceptResponse } : { requestId: event.requestId };
			cdp.send('Fetch.continueRequest', params).catch(() => {});
		}
	});
	await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });

	return {
		/** @param {Recorder | null} next */
		recordInto(next) {
			recorder = next;
		},
		/** Whatever went wrong with the workers, once each, to print with the results. */
		problems: () => [...problems],
		close: () => cdp.detach().catch(() => {})
	};
}

/**
 * Signs in through the real /login form in a throwaway context and returns its cookies, so the
 * measured context starts cold (no HTTP cache, no service worker) but signed in.
 * @param {import('playwright-core').Browser} browser
 * @param {string} baseURL
 * @param {string} user
 * @param {string} password
 */
async function signIn(browser, baseURL, user, password) {
	const context = await browser.newContext({ viewport: VIEWPORT });
	try {
		const page = await context.newPage();
		await page.goto(new URL('/login', baseURL).href);
		await page.fill('input[name="username"]', user);
		await page.fill('input[name="password"]', password);
		const left = page.waitForURL((url) => url.pathname !== '/login', { timeout: 15_000 });
		await Promise.all([left, page.click('form button[type="submit"]')]).catch(() => {
			throw new Error(`Could not sign in as "${user}" (still on /login): wrong password, or the demo data is missing?`);
		});
		const { cookies } = await context.storageState();
		return { cookies, origins: [] };
	} finally {
		await context.close();
	}
}

/**
 * Waits until nothing but event streams has been in flight for half a second (at most 15 s):
 * like Playwright's `networkidle`, which an open event stream would never reach.
 * @param {() => boolean} busy
 */
async function settle(busy) {
	const deadline = Date.now() + 15_000;
	let quietSince = Date.now();
	while (Date.now() < deadline) {
		if (busy()) quietSince = Date.now();
		else if (Date.now() - quietSince >= 500) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/**
 * @param {Recorder} recorder
 * @param {Visit} visit
 * @param {Requester[]} requesters
 */
const inFlight = (recorder, visit, requesters) => () =>
	recorder.entries.some((e) => e.visit === visit && requesters.includes(e.requester) && !e.finished && !e.failed && !e.streaming);

/** Only http(s) requests cost bytes; data: URLs and the like do not. */
const onWire = (/** @type {Entry} */ e) => /^https?:/.test(e.url);

/**
 * One navigation under throttling: page load, then until the page's requests are idle. A cold
 * load counts the page's own requests only: what its service worker fetches meanwhile is install
 * cost, reported apart. A repeat visit counts the worker's requests too, as they are made for the page.
 * @param {import('playwright-core').Page} page
 * @param {Recorder} recorder
 * @param {string} url
 * @param {Visit} visit
 * @returns {Promise<VisitResult>}
 */
async function loadPage(page, recorder, url, visit) {
	recorder.visit = visit;
	/** @type {Requester[]} */
	const requesters = visit === 'cold' ? ['page'] : ['page', 'sw'];
	const response = await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
	await settle(inFlight(recorder, visit, requesters));
	const loadMs = await page.evaluate(() => {
		const [navigation] = /** @type {PerformanceNavigationTiming[]} */ (performance.getEntriesByType('navigation'));
		return navigation ? Math.round(navigation.loadEventEnd) : -1;
	});
	const entries = recorder.entries.filter((e) => e.visit === visit && requesters.includes(e.requester) && onWire(e));
	return { ...summarise(entries), finalPath: new URL(page.url()).pathname, status: response?.status() ?? 0, loadMs };
}

/**
 * @param {Entry[]} entries one visit's
 * @returns {Pick<VisitResult, 'bytes' | 'shellBytes' | 'requests'>}
 */
function summarise(entries) {
	/** @type {Bytes} */
	const bytes = { total: 0, html: 0, css: 0, js: 0, images: 0, other: 0 };
	const documents = new Set(entries.filter((e) => e.requester === 'page' && e.type === 'Document').map((e) => e.url));
	let shellBytes = 0;
	const requests = { network: 0, sw: 0, cache: 0, failed: 0 };
	for (const entry of entries) {
		if (entry.failed) requests.failed++;
		requests[entry.source]++;
		if (entry.source !== 'network') continue;
		bytes[entry.kind] += entry.bytes;
		bytes.total += entry.bytes;
		// The document itself, whether the page or its worker fetched it, is content, not shell.
		if (!(entry.kind === 'html' && documents.has(entry.url))) shellBytes += entry.bytes;
	}
	return { bytes, shellBytes, requests };
}

/**
 * The page's service worker, if it registered one: when it became ready and what it downloaded
 * in the background meanwhile. The ready time comes from an init script, so it is exact even
 * when the worker was ready before this asks.
 * @param {import('playwright-core').Page} page
 * @param {Recorder} recorder
 * @returns {Promise<ServiceWorkerResult | null>}
 */
async function serviceWorkerOf(page, recorder) {
	const registered = await page.evaluate(async () => Boolean(await navigator.serviceWorker?.getRegistration()));
	if (!registered) return null;
	const readyMs = await page
		.waitForFunction(() => /** @type {any} */ (window).__benchServiceWorkerReadyAt, undefined, { timeout: SW_READY_TIMEOUT_MS, polling: 100 })
		.then(async (handle) => Math.round(/** @type {number} */ (await handle.jsonValue())))
		.catch(() => null);
	await settle(inFlight(recorder, 'cold', ['page', 'sw']));
	const fetched = recorder.entries.filter((e) => e.visit === 'cold' && e.requester === 'sw' && onWire(e) && e.source === 'network');
	return { readyMs, bytes: fetched.reduce((sum, e) => sum + e.bytes, 0), requests: fetched.length };
}

/**
 * Cold load in a fresh context, then a repeat visit in the same context.
 * @param {import('playwright-core').Browser} browser
 * @param {Awaited<ReturnType<typeof watchServiceWorkers>>} workers
 * @param {string} baseURL
 * @param {Target} target
 * @param {Awaited<ReturnType<typeof signIn>> | undefined} storageState
 * @returns {Promise<PageResult>}
 */
async function measure(browser, workers, baseURL, target, storageState) {
	const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'allow', storageState });
	const recorder = createRecorder();
	workers.recordInto(recorder);
	try {
		await context.addInitScript(() => {
			navigator.serviceWorker?.ready.then(() => {
				/** @type {any} */ (window).__benchServiceWorkerReadyAt = performance.now();
			});
		});
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		recorder.listen((method, listener) => cdp.on(/** @type {any} */ (method), listener), 'page');
		await cdp.send('Network.enable');
		await cdp.send('Network.emulateNetworkConditions', THROTTLE);

		const url = new URL(target.path, baseURL).href;
		const cold = await loadPage(page, recorder, url, 'cold');
		const serviceWorker = await serviceWorkerOf(page, recorder);
		// Leave and come back, as a villager would: a new navigation (not a reload, which would
		// revalidate), so the HTTP cache and the worker answer as they would on a later visit.
		await page.goto('about:blank');
		const repeat = await loadPage(page, recorder, url, 'repeat');

		const interactive = cold.bytes.js > INTERACTIVE_JS_BYTES;
		return { path: target.path, user: target.user ?? null, interactive, cold, repeat, serviceWorker, checks: check(interactive, cold, repeat) };
	} finally {
		workers.recordInto(null);
		await context.close();
	}
}

/**
 * @param {boolean} interactive
 * @param {VisitResult} cold
 * @param {VisitResult} repeat
 * @returns {Check[]}
 */
function check(interactive, cold, repeat) {
	/** @param {string} name @param {number} actual @param {number} limit */
	const within = (name, actual, limit) => ({ name, ok: actual <= limit, actual, limit });
	const withoutImages = cold.bytes.total - cold.bytes.images;
	return [
		interactive ? within('total', withoutImages, BUDGETS.interactiveTotal) : within('total', withoutImages, BUDGETS.staticTotal),
		...(interactive ? [within('JS', cold.bytes.js, BUDGETS.interactiveJs)] : []),
		within('HTML+CSS', cold.bytes.html + cold.bytes.css, BUDGETS.htmlCss),
		within('repeat shell', repeat.shellBytes, BUDGETS.repeatShell)
	];
}

const kb = (/** @type {number} */ n) => (n / KB).toFixed(1);
const seconds = (/** @type {number | null} */ ms) => (ms === null || ms < 0 ? '-' : (ms / 1000).toFixed(1));

/** The budgets judged on this row: the cold load's on the cold row, the repeat shell on the other. */
function budgetCell(/** @type {PageResult} */ r, /** @type {Visit} */ visit) {
	const mark = (/** @type {Check} */ c) => `${c.name} ${c.limit === 0 ? '0' : `≤${c.limit / KB}`} ${c.ok ? '✓' : '✗'}`;
	const checks = r.checks.filter((c) => (c.name === 'repeat shell') === (visit === 'repeat')).map(mark).join('  ');
	return visit === 'cold' ? `${r.interactive ? 'interactive' : 'static'}: ${checks}` : checks;
}

/** @param {PageResult[]} results @param {string[]} problems */
function printTable(results, problems) {
	const headers = ['visit', 'status', 'load s', 'total KB', 'HTML', 'CSS', 'JS', 'images', 'other', 'shell', 'net/SW/cache', 'SW KB', 'SW s'];
	/** @type {string[][]} */
	const rows = [];
	/** @type {string[]} */
	const budgets = [];
	for (const r of results) {
		const name = r.user ? `${r.path} (${r.user})` : r.path;
		for (const visit of /** @type {const} */ (['cold', 'repeat'])) {
			const v = r[visit];
			const label = visit === 'cold' ? (v.finalPath === r.path ? name : `${name} → ${v.finalPath}`) : '';
			const sw = visit === 'cold' && r.serviceWorker;
			rows.push([
				label,
				visit,
				String(v.status),
				seconds(v.loadMs),
				kb(v.bytes.total),
				...KINDS.map((k) => kb(v.bytes[k])),
				kb(v.shellBytes),
				`${v.requests.network}/${v.requests.sw}/${v.requests.cache}`,
				sw ? kb(sw.bytes) : visit === 'cold' ? 'none' : '',
				sw ? seconds(sw.readyMs) : ''
			]);
			budgets.push(budgetCell(r, visit));
		}
	}
	const pathWidth = Math.max(4, ...rows.map((r) => r[0].length));
	const line = (/** @type {string[]} */ cells) =>
		[cells[0].padEnd(pathWidth), ...cells.slice(1).map((c, i) => c.padStart(Math.max(headers[i].length, 5) + 2))].join('');
	console.log(`\nPage weight at ${VIEWPORT.width}x${VIEWPORT.height}, throttled to ${(THROTTLE.downloadThroughput * 8) / 1000} kbps / ${THROTTLE.latency} ms.`);
	console.log('Bytes on the wire (compressed, with headers), KB = 1024 bytes; shell = all but the HTML document;');
	console.log('net/SW/cache = requests that went over the network / were answered by the service worker / by the HTTP cache;');
	console.log('SW KB, SW s = what the service worker downloaded in the background (not in total KB), and when it was ready.\n');
	console.log(`${line(['page', ...headers])}  budgets (KB)`);
	rows.forEach((row, i) => console.log(`${line(row)}  ${budgets[i]}`));
	console.log('');
	for (const r of results) {
		const name = r.user ? `${r.path} (${r.user})` : r.path;
		if (r.cold.status >= 400) console.log(`note: ${name} answered HTTP ${r.cold.status}`);
		const failed = r.cold.requests.failed + r.repeat.requests.failed;
		if (failed > 0) console.log(`note: ${name}: ${failed} request(s) failed`);
		if (r.serviceWorker && r.serviceWorker.readyMs === null) console.log(`note: ${name}: the service worker was not ready within ${SW_READY_TIMEOUT_MS / 1000} s`);
	}
	for (const problem of problems) console.log(`note: ${problem}`);
	if (!results.some((r) => r.serviceWorker)) console.log('note: no page registered a service worker; the repeat visits show what the HTTP cache alone does.');
	const failing = results.filter((r) => r.checks.some((c) => !c.ok)).length;
	console.log(`${results.length - failing} of ${results.length} pages within all budgets.\n`);
}

async function main() {
	const { base, json, password, targets } = parseArgs(process.argv.slice(2));
	const server = base ? undefined : await startTestServer();
	if (server) console.error(`Started the production build at ${server.baseURL} (temp database, demo data).`);
	const baseURL = base ?? /** @type {NonNullable<typeof server>} */ (server).baseURL;
	try {
		const browser = await chromium.launch(chromiumLaunchOptions());
		try {
			const workers = await watchServiceWorkers(browser);
			/** @type {Map<string, Awaited<ReturnType<typeof signIn>>>} */
			const sessions = new Map();
			/** @type {PageResult[]} */
			const results = [];
			for (const target of targets) {
				if (target.user && !sessions.has(target.user)) sessions.set(target.user, await signIn(browser, baseURL, target.user, password));
				results.push(await measure(browser, workers, baseURL, target, target.user ? sessions.get(target.user) : undefined));
				if (!json) console.error(`measured ${target.path}${target.user ? ` as ${target.user}` : ''}`);
			}
			const problems = workers.problems();
			if (json) console.log(JSON.stringify({ baseURL, viewport: VIEWPORT, throttle: THROTTLE, budgets: BUDGETS, pages: results, problems }, null, 2));
			else printTable(results, problems);
			await workers.close();
		} finally {
			await browser.close();
		}
	} finally {
		await server?.stop();
	}
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
