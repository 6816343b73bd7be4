// The village feed at county scale (issues 4 and 12): fills a temporary SQLite file with 5,559
// villages and 1,000,000 notices and, for PostgreSQL, copies the same rows into a throwaway
// server (scripts/postgres-server.js, bench/notice-feed-postgres.js). On each engine it times the
// feed query through the app's own listVillageFeed() (loaded with Vite, so it is the real module
// with its real SQL), prints the query plans, then loads the production server's `/v/[village]`
// with autocannon (50 connections) and `/api/health` after it, and ends with both side by side.
//   npm run bench:notice-feed -- [--engines sqlite,postgres] [--villages N] [--notices N] [--calls N]
//                               [--duration s] [--connections N] [--json]
// Builds first when build/ is missing or older than the sources. A benchmark, not a test: it
// exits 0 whatever the figures, and non-zero only if it could not run.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startTestServer } from '../scripts/start-test-server.js';
import { createDatabase, startPostgres } from '../scripts/postgres-server.js';
import { copyFixtureToPostgres } from './notice-feed-postgres.js';
import { buildFixture, weightedSampler } from './notice-feed-fixture.js';
import { seededRandom } from '../scripts/seeded-random.js';

/** @typedef {import('./notice-feed-fixture.js').Fixture} Fixture */
/** @typedef {import('./notice-feed-fixture.js').FixtureVillage} FixtureVillage */
/** @typedef {'visitor, first page' | 'villager, first page' | 'category filter' | 'older page'} Kind */
/** @typedef {{ calls: number, p50: number, p95: number, p99: number, max: number }} Timing in ms */
/** @typedef {Timing & { cpuP50: number, cpuP95: number }} QueryTiming wall-clock times, and the CPU time this process spent */
/** @typedef {{ label: string, sql: string, plan: string[] }} Plan */
/**
 * @typedef {object} LoadResult
 * @property {string} path
 * @property {number} seconds
 * @property {number} connections
 * @property {number} requests
 * @property {number} requestsPerSecond mean
 * @property {{ p50: number, p90: number, p99: number, max: number }} latency ms
 * @property {number} non2xx
 * @property {number} errors
 * @property {number} timeouts
 * @property {number} bytesPerResponse on the wire, gzip, headers included
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Issue 4's goal for one feed page query. */
const GOAL_P95_MS = 5;
/** Issue 4's page size; data saver shows half. */
const PAGE_SIZE = 20;
const WARMUP_CALLS = 200;
/** Share of page loads made by a signed-in villager of the village (the rest are visitors). */
const MEMBER_SHARE = 0.25;
/** A phone's request for a page, as Chromium on Android sends it (what matters: gzip). */
export const PHONE_HEADERS = {
	accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
	'accept-encoding': 'gzip',
	'accept-language': 'zh-CN,zh;q=0.9',
	'user-agent': 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36'
};
const KINDS = /** @type {const} */ (['visitor, first page', 'villager, first page', 'category filter', 'older page']);
const CATEGORIES = /** @type {const} */ (['affairs', 'party', 'notice', 'event', 'policy']);

const USAGE = 'Usage: node bench/notice-feed.js [--engines sqlite,postgres] [--villages N] [--notices N] [--calls N] [--duration s] [--connections N] [--json]';
const ENGINES = /** @type {const} */ (['sqlite', 'postgres']);

/** @param {string[]} argv */
function parseArgs(argv) {
	return parseBenchArgs(argv, { villages: 5559, notices: 1_000_000, calls: 2000, duration: 15, connections: 50 }, USAGE);
}

/**
 * A two-engine benchmark's command line: `--engines sqlite,postgres`, `--json`, and a positive
 * whole number for each of `numbers` (`--calls 500` or `--calls=500` sets `calls`); a text for
 * each of `texts` (bench/qa-search.js's `--app DIR`).
 * @template {Record<string, number>} N
 * @template {Record<string, string | undefined>} [S={}]
 * @param {string[]} argv
 * @param {N} numbers the defaults
 * @param {string} usage
 * @param {S} [texts] the defaults
 */
