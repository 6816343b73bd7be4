// Serves the adapter-node build with compression: adapter-node compresses only
// the prebuilt static files, not server-rendered pages, and on a costly mobile
// connection every page's bytes count. It also sets the headers every response
// needs, including the ones Kit never sees: static files, and what Node or Kit
// answer on their own when a request or a response cannot be handled.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import { answerClientError, keepNotModifiedBare, keepRawErrorsPlain, securityHeaders } from './server-headers.js';

// Defaults anchored to this folder, so the server starts from any working directory.
process.env.MIGRATIONS_DIR ??= fileURLToPath(new URL('./drizzle', import.meta.url));
process.env.DATABASE_URL ||= fileURLToPath(new URL('./data/village-square.db', import.meta.url));
// Room for a notice's nine phone photos (each refused over 10 MB with a message; adapter-node's default is 512 KB).
process.env.BODY_SIZE_LIMIT ??= '96M';

const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);
// The same reading of DEMO as the app's (src/lib/server/startup.ts): demo data unless switched off.
const demo = !['0', 'false', 'off', 'no'].includes((process.env.DEMO ?? '1').toLowerCase());

// Links in feeds, share links and QR codes are built from the configured origin only, never from
// a request's Host header (src/lib/server/public-url.ts). Production must be told it; a demo on
// this machine uses http://localhost:PORT.
const origin = configuredOrigin();

// adapter-node assumes https unless told the origin (ORIGIN) or a proxy's protocol header
// (PROTOCOL_HEADER). Without either, this process is itself the plain-HTTP front door
// (npm start on a laptop or a village office PC), so say so: form posts are checked
// against this origin and cookies are marked Secure only over https. The demo does not set
// ORIGIN for adapter-node, so phones on the office network can still post forms to this PC's address.
const ownProtocolHeader = 'x-village-square-protocol';
const behindProxy = Boolean(process.env.ORIGIN || process.env.PROTOCOL_HEADER);
if (!behindProxy) process.env.PROTOCOL_HEADER = ownProtocolHeader;

/** WORKERS=N serves from N processes sharing the port; one by default. */
const workers = Math.max(1, Math.trunc(Number(process.env.WORKERS ?? 1)) || 1);
if (cluster.isPrimary && demo) await seedDemo();
if (workers > 1 && cluster.isPrimary) await superviseWorkers(workers);
else await serve();

/**
 * The demo county goes into an empty database before the app starts. Its seeder is built
 * apart from the app (vite.demo.config.ts), so none of it ships in the production build.
 */
async function seedDemo() {
	const seeder = new URL('./build-demo/seed-demo.js', import.meta.url);
	if (!existsSync(seeder)) refuse('DEMO is on but the demo seeder is not built: run `npm run build` (or start with DEMO=0).');
	const { seedIfEmpty } = await import(seeder.href);
	await seedIfEmpty();
}

