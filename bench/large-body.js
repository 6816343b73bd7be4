// The large-body attack: `node bench/large-body.js [--requests 8] [--megabytes 90] [--url URL --pid PID]`.
// Starts the production build (fresh demo database), or attacks the running server at URL
// whose process is PID, and fires, each as `requests` parallel
// POSTs of `megabytes` each, sent in full as an attacker would:
//   1. to /login, signed out, with a Content-Length;
//   2. to /login, signed out, chunked (no length);
//   3. to /sell/products/new, signed out (a page that takes photos);
//   4. to /sell/products/new, signed in, with a Content-Length over a listing's photos;
//   5. to /sell/products/new, signed in, six 9.5 MB "photos" each: within the caps, so read
//      (two at a time), then refused (the form has no title).
// For each it prints the server's RSS before, at its peak and after, the answers, and the
// latency of /api/health asked every 250 ms meanwhile. Run `npm run build` first.
// bench/abuse.js may import `runLargeBodyAttacks` (all five) or `largeBodyAttack` and
// `printLargeBody` (one) and run them against its own server.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { demoSessionCookie } from './demo-sign-in.js';

const megabyte = 1024 * 1024;

/** @param {number | undefined} pid */
function rssMegabytes(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * One POST whose body is `segments` (a Buffer as it is, a number as that many filler bytes),
 * written in full from one reused chunk: the client holds 1 MB, not the body. Resolves with
 * the status, or the error code if the connection broke first.
 * @param {URL} url
 * @param {{ segments: (Buffer | number)[], chunked: boolean, type: string, cookie?: string }} body
 * @returns {Promise<{ status: number | string, ms: number }>}
 */
function send(url, { segments, chunked, type, cookie }) {
	const started = performance.now();
	return new Promise((resolve) => {
		/** @type {Record<string, string>} */
		const headers = { 'content-type': type, origin: url.origin, accept: 'text/html' };
		if (!chunked) headers['content-length'] = String(segments.reduce((sum, s) => sum + (typeof s === 'number' ? s : s.length), 0));
		if (cookie) headers.cookie = cookie;
		// Done when the answer is in and the whole body is sent (an attacker keeps sending), or the connection broke.
		/** @type {number | string | undefined} */
		let status;
		let sent = false;
		const settle = () => {
			if (status !== undefined && sent) resolve({ status, ms: performance.now() - started });
		};
		const sending = request(url, { method: 'POST', headers }, (response) => {
			response.resume();
			response.on('end', () => {
				status ??= response.statusCode ?? 0;
				settle();
			});
		});
		sending.on('finish', () => {
			sent = true;
			settle();
		});
		sending.on('close', () => {
			status ??= 'closed without an answer';
			sent = true;
			settle();
		});
		sending.on('error', (error) => {
			status ??= /** @type {NodeJS.ErrnoException} */ (error).code ?? error.message;
			sent = true;
			settle();
		});
		const filler = Buffer.alloc(megabyte, 'x');
		const queue = [...segments];
		const pump = () => {
			while (queue.length > 0 && !sending.destroyed) {
				const next = /** @type {Buffer | number} */ (queue.shift());
				let piece = next;
				if (typeof next === 'number') {
					piece = filler.subarray(0, Math.min(next, filler.length));
					if (next > piece.length) queue.unshift(next - piece.length);
				}
				if (!sending.write(piece)) return void sending.once('drain', pump);
			}
			sending.end();
		};
		pump();
	});
}

/**
 * Fires `requests` parallel bodies at the server while sampling its RSS every 100 ms and
 * timing /api/health every 250 ms; waits `settleMs` after the last answer for "after".
 * Each body is `head`, then filler to `megabytes`, unless `segments` gives it whole.
 * @param {{ baseURL: string, pid: number | undefined, path?: string, requests?: number, megabytes?: number,
 *   chunked?: boolean, type?: string, head?: Buffer, segments?: (Buffer | number)[], cookie?: string, settleMs?: number }} options
 */
export async function largeBodyAttack({
	baseURL,
	pid,
	path = '/login',
	requests = 8,
	megabytes = 90,
	chunked = false,
	type = 'application/x-www-form-urlencoded',
	head = Buffer.from('username=a&password='),
	segments = [head, megabytes * megabyte - head.length],
	cookie,
	settleMs = 3000
}) {
	const before = rssMegabytes(pid);
	let peak = before;
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			peak = Math.max(peak, rssMegabytes(pid));
			await sleep(100);
		}
	})();
	/** @type {number[]} */
	const health = [];
	let healthFailures = 0;
	const prober = (async () => {
		while (sampling) {
			const started = performance.now();
			try {
				const response = await fetch(new URL('/api/health', baseURL), { signal: AbortSignal.timeout(30_000) });
				await response.text();
				if (response.ok) health.push(performance.now() - started);
				else healthFailures += 1;
			} catch {
				healthFailures += 1;
			}
			await sleep(250);
		}
	})();

	const started = performance.now();
	const answers = await Promise.all(
		Array.from({ length: requests }, () => send(new URL(path, baseURL), { segments, chunked, type, cookie }))
	);
	const attackMs = performance.now() - started;
	sampling = false;
	await Promise.all([sampler, prober]);
	await sleep(settleMs);
	const after = rssMegabytes(pid);
	const statuses = /** @type {Record<string, number>} */ ({});
	for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
	health.sort((a, b) => a - b);
	return {
		path,
		requests,
		megabytes,
		chunked,
		signedIn: Boolean(cookie),
		rss: { before, peak, after },
		statuses,
		attackMs,
		health: {
			answered: health.length,
			failed: healthFailures,
			medianMs: health[Math.floor(health.length / 2)] ?? NaN,
			maxMs: health.at(-1) ?? NaN
		}
	};
}

