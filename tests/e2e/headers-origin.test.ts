// Issue 11, item 8: the security headers on everything the server answers (static files,
// refusals, Node's own 431), signed-in pages kept out of caches, HSTS under an https ORIGIN,
// absolute URLs from the configured origin only, and no production start without ORIGIN.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { startTestServer, type TestServer } from '../../scripts/start-test-server.js';
import { DEMO_PASSWORD } from './support/browser';

const base = () => inject('baseURL');
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** node:http, not fetch: it may send any Host and headers of any size, and shows the head as sent. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end(options.body);
	});
}

function expectSecurityHeaders(what: string, answer: Answer): void {
	const csp = String(answer.headers['content-security-policy'] ?? '');
	expect([what, csp]).toEqual([what, expect.stringContaining("frame-ancestors 'none'")]);
	expect([what, csp]).toEqual([what, expect.stringContaining("object-src 'none'")]);
	expect([what, answer.headers['x-content-type-options']]).toEqual([what, 'nosniff']);
	expect([what, answer.headers['referrer-policy']]).toEqual([what, 'same-origin']);
	expect([what, typeof answer.headers['content-type']]).toEqual([what, 'string']);
}

test('static files, refusals and Node’s own 431 carry nosniff, a CSP and a content type', async () => {
	const home = await send(new URL('/', base()).href);
	const css = /href="\.?(\/_app\/immutable\/[^"]+\.css)"/.exec(home.body)?.[1];
	expect(css).toBeTruthy();
	for (const path of ['/shell.js', '/service-worker.js', '/favicon.svg', '/robots.txt', '/icons/icon-192.png', css!]) {
		const answer = await send(new URL(path, base()).href);
		expect([path, answer.status]).toEqual([path, 200]);
		expectSecurityHeaders(path, answer);
	}
	// The worker's own CSP lets it fetch this site's pages (offline copies) and nothing else.
	const worker = await send(new URL('/service-worker.js', base()).href);
	expect(worker.headers['content-security-policy']).toContain("default-src 'self'");

	// Kit's own refusal of a cross-site form (before any hook) and the hook's refusal of a JSON write.
	const form = await send(new URL('/login', base()).href, {
		method: 'POST',
		headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
		body: 'username=buyer&password=x'
	});
	expect(form.status).toBe(403);
	expectSecurityHeaders('Kit 403', form);
	const json = await send(new URL('/login', base()).href, {
		method: 'POST',
		headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
		body: '{}'
	});
	expect(json.status).toBe(403);
	expectSecurityHeaders('hook 403', json);

	const huge = await send(new URL('/', base()).href, { headers: { 'x-huge': 'a'.repeat(20_000) } });
	expect(huge.status).toBe(431);
	expectSecurityHeaders('431', huge);
	// Plain HTTP here (ORIGIN is http): no HSTS.
	expect(home.headers['strict-transport-security']).toBeUndefined();
});

test('what a signed-in person is sent is private and not stored; a visitor’s pages are not marked so', async () => {
	const login = await fetch(new URL('/login', base()), {
		method: 'POST',
		headers: { accept: 'text/html', origin: base(), 'content-type': 'application/x-www-form-urlencoded' },
		body: `username=buyer&password=${DEMO_PASSWORD}`,
		redirect: 'manual'
	});
	const cookie = login.headers.getSetCookie().find((line) => line.startsWith('vs_session='))!.split(';')[0];
	for (const path of ['/me', '/orders', '/cart', '/', '/market', '/login']) {
		const answer = await fetch(new URL(path, base()), { headers: { cookie }, redirect: 'manual' });
		expect([path, answer.headers.get('cache-control')]).toEqual([path, 'private, no-store']);
	}
	const visitor = await fetch(new URL('/', base()));
	expect(visitor.headers.get('cache-control') ?? '').not.toContain('private');
	// A public file keeps its own caching while signed in.
	const feed = await fetch(new URL('/v/shuwangzhuang/feed.xml', base()), { headers: { cookie } });
	expect(feed.headers.get('cache-control')).toBe('public, max-age=300');
});

