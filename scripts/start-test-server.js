// Starts the production build (`node server.js`) on a free 127.0.0.1 port with a throwaway
// database and demo data, for the e2e tests (tests/e2e/support/global-setup.ts) and the benchmarks;
// a benchmark may bring its own database instead (bench/notice-feed.js).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Keep only the tail of the server's output: enough to explain a failure, bounded for long runs. */
const MAX_OUTPUT_CHARS = 200_000;

/**
 * @typedef {object} TestServer
 * @property {string} baseURL e.g. `http://127.0.0.1:41234`
 * @property {string} databasePath the SQLite file the server was given as DATABASE_URL
 * @property {string} tempDir holds MEDIA_DIR and the database (unless one was given); removed by `stop()`
 * @property {number} pid the server process, for benchmarks that watch its memory
 * @property {() => string} output everything the server printed so far (tail only)
 * @property {() => Promise<void>} stop SIGTERM, SIGKILL after 5 s, then removes `tempDir`
 * @property {() => Promise<void>} crash SIGKILL at once, as a power cut would, then removes `tempDir` (a given database stays)
 */

/**
 * Chromium as the tests and benchmarks run it. Playwright adds its own fresh, temporary
 * `--user-data-dir`, so no run sees another's profile, cache or service workers.
 * @returns {import('playwright-core').LaunchOptions}
 */
export function chromiumLaunchOptions() {
	return {
		executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic',
			// Containers often give /dev/shm only 64 MB, and Debian's wrapper script that would
			// add this flag for a small /dev/shm fails its own check on some machines.
			'--disable-dev-shm-usage'
		]
	};
}

/**
 * @typedef {object} TestServerOptions
 * @property {number} [timeoutMs] how long to wait for `/api/health`
 * @property {string} [databasePath] an existing SQLite file to serve, left in place by `stop()`; a fresh one otherwise
 * @property {boolean} [demo] seed the demo county into an empty database (DEMO=1); true unless set
 * @property {string | null} [origin] ORIGIN: the server's own base URL unless given; null starts it without one
 * @property {Record<string, string>} [env] more environment for the server
 * @property {string[]} [nodeArgs] flags for node itself, before server.js (bench/profile-page.js: --cpu-prof)
 * @property {string} [appDir] the folder with server.js, build/ and drizzle/ to start: this project unless given
 *   (bench/throughput.js --compare starts a copy of an earlier build beside the current one)
 */

/**
 * @param {TestServerOptions} [options]
 * @returns {Promise<TestServer>}
 */
export async function startTestServer({ timeoutMs = 60_000, databasePath: givenDatabase, demo = true, origin, env: moreEnv = {}, nodeArgs = [], appDir = repoRoot } = {}) {
	if (!existsSync(join(appDir, 'build', 'handler.js'))) {
		throw new Error('No production build in build/ (build/handler.js is missing): run `npm run build` first.');
	}

	const tempDir = await mkdtemp(join(tmpdir(), 'village-square-server-'));
	const databasePath = givenDatabase ?? join(tempDir, 'test.db');
	const port = await findFreePort();
	const baseURL = `http://127.0.0.1:${port}`;

	let output = '';
	/** @param {Buffer} chunk */
	const record = (chunk) => {
		output = (output + chunk.toString()).slice(-MAX_OUTPUT_CHARS);
	};

	/** @type {NodeJS.ProcessEnv} */
	const env = {
		...process.env,
		HOST: '127.0.0.1',
		PORT: String(port),
		DATABASE_URL: databasePath,
		DEMO: demo ? '1' : '0',
		MEDIA_DIR: join(tempDir, 'media'),
		...moreEnv
	};
	if (origin === null) delete env.ORIGIN;
	else env.ORIGIN = origin ?? baseURL;
	const child = spawn(process.execPath, [...nodeArgs, 'server.js'], {
		cwd: appDir,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout.on('data', record);
	child.stderr.on('data', record);

	/** @type {Promise<void>} */
	const exited = new Promise((resolve) => child.once('exit', () => resolve()));
	let stopping = false;
	let healthy = false;
	// 'close', not 'exit': the last words (a stack trace) may still be in the pipes at 'exit'.
	child.once('close', (code, signal) => {
		if (stopping) return;
		record(Buffer.from(`\n[test server exited unexpectedly: code ${code}, signal ${signal}]\n`));
		// After startup nobody else would show why every later request is refused.
		if (healthy) process.stderr.write(`\n--- test server output ---\n${output}--- end of test server output ---\n`);
	});
	// A crashed test runner must not leave a server holding the port and the temp dir.
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);

	const stop = async () => {
		stopping = true;
		process.off('exit', killOnExit);
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(timer);
		}
		await rm(tempDir, { recursive: true, force: true });
	};

	const crash = async () => {
		stopping = true;
		process.off('exit', killOnExit);
		child.kill('SIGKILL');
		await exited;
		await rm(tempDir, { recursive: true, force: true });
	};

	try {
		await waitForHealth(baseURL, timeoutMs, () => child.exitCode !== null || child.signalCode !== null);
		healthy = true;
	} catch (error) {
		await stop();
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(`Test server did not become healthy: ${reason}\n--- server output ---\n${output}--- end of server output ---`);
	}

	return { baseURL, databasePath, tempDir, pid: /** @type {number} */ (child.pid), output: () => output, stop, crash };
}

/** @returns {Promise<number>} a port that was free on 127.0.0.1 a moment ago */
function findFreePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolve(port) : reject(new Error('could not read the free port'))));
		});
	});
}

/**
 * Polls `/api/health` until it answers 200 `{"ok":true}`.
 * @param {string} baseURL
 * @param {number} timeoutMs
 * @param {() => boolean} hasExited
 */
async function waitForHealth(baseURL, timeoutMs, hasExited) {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer yet';
	while (Date.now() < deadline) {
		if (hasExited()) throw new Error('the server process exited');
		try {
			const response = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(2_000) });
			const body = await response.text();
			if (response.status === 200 && isOk(body)) return;
			last = `HTTP ${response.status}: ${body.slice(0, 200)}`;
		} catch (error) {
			last = error instanceof Error ? error.message : String(error);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`GET ${baseURL}/api/health gave no 200 {"ok":true} within ${timeoutMs / 1000} s (last: ${last})`);
}

/** @param {string} body */
function isOk(body) {
	try {
		return JSON.parse(body)?.ok === true;
	} catch {
		return false;
	}
}