export function parseBenchArgs(argv, numbers, usage, texts) {
	const options = { ...numbers, ...(texts ?? /** @type {S} */ ({})), json: false, engines: [...ENGINES] };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const name = flag.slice(2);
		if (flag === '--json') options.json = true;
		else if (flag === '--engines') {
			const engines = (inline ?? argv[++i] ?? '').split(',');
			const unknown = engines.find((e) => !(/** @type {readonly string[]} */ (ENGINES)).includes(e));
			if (unknown === undefined) options.engines = /** @type {typeof options.engines} */ (engines);
			else throw new Error(`--engines takes ${ENGINES.join(' and/or ')}, not "${unknown ?? ''}". ${usage}`);
		} else if (flag.startsWith('--') && Object.hasOwn(numbers, name)) {
			const value = Number(inline ?? argv[++i]);
			if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} needs a positive whole number. ${usage}`);
			/** @type {any} */ (options)[name] = value;
		} else if (flag.startsWith('--') && texts && Object.hasOwn(texts, name)) {
			const value = inline ?? argv[++i];
			if (!value) throw new Error(`${flag} needs a value. ${usage}`);
			/** @type {any} */ (options)[name] = value;
		} else throw new Error(`Unknown argument "${argv[i]}". ${usage}`);
	}
	return options;
}

/** Newest modification time under `path`, skipping generated folders. @param {string} path @returns {number} */
function newestChange(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = 0;
	for (const entry of readdirSync(path)) {
		// Paraglide rewrites its output whenever Vite starts (this script's own query step does), which says nothing about the build.
		if (join(path, entry) === join(repoRoot, 'src', 'lib', 'paraglide')) continue;
		newest = Math.max(newest, newestChange(join(path, entry)));
	}
	return newest;
}

/** Runs `vite build` when build/ is missing or older than what goes into it. @param {(m: string) => void} log */
export async function buildIfStale(log) {
	const built = existsSync(join(repoRoot, 'build', 'handler.js')) ? statSync(join(repoRoot, 'build', 'handler.js')).mtimeMs : 0;
	const inputs = ['src', 'messages', 'static', 'vite.config.ts', 'svelte.config.js', 'package.json'].map((p) => newestChange(join(repoRoot, p)));
	if (built > Math.max(...inputs)) return false;
	log(built ? 'build/ is older than the sources: building (npx vite build)' : 'no build/: building (npx vite build)');
	const child = spawn('npx', ['vite', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
	const code = await new Promise((resolve) => child.once('exit', resolve));
	if (code !== 0) throw new Error(`vite build failed (exit ${code})`);
	return true;
}

/** Nearest-rank percentiles of durations in ms. @param {number[]} samples @returns {Timing} */
export function timing(samples) {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (/** @type {number} */ p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
	return { calls: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] ?? NaN };
}

/**
 * Loads the app's feed module through Vite, opened on the bench database (see loadThroughVite).
 * @param {string} databaseUrl
 */
function loadApp(databaseUrl) {
	return loadThroughVite(databaseUrl, async (vite) => {
		const feed = await vite.ssrLoadModule('/src/lib/server/notices/feed.ts');
		const notices = await vite.ssrLoadModule('/src/lib/server/notices/notices.ts');
		const session = await vite.ssrLoadModule('/src/lib/server/auth/session.ts');
		const sessionCookie = await vite.ssrLoadModule('/src/lib/server/web/session-cookie.ts');
		return {
			/** @type {(villageId: number, viewer: unknown, filter: unknown, limit: number) => Promise<{ pinned: { title: string }[], items: { title: string }[], older: string | null }>} */
			listVillageFeed: feed.listVillageFeed,
			/** @type {(params: URLSearchParams) => unknown} */
			parseFeedFilter: feed.parseFeedFilter,
			/** @type {(userId: number | null, villageId: number) => Promise<unknown>} */
			noticeViewer: notices.noticeViewer,
			/** @type {(tx: unknown, userId: number) => Promise<{ token: string }>} */
			createSession: session.createSession,
			sessionCookieName: /** @type {string} */ (sessionCookie.sessionCookieName)
		};
	});
}

/**
 * Loads app modules through Vite (the project's config: SvelteKit resolves `$lib`, Paraglide
 * compiles `$lib/paraglide`), opened on the bench database (a SQLite file or a postgres:// URL),
 * with the database module's handles beside what `loadModules` returns. DATABASE_URL must be set
 * first: `$lib/server/platform/db` opens the database when it is first imported, so each engine
 * gets a Vite server (and module graph) of its own. bench/qa-search.js loads the Q&A's modules with it.
 * @template {object} T
 * @param {string} databaseUrl
 * @param {(vite: import('vite').ViteDevServer) => Promise<T>} loadModules
 * @param {{ migrationsDir?: string }} [options] the migrations the app would run (this project's drizzle/ unless given)
 */
export async function loadThroughVite(databaseUrl, loadModules, { migrationsDir = join(repoRoot, 'drizzle') } = {}) {
	process.env.DATABASE_URL = databaseUrl;
	process.env.DEMO = '0';
	process.env.MIGRATIONS_DIR = migrationsDir;
	// Paraglide's Vite plugin reports on stdout, which --json keeps for the report.
	const stdoutWrite = process.stdout.write;
	process.stdout.write = /** @type {any} */ (process.stderr.write.bind(process.stderr));
	try {
		const { createServer } = await import('vite');
		const vite = await createServer({ server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom', logLevel: 'error' });
		try {
			const modules = await loadModules(vite);
			const { db, engine, transaction, closeDatabase } = await vite.ssrLoadModule('/src/lib/server/platform/db/index.ts');
			return {
				vite,
				...modules,
				/** @type {<R>(work: (tx: unknown) => Promise<R>) => Promise<R>} */
				transaction,
				/** @type {() => Promise<void>} */
				closeDatabase,
				/** @type {'sqlite' | 'postgres'} */
				engine,
				/** The shared handle's driver: better-sqlite3's Database, or pg's Pool. @type {any} */
				client: db.$client
			};
		} catch (error) {
			await vite.close();
			throw error;
		}
	} finally {
		process.stdout.write = stdoutWrite;
	}
}

/** @typedef {Awaited<ReturnType<typeof loadApp>>} App */

/**
 * One feed request as the page makes it: a village picked like real traffic, a viewer, a filter.
 * What a call needs beforehand (the viewer's roles, the cursor of the page before) is worked out
 * outside the timed part.
 * @param {App} app
 * @param {Kind} kind
 * @param {FixtureVillage} village
 * @param {() => number} random
 * @param {string} [category] for the category filter; one at random otherwise
 */
async function prepareCall(app, kind, village, random, category) {
	const asVillager = kind === 'villager, first page' || (kind !== 'visitor, first page' && random() < 0.5 && village.villagerIds.length > 0);
	const userId = asVillager && village.villagerIds.length > 0 ? village.villagerIds[Math.floor(random() * village.villagerIds.length)] : null;
	const viewer = await app.noticeViewer(userId, village.id);
	const params = new URLSearchParams();
	if (kind === 'category filter') params.set('category', category ?? CATEGORIES[Math.floor(random() * CATEGORIES.length)]);
	if (kind === 'older page') {
		const first = await app.listVillageFeed(village.id, viewer, app.parseFeedFilter(params), PAGE_SIZE);
		if (!first.older) return null;
		params.set('before', first.older);
	}
	return () => app.listVillageFeed(village.id, viewer, app.parseFeedFilter(params), PAGE_SIZE);
}

/**
 * @param {App} app
 * @param {Fixture} fixture
 * @param {number} calls
 * @param {(m: string) => void} log
 */
async function measureFeed(app, fixture, calls, log) {
	const random = seededRandom(20);
	const pickVillage = weightedSampler(Float64Array.from(fixture.villages, (v) => v.weight));
	/** @type {{ kind: Kind, published: number, ms: number, cpuMs: number }[]} */
	const samples = [];
	log(`feed query: ${WARMUP_CALLS} warm-up calls, then ${calls.toLocaleString('en')}`);
	for (let i = 0; i < WARMUP_CALLS + calls; i++) {
		const kind = KINDS[i % KINDS.length];
		/** @type {Awaited<ReturnType<typeof prepareCall>>} */
		let call = null;
		let village = fixture.villages[0];
		// A village with one page has no "older": take the next visitor's village.
		for (let tries = 0; !call && tries < 100; tries++) call = await prepareCall(app, kind, (village = fixture.villages[pickVillage(random)]), random);
		if (!call) continue;
		// CPU time as well as wall-clock time: on a shared machine a call that waited for a core
		// shows a long wall time but its usual CPU time, which tells noise from a slow query.
		const cpuBefore = process.cpuUsage();
		const started = process.hrtime.bigint();
		await call();
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		const cpu = process.cpuUsage(cpuBefore);
		if (i >= WARMUP_CALLS) samples.push({ kind, published: village.published, ms, cpuMs: (cpu.user + cpu.system) / 1000 });
	}
	/** @param {typeof samples} some @returns {QueryTiming} */
	const summary = (some) => {
		const cpu = timing(some.map((s) => s.cpuMs));
		return { ...timing(some.map((s) => s.ms)), cpuP50: cpu.p50, cpuP95: cpu.p95 };
	};
	/** @type {Record<string, QueryTiming>} */
	const byKind = {};
	for (const kind of KINDS) byKind[kind] = summary(samples.filter((s) => s.kind === kind));
	const overall = summary(samples);
	// Where the slow calls are: by how many notices the village has.
	const sizes = [[0, 1000], [1000, 5000], [5000, Infinity]];
	const bySize = sizes.map(([low, high]) => ({
		villages: high === Infinity ? `≥ ${low.toLocaleString('en')} notices` : `${low.toLocaleString('en')}–${(high - 1).toLocaleString('en')} notices`,
		...summary(samples.filter((s) => s.published >= low && s.published < high))
	}));
	return { byKind, overall, bySize, goalMet: overall.p95 <= GOAL_P95_MS, loadAverage: loadavg()[0] };
}

/**
 * The statements each kind of call runs, caught on their way into the driver (better-sqlite3's
 * prepare, or pg's Pool.query) with their parameters, and what the engine's plan says of each on
 * the busiest village: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN (ANALYZE, COSTS OFF)` on PostgreSQL.
 * @param {App} app
 * @param {Fixture} fixture
 * @returns {Promise<Plan[]>}
 */
async function explainFeed(app, fixture) {
	const busiest = /** @type {FixtureVillage} */ (fixture.villages.find((v) => v.slug === fixture.perVillage.busiest));
	/** @type {{ sql: string, params: unknown[] }[]} */
	let caught = [];
	const driver = app.engine === 'sqlite' ? catchSqlite(app.client, (sql, params) => caught.push({ sql, params })) : catchPostgres(app.client, (sql, params) => caught.push({ sql, params }));
	/** @type {Plan[]} */
	const plans = [];
	try {
		const random = seededRandom(7);
		for (const kind of KINDS) {
			// Policy, the rarest category: the statement for the rest walks furthest to fill a page.
			const call = await prepareCall(app, kind, busiest, random, 'policy');
			if (!call) continue;
			caught = [];
			await call();
			for (const [i, { sql, params }] of caught.entries()) {
				const part = caught.length > 1 && i === 0 ? 'pinned' : 'the rest';
				plans.push({ label: `${kind}${kind === 'category filter' ? ' (policy)' : ''}, ${part}`, sql, plan: await driver.explain(sql, params) });
			}
		}
	} finally {
		driver.restore();
	}
	return plans;
}

/**
 * @param {import('better-sqlite3').Database} sqlite
 * @param {(sql: string, params: unknown[]) => void} onStatement
 */
export function catchSqlite(sqlite, onStatement) {
	const prepare = sqlite.prepare;
	/** @param {string} sql @returns {import('better-sqlite3').Statement<unknown[]>} */
	const prepareOriginal = (sql) => prepare.call(sqlite, sql);
	// The app's connection hands out the same statement again for the same SQL: wrap each once, and unwrap at the end.
	/** @type {Map<import('better-sqlite3').Statement<unknown[]>, Function>} */
	const wrapped = new Map();
	sqlite.prepare = /** @type {any} */ (
		function (/** @type {string} */ sql) {
			const statement = prepareOriginal(sql);
			if (wrapped.has(statement)) return statement;
			const all = statement.all;
			wrapped.set(statement, all);
			statement.all = /** @type {any} */ (
				(/** @type {unknown[]} */ ...params) => {
					onStatement(sql, params);
					return all.apply(statement, params);
				}
			);
			return statement;
		}
	);
	return {
		/** @param {string} sql @param {unknown[]} params */
		explain: async (sql, params) => indentPlan(/** @type {{ id: number, parent: number, detail: string }[]} */ (prepareOriginal(`EXPLAIN QUERY PLAN ${sql}`).all(...params))),
		restore: () => {
			sqlite.prepare = prepare;
			for (const [statement, all] of wrapped) statement.all = /** @type {any} */ (all);
		}
	};
}

/**
 * @param {import('pg').Pool} pool
 * @param {(sql: string, params: unknown[]) => void} onStatement
 */
export function catchPostgres(pool, onStatement) {
	const query = pool.query;
	pool.query = /** @type {any} */ (
		function (/** @type {any} */ config, /** @type {unknown[] | undefined} */ values) {
			onStatement(typeof config === 'string' ? config : config.text, values ?? config.values ?? []);
			return query.call(pool, config, values);
		}
	);
	return {
		/** @param {string} sql @param {unknown[]} params */
		explain: async (sql, params) => {
			const { rows } = await query.call(pool, `EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params);
			return rows.map((row) => /** @type {string} */ (row['QUERY PLAN']));
		},
		restore: () => {
			pool.query = query;
		}
	};
}

/** @param {{ id: number, parent: number, detail: string }[]} rows */
function indentPlan(rows) {
	/** @type {Map<number, number>} */
	const depth = new Map([[0, -1]]);
	return rows.map((row) => {
		const d = (depth.get(row.parent) ?? -1) + 1;
		depth.set(row.id, d);
		return `${'  '.repeat(d)}${row.detail}`;
	});
}

/** The WHERE clause onwards, where the statements of one kind differ. @param {string} sql */
const tail = (sql) => sql.slice(sql.lastIndexOf(' where ') + 1);

/**
 * @param {string} baseURL
 * @param {string} label
 * @param {{ duration: number, connections: number, path?: string, setupRequest?: (request: any) => any }} options
 * @returns {Promise<LoadResult>}
 */
export async function load(baseURL, label, { duration, connections, path = '/', setupRequest }) {
	const result = await autocannon({
		url: `${baseURL}${path}`,
		connections,
		duration,
		headers: PHONE_HEADERS,
		requests: setupRequest ? [{ setupRequest }] : undefined
	});
	return {
		path: label,
		seconds: duration,
		connections,
		requests: result.requests.total,
		requestsPerSecond: result.requests.average,
		latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
		non2xx: result.non2xx,
		errors: result.errors,
		timeouts: result.timeouts,
		bytesPerResponse: result.requests.total > 0 ? Math.round(result.throughput.total / result.requests.total) : 0
	};
}

/**
 * Loads `/v/[village]` for villages picked like the feed's traffic, a quarter of them as a signed-in villager.
 * @param {string} baseURL
 * @param {Fixture} fixture
 * @param {Map<number, string>} cookies a session cookie per village, for one of its villagers
 * @param {{ duration: number, connections: number }} options
 * @param {(m: string) => void} log
 */
async function loadVillagePages(baseURL, fixture, cookies, options, log) {
	const random = seededRandom(30);
	const pickVillage = weightedSampler(Float64Array.from(fixture.villages, (v) => v.weight));
	const setupRequest = (/** @type {any} */ request) => {
		const village = fixture.villages[pickVillage(random)];
		const cookie = random() < MEMBER_SHARE ? cookies.get(village.id) : undefined;
		return { ...request, path: `/v/${encodeURIComponent(village.slug)}`, headers: cookie ? { ...PHONE_HEADERS, cookie } : PHONE_HEADERS };
	};
	log(`warming the server up (2 s), then /v/[village] for ${options.duration} s`);
	await load(baseURL, 'warm-up', { ...options, duration: 2, setupRequest });
	const pages = await load(baseURL, '/v/[village]', { ...options, setupRequest });
	// The floor under any page: hooks, compression and one query, no rendering to speak of.
	log(`/api/health for ${Math.max(3, Math.round(options.duration / 3))} s, for comparison`);
	const health = await load(baseURL, '/api/health', { ...options, duration: Math.max(3, Math.round(options.duration / 3)), path: '/api/health' });
	return { pages, health, loadAverage: loadavg()[0] };
}

/**
 * Does the page show the feed yet? The busiest village's newest notice title in its HTML says so.
 * @param {string} baseURL
 * @param {App} app
 * @param {Fixture} fixture
 */
async function checkPage(baseURL, app, fixture) {
	const busiest = /** @type {FixtureVillage} */ (fixture.villages.find((v) => v.slug === fixture.perVillage.busiest));
	const feed = await app.listVillageFeed(busiest.id, await app.noticeViewer(null, busiest.id), app.parseFeedFilter(new URLSearchParams()), PAGE_SIZE);
	const response = await fetch(`${baseURL}/v/${busiest.slug}`);
	const html = await response.text();
	const titles = [...feed.pinned, ...feed.items].map((item) => item.title);
	const escaped = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	return { status: response.status, htmlBytes: Buffer.byteLength(html), showsFeed: titles.some((title) => html.includes(escaped(title))) };
}

export const ms = (/** @type {number} */ n) => (Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(1));
export const int = (/** @type {number} */ n) => Math.round(n).toLocaleString('en');

/** @param {any} report */
function printReport(report) {
	const { options, fixture, fill, copy } = report;
	const c = fixture.counts;
	console.log(`\nNotice feed at county scale: ${int(options.villages)} villages, ${int(options.notices)} notices (build ${report.build}).\n`);
	console.log(`Fixture: filled in ${fill.seconds.toFixed(1)} s, ${(fill.bytes / 1024 ** 3).toFixed(2)} GiB on disk (${int(fill.bytes / 1024 ** 2)} MiB).`);
	console.log(`  villages ${int(c.villages)}; users ${int(c.users)} (a cadre per village, the rest villagers); memberships ${int(c.memberships)} (${int(c.revokedMemberships)} revoked)`);
	console.log(`  notices ${int(c.notices)}: published ${int(c.published)}, drafts ${int(c.drafts)}, deleted ${int(c.deleted)}; members-only ${int(c.membersOnly)}; pinned ${int(c.pinned)}`);
	console.log(`  published per village (Zipf-like, exponent ${fixture.zipfExponent}): min ${int(fixture.perVillage.min)}, median ${int(fixture.perVillage.median)}, max ${int(fixture.perVillage.max)} (${fixture.perVillage.busiest})`);
	console.log(`  notice photos ${int(c.noticePhotos)}; reads ${int(c.reads)}; polls ${int(c.polls)} (${int(c.pollOptions)} options, ${int(c.pollVotes)} votes); disclosure rows ${int(c.disclosureRows)}`);
	if (copy) console.log(`  copied into PostgreSQL (${int(copy.rows)} rows) in ${copy.seconds.toFixed(1)} s`);
	for (const result of report.engines) printEngine(options, fixture, result);

	// Side by side: the figures the issue sets goals for.
	console.log(`\nBoth engines: feed query (ms, wall-clock) and /v/[village] against /api/health on the same server\n`);
	console.log('  engine      p50    p95    p99  goal p95 ≤ 5   page req/s  p99 ms  health req/s  ÷health  non-2xx');
	for (const { engine, feed, load: l } of report.engines) {
		console.log(
			`  ${engine.padEnd(9)}${[ms(feed.overall.p50), ms(feed.overall.p95), ms(feed.overall.p99)].map((x) => x.padStart(7)).join('')}  ${(feed.goalMet ? '✓ met' : '✗ missed').padStart(12)}` +
				`${int(l.pages.requestsPerSecond).padStart(13)}${ms(l.pages.latency.p99).padStart(8)}${int(l.health.requestsPerSecond).padStart(14)}${(l.health.requestsPerSecond > 0 ? `${Math.round((l.pages.requestsPerSecond / l.health.requestsPerSecond) * 100)}%` : '-').padStart(9)}${int(l.pages.non2xx + l.pages.errors).padStart(9)}`
		);
	}
	console.log('');
}

/**
 * @param {ReturnType<typeof parseArgs>} options
 * @param {any} fixture
 * @param {any} result one engine's figures, from measureEngine()
 */
function printEngine(options, fixture, { engine, feed, plans, page, load: loadResult }) {
	console.log(`\n=== ${engine} ===`);
	console.log(`\nFeed query: listVillageFeed(), the app's module loaded through Vite, ${PAGE_SIZE} a page, villages picked like traffic (busy ones more often);`);
	console.log(`${int(WARMUP_CALLS)} warm-up calls, then ${int(feed.overall.calls)}. A first page runs two statements (pinned, then the rest); an older page one.\n`);
	const header = ['', 'calls', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'CPU p50', 'CPU p95'];
	const row = (/** @type {string} */ label, /** @type {QueryTiming} */ t) =>
		`  ${label.padEnd(24)}${[int(t.calls), ms(t.p50), ms(t.p95), ms(t.p99), ms(t.max), ms(t.cpuP50), ms(t.cpuP95)].map((cell, i) => cell.padStart(header[i + 1].length + 3)).join('')}`;
	console.log(`  ${''.padEnd(24)}${header.slice(1).map((h) => h.padStart(h.length + 3)).join('')}`);
	for (const kind of KINDS) console.log(row(kind, feed.byKind[kind]));
	console.log(row('all', feed.overall));
	console.log(`  goal p95 ≤ ${GOAL_P95_MS} ms: ${feed.goalMet ? '✓ met' : '✗ missed'} (wall-clock p95 ${ms(feed.overall.p95)} ms)`);
	console.log(`  CPU = this process's CPU time during the call, V8's helper threads included (so it can exceed wall-clock);`);
	console.log(`  wall-clock far above it means the call waited for a core: load average ${feed.loadAverage.toFixed(1)} on ${cpus().length} cores`);
	console.log('\n  by the village\'s number of published notices:');
	for (const size of feed.bySize) console.log(row(size.villages, size));

	console.log(`\nQuery plans on the busiest village (${fixture.perVillage.busiest}, ${int(fixture.perVillage.max)} published notices). The first statement in full:\n`);
	console.log(`  ${plans[0]?.sql ?? '(none caught)'}\n`);
	for (const plan of plans) {
		console.log(`  ${plan.label}: …${tail(plan.sql)}`);
		for (const line of plan.plan) console.log(`    ${line}`);
	}

	console.log(`\nWhole page: GET /v/[village] on the production server (node server.js, DEMO=0, this database), autocannon with ${options.connections} connections,`);
	console.log(`accept-encoding: gzip, villages picked like traffic, ${MEMBER_SHARE * 100} % as a signed-in villager; autocannon runs on the same 2 cores as the server.`);
	console.log(`  the page ${page.showsFeed ? 'shows the feed' : 'does NOT show the feed yet (no notice title of the busiest village in its HTML)'}: HTTP ${page.status}, ${int(page.htmlBytes)} bytes of HTML\n`);
	const loadHeader = ['', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests', 'non-2xx', 'errors', 'B/resp'];
	console.log(`  ${''.padEnd(14)}${loadHeader.slice(1).map((h) => h.padStart(h.length + 3)).join('')}`);
	for (const r of [loadResult.pages, loadResult.health]) {
		const cells = [int(r.requestsPerSecond), ms(r.latency.p50), ms(r.latency.p90), ms(r.latency.p99), ms(r.latency.max), int(r.requests), int(r.non2xx), int(r.errors), int(r.bytesPerResponse)];
		console.log(`  ${r.path.padEnd(14)}${cells.map((cell, i) => cell.padStart(loadHeader[i + 1].length + 3)).join('')}`);
	}
	if (loadResult.pages.timeouts > 0) console.log(`  note: ${int(loadResult.pages.timeouts)} requests timed out`);
	console.log(`  load average at the end: ${loadResult.loadAverage.toFixed(1)} on ${cpus().length} cores`);
}

/**
 * The feed query and the page on one engine: the app loaded on it, timed, explained, then the
 * production server started on it and loaded.
 * @param {'sqlite' | 'postgres'} engine
 * @param {string} databaseUrl the fixture's SQLite file, or the PostgreSQL database it was copied into
 * @param {Fixture} fixture
 * @param {ReturnType<typeof parseArgs>} options
 * @param {(m: string) => void} log
 */
async function measureEngine(engine, databaseUrl, fixture, options, log) {
	log(`${engine}: loading src/lib/server/notices/feed.ts through Vite`);
	const app = await loadApp(databaseUrl);
	/** @type {Awaited<ReturnType<typeof startTestServer>> | undefined} */
	let server;
	try {
		const feed = await measureFeed(app, fixture, options.calls, log);
		const plans = await explainFeed(app, fixture);

		// One signed-in villager per village for the page load, through the app's own sessions.
		/** @type {Map<number, string>} */
		const cookies = new Map();
		await app.transaction(async (tx) => {
			for (const village of fixture.villages) {
				const villager = village.villagerIds[0];
				if (villager) cookies.set(village.id, `${app.sessionCookieName}=${(await app.createSession(tx, villager)).token}`);
			}
		});

		log(`${engine}: starting the production server`);
		server = await startTestServer(
			engine === 'sqlite' ? { databasePath: databaseUrl, demo: false, timeoutMs: 120_000 } : { env: { DATABASE_URL: databaseUrl }, demo: false, timeoutMs: 120_000 }
		);
		const page = await checkPage(server.baseURL, app, fixture);
		const loadResult = await loadVillagePages(server.baseURL, fixture, cookies, options, log);
		return { engine, feed, plans, page, load: loadResult };
	} finally {
		await server?.stop();
		await app.closeDatabase();
		await app.vite.close();
	}
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	// SvelteKit's Vite plugin takes the project from the working directory.
	process.chdir(repoRoot);
	const started = performance.now();
	const log = (/** @type {string} */ message) => process.stderr.write(`[notice-feed ${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
	const tempDir = await mkdtemp(join(tmpdir(), 'village-square-feed-'));
	const databasePath = join(tempDir, 'feed.db');
	// Ctrl-C must not leave a gigabyte in /tmp (during the fill, which is synchronous, it is acted
	// on when the fill is done); the server child and PostgreSQL die with us (start-test-server.js, postgres-server.js).
	const interrupted = () => {
		rm(tempDir, { recursive: true, force: true }).finally(() => process.exit(130));
	};
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);
	/** @type {Awaited<ReturnType<typeof startPostgres>> | undefined} */
	let postgres;
	try {
		const built = await buildIfStale(log);

		log(`filling ${databasePath}`);
		const fillStarted = performance.now();
		const fixture = buildFixture(databasePath, {
			villages: options.villages,
			notices: options.notices,
			migrationsFolder: join(repoRoot, 'drizzle', 'sqlite'),
			now: Date.now(),
			progress: (step) => log(`  ${step}`)
		});
		const fillSeconds = (performance.now() - fillStarted) / 1000;
		const bytes = ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(databasePath + suffix) ? statSync(databasePath + suffix).size : 0), 0);
		log(`filled in ${fillSeconds.toFixed(1)} s`);

		const engines = [];
		/** @type {{ seconds: number, rows: number } | null} */
		let copy = null;
		for (const engine of options.engines) {
			let databaseUrl = databasePath;
			if (engine === 'postgres') {
				log('postgres: starting a throwaway server and copying the fixture into it');
				postgres = await startPostgres();
				databaseUrl = await createDatabase(postgres.url, { name: 'notice_feed' });
				const copyStarted = performance.now();
				const rows = await copyFixtureToPostgres(databasePath, databaseUrl, { migrationsFolder: join(repoRoot, 'drizzle', 'postgres'), progress: (step) => log(`  ${step}`) });
				copy = { seconds: (performance.now() - copyStarted) / 1000, rows: Object.values(rows).reduce((a, b) => a + b, 0) };
				log(`postgres: copied ${copy.rows.toLocaleString('en')} rows in ${copy.seconds.toFixed(1)} s`);
			}
			engines.push(await measureEngine(engine, databaseUrl, fixture, options, log));
			if (engine === 'postgres') {
				await postgres?.stop();
				postgres = undefined;
			}
		}

		const report = {
			options,
			build: built ? 'rebuilt' : 'up to date',
			fixture: { counts: fixture.counts, perVillage: fixture.perVillage, zipfExponent: fixture.zipfExponent },
			fill: { seconds: fillSeconds, bytes },
			copy,
			goalP95Ms: GOAL_P95_MS,
			engines
		};
		if (options.json) console.log(JSON.stringify(report, null, 2));
		else printReport(report);
	} finally {
		await postgres?.stop();
		await rm(tempDir, { recursive: true, force: true });
	}
}

// Run as a script; imported (bench/qa-search.js borrows its helpers), it runs nothing.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	});
}