/** @param {Awaited<ReturnType<typeof largeBodyAttack>>} result */
export function printLargeBody(result) {
	const mb = (n) => `${n.toFixed(0)} MB`;
	const ms = (n) => `${n.toFixed(0)} ms`;
	const who = result.signedIn ? 'signed in' : 'signed out';
	console.log(
		`${result.requests} x ${+result.megabytes.toFixed(1)} MB ${result.chunked ? 'chunked ' : ''}POST ${result.path} (${who}): ` +
			`answers ${JSON.stringify(result.statuses)} in ${ms(result.attackMs)}; ` +
			`server RSS before ${mb(result.rss.before)}, peak ${mb(result.rss.peak)} (+${mb(result.rss.peak - result.rss.before)}), after ${mb(result.rss.after)}; ` +
			`/api/health answered ${result.health.answered}, failed ${result.health.failed}, median ${ms(result.health.medianMs)}, max ${ms(result.health.maxMs)}`
	);
}

/**
 * A listing form carrying `count` photos of `each` bytes (filler, so the listing is refused
 * once read: what matters is what reading it costs).
 * @param {number} count
 * @param {number} each
 */
function photoForm(count, each) {
	const boundary = 'benchboundary';
	const part = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
	const segments = Array.from({ length: count }, (_, i) => [i === 0 ? part : Buffer.concat([Buffer.from('\r\n'), part]), each]).flat();
	segments.push(Buffer.from(`\r\n--${boundary}--\r\n`));
	const bytes = segments.reduce((sum, s) => sum + (typeof s === 'number' ? s : s.length), 0);
	return { type: `multipart/form-data; boundary=${boundary}`, segments, megabytes: bytes / megabyte };
}

/**
 * The five attacks above against one server, printed as they finish.
 * @param {{ baseURL: string, pid: number | undefined, requests?: number, megabytes?: number }} server
 */
export async function runLargeBodyAttacks({ baseURL, pid, requests = 8, megabytes = 90 }) {
	console.log(`Idle server RSS: ${rssMegabytes(pid).toFixed(0)} MB`);
	const multipart = { type: 'multipart/form-data; boundary=x', head: Buffer.from('--x\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\n\r\n') };
	printLargeBody(await largeBodyAttack({ baseURL, pid, requests, megabytes }));
	printLargeBody(await largeBodyAttack({ baseURL, pid, requests, megabytes, chunked: true }));
	printLargeBody(await largeBodyAttack({ baseURL, pid, requests, megabytes, path: '/sell/products/new', ...multipart }));
	const cookie = await demoSessionCookie(baseURL, 'villager');
	printLargeBody(await largeBodyAttack({ baseURL, pid, requests, megabytes, path: '/sell/products/new', ...multipart, cookie }));
	printLargeBody(await largeBodyAttack({ baseURL, pid, requests, path: '/sell/products/new', ...photoForm(6, 9.5 * megabyte), cookie }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const { values } = parseArgs({
		options: {
			requests: { type: 'string', default: '8' },
			megabytes: { type: 'string', default: '90' },
			// A server already running (with the demo logins), instead of a fresh one.
			url: { type: 'string' },
			pid: { type: 'string' }
		}
	});
	const options = { requests: Number(values.requests), megabytes: Number(values.megabytes) };
	if (values.url) {
		await runLargeBodyAttacks({ baseURL: values.url, pid: Number(values.pid), ...options });
	} else {
		const { startTestServer } = await import('../scripts/start-test-server.js');
		const server = await startTestServer({ timeoutMs: 300_000 });
		try {
			await sleep(2000); // let start-up work (the photo sweep) finish before "idle"
			await runLargeBodyAttacks({ baseURL: server.baseURL, pid: server.pid, ...options });
		} finally {
			await server.stop();
		}
	}
}