async function serve() {
	const headersFor = securityHeaders({ https: origin.startsWith('https:') });
	// Importing the handler runs the app's init: migrations, the search backfill, jobs.
	const { handler } = await import('./build/handler.js');
	// Not a live stream: compressing holds each event back until enough bytes gather to compress.
	const compress = compression({
		threshold: 512,
		filter: (req, res) => !String(res.getHeader('content-type') ?? '').startsWith('text/event-stream') && compression.filter(req, res)
	});

	const server = http.createServer((req, res) => {
		if (!behindProxy) req.headers[ownProtocolHeader] = 'http';
		for (const [name, value] of Object.entries(headersFor(req.url))) res.setHeader(name, value);
		keepRawErrorsPlain(req, res, headersFor);
		keepNotModifiedBare(res);
		compress(req, res, () => {
			Promise.resolve()
				.then(() => handler(req, res))
				.catch((/** @type {unknown} */ error) => {
					console.error(`${req.method} ${req.url}:`, error);
					if (res.headersSent) res.destroy();
					else res.writeHead(500).end();
				});
		});
	});
	server.on('clientError', (error, socket) => answerClientError(error, socket, headersFor));

	server.listen(port, host, () => {
		if (cluster.isWorker && cluster.worker?.id !== 1) return;
		console.log(`Village Square listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
		if (!process.env.ORIGIN) {
			const here = Object.values(networkInterfaces())
				.flat()
				.filter((net) => net && net.family === 'IPv4' && !net.internal)
				.map((net) => `ORIGIN=http://${net?.address}:${port}`);
			console.log(
				`Links, feeds and QR codes point to ${origin} (no ORIGIN set). For phones on this network to follow them, ` +
					`start with the address they reach this computer at${here.length ? `, e.g. ${here.join(' or ')}` : ''}.`
			);
		}
	});

	function shutdown() {
		server.close(() => process.exit(0));
		// Open keep-alive connections would hold close() forever.
		server.closeIdleConnections();
		setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
}

/**
 * The cluster's primary: starts one worker and waits until it listens (it has
 * migrated the database and seeded the demo by then, so no two processes race
 * at it), then the rest; starts a new worker when one dies; passes every app
 * event a worker sends to all of them (src/lib/server/platform/events.ts, which
 * names the message type), since SQLite has no LISTEN/NOTIFY of its own.
 * @param {number} count
 */
async function superviseWorkers(count) {
	const eventMessage = 'village-square-event';
	let stopping = false;
	/** @param {any} message */
	const relay = (message) => {
		if (message?.type !== eventMessage) return;
		for (const worker of Object.values(cluster.workers ?? {})) worker?.send(message);
	};
	/** @returns {Promise<void>} */
	const start = () =>
		new Promise((resolve) => {
			const worker = cluster.fork();
			let listening = false;
			worker.on('message', relay);
			worker.once('listening', () => {
				listening = true;
				resolve();
			});
			worker.once('exit', (code, signal) => {
				if (stopping) return;
				// One that never came up (a bad DATABASE_URL, a failed migration) would fail again: stop.
				if (!listening) refuse(`a server process exited before it could serve (${signal ?? `code ${code}`}); see its message above.`);
				console.error(`Server process ${worker.process.pid} stopped (${signal ?? `code ${code}`}); starting another.`);
				setTimeout(() => void start(), 1000);
			});
		});
	await start();
	await Promise.all(Array.from({ length: count - 1 }, start));
	console.log(`Village Square is serving from ${count} processes.`);
	const stopAll = () => {
		stopping = true;
		for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
		cluster.on('exit', () => {
			if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
		});
		setTimeout(() => process.exit(0), 6000).unref();
	};
	process.on('SIGTERM', stopAll);
	process.on('SIGINT', stopAll);
}

/**
 * ORIGIN checked, or the demo's http://localhost:PORT. Production (DEMO=0) refuses to start without it.
 * @returns {string}
 */
function configuredOrigin() {
	const given = process.env.ORIGIN;
	if (!given) {
		if (demo) return `http://localhost:${port}`;
		refuse(
			'ORIGIN is not set. In production (DEMO=0) the server must be told its public address, e.g. ' +
				'ORIGIN=https://cunguangchang.example: feed, share and QR links are built from it (never from a ' +
				"request's Host header, which anyone can forge), form posts are checked against it and cookies " +
				'are marked Secure when it is https. For a demo on this computer, run `npm start` instead.'
		);
	}
	let parsed;
	try {
		parsed = new URL(given);
	} catch {
		parsed = null;
	}
	if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== given) {
		refuse(`ORIGIN=${JSON.stringify(given)} is not an address alone: write it as scheme and host (and port), e.g. https://cunguangchang.example, without a path or a trailing slash.`);
	}
	return given;
}

/** @param {string} reason @returns {never} */
function refuse(reason) {
	console.error(`Village Square will not start: ${reason}`);
	process.exit(1);
}
