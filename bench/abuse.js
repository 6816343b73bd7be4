// Abuse from one address: `node bench/abuse.js [--flood-seconds 20] [--wrong-logins 300] [--signups 14]`.
// Starts the production build on a fresh demo database (127.0.0.1, a free port), then runs
// bounded attacks, every request from the same address as a village behind one mobile NAT:
//   1. the large-body attack (bench/large-body.js, if it is there),
//   2. a comment flood by one account on one notice,
//   3. a stranger's wrong passwords, after which a known device, a new villager and the
//      admin on the same address log in (do they get in, and how long do they wait?),
//   4. a burst of sign-ups from the address.
// During each it samples the server's memory (RSS) and /api/health latency. Prints figures;
// exits 0 whatever they are (non-zero only if it could not run). Run `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startTestServer } from '../scripts/start-test-server.js';

const { values } = parseArgs({
	options: {
		'flood-seconds': { type: 'string', default: '20' },
		'flood-connections': { type: 'string', default: '4' },
		'wrong-logins': { type: 'string', default: '300' },
		'login-connections': { type: 'string', default: '32' },
		signups: { type: 'string', default: '14' }
	}
});
const floodSeconds = Number(values['flood-seconds']);
const floodConnections = Number(values['flood-connections']);
const wrongLogins = Number(values['wrong-logins']);
const loginConnections = Number(values['login-connections']);
const signups = Number(values.signups);
const demoPassword = 'village-demo';

const largeBody = fileURLToPath(new URL('./large-body.js', import.meta.url));
if (existsSync(largeBody)) {
	console.log('— Large bodies (bench/large-body.js) —');
	await new Promise((resolve) => spawn(process.execPath, [largeBody], { stdio: 'inherit' }).once('exit', resolve));
} else {
	console.log('— Large bodies: bench/large-body.js is missing, skipped —');
}

const server = await startTestServer({ timeoutMs: 180_000 });
const base = server.baseURL;
try {
	console.log(`\nServer ${base}, pid ${server.pid}, idle RSS ${mb(rssBytes(server.pid))} MB`);
	await commentFlood();
	await loginLockout();
	await signupBurst();
} finally {
	await server.stop();
}

// ——— the attacks ———

async function commentFlood() {
	const flooder = await logIn('buyer', demoPassword);
	const village = await (await fetch(`${base}/v/shuwangzhuang`)).text();
	const noticePath = /href="(\/v\/shuwangzhuang\/notices\/\d+)"/.exec(village)?.[1];
	if (!flooder.cookie || !noticePath) throw new Error('could not sign in as buyer or find a public notice');
	const before = await pageBytes(noticePath);
	const started = performance.now();
	const statuses = new Map();
	let firstRefusalMs = null;
	let sent = 0;
	const watch = watchServer();
	const deadline = Date.now() + floodSeconds * 1000;
	await Promise.all(
		Array.from({ length: floodConnections }, async () => {
			while (Date.now() < deadline) {
				const response = await post(`${noticePath}?/comment`, { body: `刷屏评论 ${sent++}` }, flooder.cookie);
				await response.arrayBuffer();
				statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
				if (response.status === 429 && firstRefusalMs === null) firstRefusalMs = performance.now() - started;
			}
		})
	);
	const watched = await watch.stop();
	const after = await pageBytes(noticePath);
	console.log(`\n— Comment flood: one account, ${floodConnections} connections, ${floodSeconds} s on ${noticePath} —`);
	console.log(`  comments sent:        ${sent}`);
	console.log(`  accepted (200):       ${statuses.get(200) ?? 0}`);
	console.log(`  refused (429):        ${statuses.get(429) ?? 0}${firstRefusalMs === null ? '' : `, the first after ${(firstRefusalMs / 1000).toFixed(2)} s`}`);
	console.log(`  other answers:        ${[...statuses].filter(([code]) => code !== 200 && code !== 429).map(([code, n]) => `${code}×${n}`).join(', ') || 'none'}`);
	console.log(`  notice page before:   ${kb(before.html)} KB HTML (${kb(before.gzip)} KB gzip)`);
	console.log(`  notice page after:    ${kb(after.html)} KB HTML (${kb(after.gzip)} KB gzip)`);
	report(watched);
}

