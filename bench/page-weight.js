// Page weight on a cold cache: what a phone downloads to show each page, in bytes on the wire
// (compressed, headers included), split by kind.
//   node bench/page-weight.js [--base http://127.0.0.1:3000] [/path ...]
// Without --base it starts the production build itself (temp database, demo data); build first.
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions, startTestServer } from '../scripts/start-test-server.js';

/** @typedef {'html' | 'css' | 'js' | 'images' | 'other'} Kind */
/** @typedef {{ url: string, type: string, kind: Kind, bytes: number, finished: boolean, failed: boolean, streaming: boolean }} Entry */
/** @typedef {{ path: string, finalPath: string, status: number, requests: number, failed: number, bytes: Record<Kind | 'total', number> }} Weight */

const KINDS = /** @type {const} */ (['html', 'css', 'js', 'images', 'other']);
const VIEWPORT = { width: 360, height: 640 };

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {string | undefined} */
	let base;
	const paths = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--base') base = argv[++i];
		else if (arg.startsWith('--base=')) base = arg.slice('--base='.length);
		else if (arg.startsWith('/')) paths.push(arg);
		else throw new Error(`Unknown argument "${arg}". Usage: node bench/page-weight.js [--base URL] [/path ...]`);
	}
	if (argv.includes('--base') && !base) throw new Error('--base needs a URL, e.g. --base http://127.0.0.1:3000');
	return { base, paths: paths.length > 0 ? paths : ['/', '/login'] };
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
 * Loads one page in a fresh context (cold cache, no cookies) and adds up what came over the network.
 * @param {import('playwright-core').Browser} browser
 * @param {string} baseURL
 * @param {string} path
 * @returns {Promise<Weight>}
 */
async function measure(browser, baseURL, path) {
	// The service worker's precache would download the whole app in the background; that is
	// first-install cost, not this page's weight, and its requests are not the page's to see.
	const context = await browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block' });
	try {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		/** @type {Map<string, Entry>} */
		const entries = new Map();
		/** @type {Entry[]} */
		const redirects = [];

		cdp.on('Network.requestWillBeSent', ({ requestId, request, redirectResponse, type = 'Other' }) => {
			const previous = entries.get(requestId);
			if (previous && redirectResponse) {
				// A redirect reuses the request id; the hop's bytes arrive with the next request.
				redirects.push({
					...previous,
					kind: kindOf(redirectResponse.mimeType, previous.type),
					bytes: redirectResponse.encodedDataLength,
					finished: true
				});
			}
			entries.set(requestId, { url: request.url, type, kind: kindOf('', type), bytes: 0, finished: false, failed: false, streaming: false });
		});
		cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
			const entry = entries.get(requestId);
			if (!entry) return;
			entry.kind = kindOf(response.mimeType, type);
			entry.streaming = response.mimeType === 'text/event-stream';
		});
		// Running total for responses that never finish (an open event stream); replaced when they do.
		cdp.on('Network.dataReceived', ({ requestId, encodedDataLength }) => {
			const entry = entries.get(requestId);
			if (entry && !entry.finished) entry.bytes += encodedDataLength;
		});
		cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
			const entry = entries.get(requestId);
			if (!entry) return;
			entry.bytes = encodedDataLength;
			entry.finished = true;
		});
		cdp.on('Network.loadingFailed', ({ requestId }) => {
			const entry = entries.get(requestId);
			if (entry) entry.failed = true;
		});
		await cdp.send('Network.enable');

		const response = await page.goto(new URL(path, baseURL).href, { waitUntil: 'load' });
		await settle(() => [...entries.values()].some((e) => !e.finished && !e.failed && !e.streaming));

		const onWire = [...redirects, ...entries.values()].filter((e) => /^https?:/.test(e.url));
		/** @type {Record<Kind | 'total', number>} */
		const bytes = { total: 0, html: 0, css: 0, js: 0, images: 0, other: 0 };
		for (const entry of onWire) {
			bytes[entry.kind] += entry.bytes;
			bytes.total += entry.bytes;
		}
		return {
			path,
			finalPath: new URL(page.url()).pathname,
			status: response?.status() ?? 0,
			requests: onWire.length,
			failed: onWire.filter((e) => e.failed).length,
			bytes
		};
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

/** @param {Weight[]} weights */
function printTable(weights) {
	const kb = (/** @type {number} */ n) => (n / 1024).toFixed(1);
	const label = (/** @type {Weight} */ w) => (w.finalPath === w.path ? w.path : `${w.path} → ${w.finalPath}`);
	const headers = ['total KB', 'HTML', 'CSS', 'JS', 'images', 'other', 'requests'];
	const rows = weights.map((w) => [label(w), kb(w.bytes.total), ...KINDS.map((k) => kb(w.bytes[k])), String(w.requests)]);
	const pathWidth = Math.max(4, ...rows.map((r) => r[0].length));
	const line = (/** @type {string[]} */ cells) =>
		[cells[0].padEnd(pathWidth), ...cells.slice(1).map((c, i) => c.padStart(Math.max(headers[i].length, 6) + 2))].join('');
	console.log(`\nPage weight, cold cache, ${VIEWPORT.width}x${VIEWPORT.height}: bytes on the wire (compressed, with headers), KB = 1024 bytes`);
	console.log(line(['path', ...headers]));
	for (const row of rows) console.log(line(row));
	for (const w of weights) {
		if (w.status >= 400 || w.failed > 0) console.log(`note: ${w.path} answered HTTP ${w.status}; ${w.failed} request(s) failed`);
	}
	console.log('');
}

async function main() {
	const { base, paths } = parseArgs(process.argv.slice(2));
	const server = base ? undefined : await startTestServer();
	if (server) console.error(`Started the production build at ${server.baseURL} (temp database, demo data).`);
	const baseURL = base ?? /** @type {NonNullable<typeof server>} */ (server).baseURL;
	try {
		const browser = await chromium.launch(chromiumLaunchOptions());
		try {
			/** @type {Weight[]} */
			const weights = [];
			for (const path of paths) weights.push(await measure(browser, baseURL, path));
			printTable(weights);
			for (const w of weights) console.log(JSON.stringify(w));
			if (weights.some((w) => w.status === 0 || w.status >= 400)) process.exitCode = 1;
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