describe('absolute URLs and the origin', () => {
	let withoutOrigin: TestServer;
	let https: TestServer;
	beforeAll(async () => {
		// The e2e database, already seeded and migrated: these servers start without seeding anything.
		withoutOrigin = await startTestServer({ databasePath: inject('databaseUrl'), origin: null });
		https = await startTestServer({ databasePath: inject('databaseUrl'), origin: 'https://village.example' });
	});
	afterAll(async () => {
		await withoutOrigin?.stop();
		await https?.stop();
	});

	test('without ORIGIN, a forged Host never reaches the feed, share links or QR codes: the demo’s localhost origin does', async () => {
		const own = `http://localhost:${new URL(withoutOrigin.baseURL).port}`;
		expect(withoutOrigin.output()).toContain(own);
		const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', accept: 'text/html' };
		const feed = await send(`${withoutOrigin.baseURL}/v/shuwangzhuang/feed.xml`, { headers: forged });
		expect(feed.status).toBe(200);
		expect(feed.body).not.toContain('evil.example');
		expect(feed.body).toContain(`${own}/v/shuwangzhuang`);
		const market = await send(`${withoutOrigin.baseURL}/market`, { headers: forged });
		const product = /href="\/market\/(\d+)"/.exec(market.body)?.[1];
		expect(product).toBeTruthy();
		const page = await send(`${withoutOrigin.baseURL}/market/${product}`, { headers: forged });
		expect(page.status).toBe(200);
		expect(page.body).not.toContain('evil.example');
		expect(page.body).toContain(`${own}/market/${product}`);
	});

	test('under an https ORIGIN every answer carries HSTS: pages, files and Node’s own 431', async () => {
		for (const path of ['/', '/shell.js', '/api/health', '/no-such-page']) {
			const answer = await send(`${https.baseURL}${path}`);
			expect([path, answer.headers['strict-transport-security']]).toEqual([path, expect.stringMatching(/^max-age=\d{7,}/)]);
		}
		const huge = await send(`${https.baseURL}/`, { headers: { 'x-huge': 'a'.repeat(20_000) } });
		expect(huge.status).toBe(431);
		expect(huge.headers['strict-transport-security']).toMatch(/^max-age=/);
		// Links come from ORIGIN, whatever Host the request names.
		const feed = await send(`${https.baseURL}/v/shuwangzhuang/feed.xml`, { headers: { host: 'evil.example' } });
		expect(feed.body).toContain('https://village.example/v/shuwangzhuang');
		expect(feed.body).not.toContain('evil.example');
	});
});

/** Runs `node server.js` with `env` added and returns how it ended and what it printed. */
function startServerProcess(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const environment: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env };
		for (const [name, value] of Object.entries(environment)) if (value === undefined) delete environment[name];
		const child = spawn(process.execPath, ['server.js'], { cwd: repoRoot, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		// A server that did start would not stop by itself.
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, output });
		});
	});
}

test('the production start refuses to run without ORIGIN, or with one that is not an origin, and says why', async () => {
	const none = await startServerProcess({ DEMO: '0', ORIGIN: undefined, DATABASE_URL: '/nonexistent/never-opened.db' });
	expect(none.code).toBe(1);
	expect(none.output).toMatch(/ORIGIN is not set/);
	expect(none.output).toContain('ORIGIN=https://');
	for (const wrong of ['cunguangchang.example', 'https://cunguangchang.example/', 'https://cunguangchang.example/app', 'ftp://cunguangchang.example']) {
		const started = await startServerProcess({ DEMO: '0', ORIGIN: wrong, DATABASE_URL: '/nonexistent/never-opened.db' });
		expect([wrong, started.code]).toEqual([wrong, 1]);
		expect(started.output).toContain('is not an address alone');
	}
});