async function loginLockout() {
	// Before the attack: the villager's own phone (it has logged in before, so it holds a vs_device cookie),
	// and a villager who just signed up and will log in from a new phone.
	const phone = await logIn('villager', demoPassword);
	const adminsBrowser = await logIn('admin', demoPassword);
	const newcomer = `newcomer${Date.now().toString(36)}`;
	await post('/register', { username: newcomer, displayName: '新村民', password: demoPassword });
	const statuses = new Map();
	const started = performance.now();
	const watch = watchServer();
	let next = 0;
	await Promise.all(
		Array.from({ length: loginConnections }, async () => {
			while (next < wrongLogins) {
				const i = next++;
				// A stranger sprays: the villager's account, the admin's, and names that do not exist.
				const username = ['villager', 'admin', `nobody${i}`][i % 3];
				const response = await post('/login', { username, password: `guess-${i}` });
				await response.arrayBuffer();
				statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
			}
		})
	);
	const attackSeconds = (performance.now() - started) / 1000;
	const watched = await watch.stop();
	console.log(`\n— Login lockout: a stranger's ${wrongLogins} wrong passwords from the address, ${loginConnections} connections —`);
	console.log(`  took:                 ${attackSeconds.toFixed(1)} s; answers ${[...statuses].map(([code, n]) => `${code}×${n}`).join(', ')}`);
	report(watched);
	console.log('  then, from the same address:');
	for (const [who, username, cookie] of [
		['villager on their own phone (known device)', 'villager', phone.device],
		['new villager on a new phone', newcomer, ''],
		['admin on their own browser (known device)', 'admin', adminsBrowser.device],
		['admin on a new browser (account guessed 100×)', 'admin', ''],
		['cadre on a new browser', 'cadre', '']
	]) {
		const result = await logIn(username, demoPassword, cookie);
		const outcome = result.cookie ? 'logged in' : `refused (${result.status}: ${result.message})`;
		console.log(`  ${who.padEnd(48)} ${outcome}, waited ${(result.ms / 1000).toFixed(2)} s`);
	}
}

async function signupBurst() {
	const watch = watchServer();
	const started = performance.now();
	const results = await Promise.all(
		Array.from({ length: signups }, async (_, i) => {
			const t = performance.now();
			const response = await post('/register', { username: `office${Date.now().toString(36)}${i}`, displayName: `村民${i}`, password: demoPassword });
			const body = await response.text();
			return { status: response.status, ms: performance.now() - t, message: response.status === 303 ? '' : messageOf(body) };
		})
	);
	const watched = await watch.stop();
	const made = results.filter((r) => r.status === 303);
	const refused = results.filter((r) => r.status === 429);
	console.log(`\n— Sign-up burst: ${signups} sign-ups at once from the address —`);
	console.log(`  accounts made:        ${made.length}, waits ${made.map((r) => (r.ms / 1000).toFixed(1)).join(', ')} s`);
	console.log(`  refused (429):        ${refused.length}${refused[0] ? ` ("${refused[0].message}")` : ''}`);
	console.log(`  took:                 ${((performance.now() - started) / 1000).toFixed(1)} s`);
	report(watched);
}

// ——— helpers ———

/** Posts a form as a browser without JavaScript would, from this site. */
function post(path, fields, cookie = '') {
	return fetch(`${base}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, accept: 'text/html', ...(cookie ? { cookie } : {}) },
		body: new URLSearchParams(fields).toString()
	});
}

/** Logs in through the real form; `cookie` is a vs_device cookie to send. */
async function logIn(username, password, cookie = '') {
	const started = performance.now();
	const response = await post('/login', { username, password, next: '/me' }, cookie);
	const body = await response.text();
	const ms = performance.now() - started;
	const set = response.headers.getSetCookie().map((c) => c.split(';')[0]);
	const session = set.find((c) => c.startsWith('vs_session='));
	const device = set.find((c) => c.startsWith('vs_device=')) ?? cookie;
	return { status: response.status, ms, cookie: response.status === 303 ? session : '', device, message: messageOf(body) };
}

function messageOf(html) {
	return /class="message error"[^>]*>([^<]*)</.exec(html)?.[1]?.trim() ?? '';
}

async function pageBytes(path) {
	const html = Buffer.from(await (await fetch(`${base}${path}`)).arrayBuffer());
	return { html: html.length, gzip: gzipSync(html).length };
}

function rssBytes(pid) {
	const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) * 1024 : 0;
}

/** Samples the server's RSS and /api/health latency every 250 ms until stopped. */
function watchServer() {
	const rss = [];
	const health = [];
	let running = true;
	const loop = (async () => {
		while (running) {
			rss.push(rssBytes(server.pid));
			const t = performance.now();
			try {
				await (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(30_000) })).arrayBuffer();
				health.push(performance.now() - t);
			} catch {
				health.push(Infinity);
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	})();
	return {
		stop: async () => {
			running = false;
			await loop;
			return { rss, health };
		}
	};
}

function report({ rss, health }) {
	const sorted = [...health].sort((a, b) => a - b);
	const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	console.log(`  server RSS:           max ${mb(Math.max(...rss))} MB, at the end ${mb(rss.at(-1))} MB`);
	console.log(`  /api/health ms:       p50 ${at(0.5).toFixed(0)}, p95 ${at(0.95).toFixed(0)}, max ${sorted.at(-1).toFixed(0)} (${health.length} samples)`);
}

function mb(bytes) {
	return (bytes / 1024 / 1024).toFixed(0);
}

function kb(bytes) {
	return (bytes / 1024).toFixed(1);
}
