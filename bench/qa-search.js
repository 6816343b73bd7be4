// Expert Q&A search at county scale (issue 14): fills a temporary SQLite file with the notice
// feed's 5,559 villages, 200,000 questions and 500,000 answers (bench/qa-search-fixture.js, each
// question's search entry made by the app's own tokenizer) and, for PostgreSQL, copies the same rows
// into a throwaway server (bench/notice-feed-postgres.js). On each engine it times the app's own
// searchQuestions() and similarQuestions() (src/lib/server/qa/browse.ts, loaded with Vite, so the
// real SQL) for several kinds of query against the goal of a p95 ≤ 20 ms, prints the query plans,
// then loads the production server's `/qa?q=…`, `/qa/similar?q=…` and `/qa/[id]` with autocannon,
// and `/api/health` after them on the same server, and ends with both engines side by side.
//   npm run bench:qa-search -- [--engines sqlite,postgres] [--villages N] [--questions N] [--answers N]
//                              [--calls N] [--duration s] [--connections N] [--app DIR] [--fixture FILE] [--json]
// --app DIR starts the production server from DIR (a copy of build/, server.js, server-headers.js,
// drizzle/, package.json and node_modules, as for bench/throughput.js --compare), so a rebuild of
// this folder meanwhile changes nothing; without it, this folder's build/, built first when stale.
// --fixture FILE fills FILE once and keeps it (with FILE.json) for later runs to reuse.
// A benchmark, not a test: it exits 0 whatever the figures, and non-zero only if it could not run.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '../scripts/start-test-server.js';
import { createDatabase, startPostgres } from '../scripts/postgres-server.js';
import { seededRandom } from '../scripts/seeded-random.js';
import { PHONE_HEADERS, buildIfStale, catchPostgres, catchSqlite, int, load, loadThroughVite, ms, parseBenchArgs, timing } from './notice-feed.js';
import { copyFixtureToPostgres } from './notice-feed-postgres.js';
import { pick } from './notice-feed-fixture.js';
import { RARE_WORDS, buildQaFixture, questionTitle } from './qa-search-fixture.js';

/** @typedef {import('./qa-search-fixture.js').QaFixture} QaFixture */
/** @typedef {import('./notice-feed.js').LoadResult} LoadResult */
/** @typedef {{ calls: number, p50: number, p95: number, p99: number, max: number, cpuP50: number, cpuP95: number, matchesP50: number, seconds: number }} CallTiming */

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Issue 14's goal for a search and for the similar questions. */
const GOAL_P95_MS = 20;
/** The list's page (src/lib/preferences.ts listLength) and the similar list's length (browse.ts). */
const PAGE_SIZE = 20;
const SIMILAR = 5;
const WARMUP_CALLS = 20;
/** A kind whose calls take long stops warming up after this, and timing after MAX_SECONDS_PER_KIND, with the calls made so far. */
const MAX_WARMUP_SECONDS = 10;
const MAX_SECONDS_PER_KIND = 30;
/**
 * After a page's load the server may still be working through what was sent (a slow search
 * holds SQLite's one process, or PostgreSQL's pool): the next page waits until /api/health answers
 * quickly again, at most this long, and otherwise gets a freshly started server.
 */
const SETTLE_SECONDS = 20;
/** Share of question pages read signed in (the reader's votes and me-too are looked up then). */
const SIGNED_IN_SHARE = 0.25;

/**
 * The searches timed, each with a few words picked in turn: what the list's search box is typed
 * with. `crop` names a crop to filter by as well.
 * @type {{ kind: string, words: string[], crop?: string }[]}
 */
const SEARCHES = [
	{ kind: 'no words (newest)', words: [''] },
	{ kind: 'common word', words: ['樱桃', '叶子', '发黄', '小麦', '专家'] },
	{ kind: '2-character word', words: ['霉层', '叶斑', '黄叶', '咳嗽', '流胶', '蚜虫'] },
	{ kind: '1-character word', words: ['鸡', '猪', '蜂'] },
	{ kind: 'rare word', words: RARE_WORDS },
	{ kind: 'phrase', words: ['樱桃叶子发黄怎么办', '乌鸡咳嗽打喷嚏', '小麦赤霉病用什么药', '大蒜叶尖发黄', '蜜蜂螨虫怎么治'] },
	{ kind: 'crop filter + word', words: ['咳嗽', '拉稀', '精神差'], crop: '乌鸡' },
	{ kind: 'crop filter + word', words: ['流胶', '霉层', '叶斑'], crop: '樱桃' }
];
/** The kinds, each once, in order (two searches share the crop filter's). */
const KINDS = [...new Set(SEARCHES.map((s) => s.kind))];

const USAGE =
	'Usage: node bench/qa-search.js [--engines sqlite,postgres] [--villages N] [--questions N] [--answers N] [--calls N] [--duration s] [--connections N] [--app DIR] [--fixture FILE] [--json]';

/** @param {string[]} argv */
function parseArgs(argv) {
	return parseBenchArgs(
		argv,
		{ villages: 5559, questions: 200_000, answers: 500_000, calls: 300, duration: 15, connections: 50 },
		USAGE,
		/** @type {{ app: string | undefined, fixture: string | undefined }} */ ({ app: undefined, fixture: undefined })
	);
}

/**
 * The app's tokenizer and starting crops, for the fixture: loaded through Vite like the rest, but
 * with no database opened.
 */
async function loadVocabulary() {
	const { createServer } = await import('vite');
	const stdoutWrite = process.stdout.write;
	process.stdout.write = /** @type {any} */ (process.stderr.write.bind(process.stderr));
	const vite = await createServer({ server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom', logLevel: 'error' });
	try {
		const tokens = await vite.ssrLoadModule('/src/lib/server/platform/search-tokens.ts');
		const vocabulary = await vite.ssrLoadModule('/src/lib/qa/vocabulary.ts');
		return {
			/** @type {(text: string) => string} */
			indexTokens: tokens.indexTokens,
			/** @type {readonly { name: string, nameEn: string }[]} */
			startingCrops: vocabulary.startingCrops
		};
	} finally {
		await vite.close();
		process.stdout.write = stdoutWrite;
	}
}

/**
 * The Q&A's modules through Vite on the bench database (a SQLite file or a postgres:// URL).
 * @param {string} databaseUrl
 * @param {string} appDir
 */
function loadApp(databaseUrl, appDir) {
	return loadThroughVite(
		databaseUrl,
		async (vite) => {
			const browse = await vite.ssrLoadModule('/src/lib/server/qa/browse.ts');
			const filter = await vite.ssrLoadModule('/src/lib/qa/qa-filter.ts');
			const session = await vite.ssrLoadModule('/src/lib/server/auth/session.ts');
			const sessionCookie = await vite.ssrLoadModule('/src/lib/server/web/session-cookie.ts');
			return {
				/** @type {(filter: unknown, limit: number) => Promise<{ items: { id: number, title: string }[], total: number, hasNext: boolean }>} */
				searchQuestions: browse.searchQuestions,
				/** @type {(title: string, limit: number) => Promise<{ id: number, title: string }[]>} */
				similarQuestions: browse.similarQuestions,
				/** @type {(params: URLSearchParams) => unknown} */
				parseQaFilter: filter.parseQaFilter,
				/** @type {(tx: unknown, userId: number) => Promise<{ token: string }>} */
				createSession: session.createSession,
				sessionCookieName: /** @type {string} */ (sessionCookie.sessionCookieName)
			};
		},
		{ migrationsDir: join(appDir, 'drizzle') }
	);
}

/** @typedef {Awaited<ReturnType<typeof loadApp>>} App */

/**
 * The list's address for a search, as its form makes it.
 * @param {QaFixture} fixture
 * @param {{ words: string[], crop?: string }} search
 * @param {() => number} random
 */
function searchAddress(fixture, search, random) {
	const params = new URLSearchParams();
	const word = pick(random, search.words);
	if (word) params.set('q', word);
	if (search.crop) params.set('crop', String(fixture.crops.find((c) => c.name === search.crop)?.id));
	return params;
}

/**
 * Titles as they are typed on the asking page: new titles of the county's kind, cut where the
 * typing had got to when the page asked (from four characters on), or whole.
 * @param {QaFixture} fixture
 * @param {() => number} random
 */
function typedTitle(fixture, random) {
	const crop = pick(random, fixture.crops).name;
	const topic = random() < 0.5 ? 'disease' : pick(random, ['pests', 'fertilizer', 'planting', 'husbandry', 'market']);
	const title = [...questionTitle(random, crop, topic)];
	return random() < 0.5 ? title.join('') : title.slice(0, Math.min(title.length, 4 + Math.floor(random() * 8))).join('');
}

/**
 * Times `calls` calls of one kind (after a warm-up), wall-clock and this process's CPU time.
 * @param {(random: () => number) => Promise<number>} call returns how many things matched
 * @param {number} calls
 * @param {() => number} random
 * @returns {Promise<CallTiming>}
 */
async function timeCalls(call, calls, random) {
	const warming = performance.now();
	for (let i = 0; i < WARMUP_CALLS && performance.now() - warming < MAX_WARMUP_SECONDS * 1000; i++) await call(random);
	/** @type {number[]} */
	const wall = [];
	/** @type {number[]} */
	const cpu = [];
	/** @type {number[]} */
	const matches = [];
	const started = performance.now();
	while (wall.length < calls && performance.now() - started < MAX_SECONDS_PER_KIND * 1000) {
		// CPU time as well as wall-clock time: on a shared machine a call that waited for a core
		// shows a long wall time but its usual CPU time, which tells noise from a slow query.
		const cpuBefore = process.cpuUsage();
		const before = process.hrtime.bigint();
		matches.push(await call(random));
		wall.push(Number(process.hrtime.bigint() - before) / 1e6);
		const used = process.cpuUsage(cpuBefore);
		cpu.push((used.user + used.system) / 1000);
	}
	const cpuTiming = timing(cpu);
	return { ...timing(wall), cpuP50: cpuTiming.p50, cpuP95: cpuTiming.p95, matchesP50: timing(matches).p50, seconds: (performance.now() - started) / 1000 };
}

/**
 * searchQuestions() for each kind of search, and similarQuestions() for titles being typed.
 * @param {App} app
 * @param {QaFixture} fixture
 * @param {number} calls per kind
 * @param {(m: string) => void} log
 */
async function measureQueries(app, fixture, calls, log) {
	/** @type {Record<string, CallTiming>} */
	const search = {};
	for (const kind of KINDS) {
		const searches = SEARCHES.filter((s) => s.kind === kind);
		log(`  searchQuestions(), ${kind}: ${WARMUP_CALLS} warm-up calls (at most ${MAX_WARMUP_SECONDS} s), then ${int(calls)} (at most ${MAX_SECONDS_PER_KIND} s)`);
		search[kind] = await timeCalls(
			async (random) => (await app.searchQuestions(app.parseQaFilter(searchAddress(fixture, pick(random, searches), random)), PAGE_SIZE)).total,
			calls,
			seededRandom(KINDS.indexOf(kind) + 40)
		);
	}
	log(`  similarQuestions(): ${WARMUP_CALLS} warm-up calls, then ${int(calls)}`);
	const similar = await timeCalls(async (random) => (await app.similarQuestions(typedTitle(fixture, random), SIMILAR)).length, calls, seededRandom(60));
	const all = [...Object.values(search), similar];
	return { search, similar, goalMet: all.every((t) => t.p95 <= GOAL_P95_MS), loadAverage: loadavg()[0] };
}

/**
 * The statements one call of each kind runs, caught on their way into the driver, and what the
 * engine's plan says of each: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN (ANALYZE, COSTS OFF)` on
 * PostgreSQL (which runs it, so its times are there too).
 * @param {App} app
 * @param {QaFixture} fixture
 */
async function explainQueries(app, fixture) {
	/** @type {{ sql: string, params: unknown[] }[]} */
	let caught = [];
	const driver = app.engine === 'sqlite' ? catchSqlite(app.client, (sql, params) => caught.push({ sql, params })) : catchPostgres(app.client, (sql, params) => caught.push({ sql, params }));
	/** @type {{ label: string, sql: string, params: unknown[], plan: string[] }[]} */
	const plans = [];
	try {
		/** @type {[string, () => Promise<unknown>][]} */
		const calls = [
			...SEARCHES.filter((s, i) => SEARCHES.findIndex((t) => t.kind === s.kind) === i).map((search) => {
				const params = new URLSearchParams({ ...(search.words[0] ? { q: search.words[0] } : {}), ...(search.crop ? { crop: String(fixture.crops.find((c) => c.name === search.crop)?.id) } : {}) });
				return /** @type {[string, () => Promise<unknown>]} */ ([`searchQuestions ${decodeURIComponent(params.toString())}`, () => app.searchQuestions(app.parseQaFilter(params), PAGE_SIZE)]);
			}),
			['similarQuestions 樱桃叶子发黄怎么办', () => app.similarQuestions('樱桃叶子发黄怎么办', SIMILAR)]
		];
		for (const [label, call] of calls) {
			caught = [];
			await call();
			// The rows' first photos are read by id whatever was searched: not worth a plan each time.
			for (const { sql, params } of caught.filter((c) => !/from "photos"/.test(c.sql))) plans.push({ label, sql, params, plan: await driver.explain(sql, params) });
		}
	} finally {
		driver.restore();
	}
	return plans;
}

/**
 * Does each page show what the app found? The first title searchQuestions() gives for 稻瘟 (a
 * rare two-character word: a common one may take long) on the list, that question's title on its
 * page, a JSON list from /qa/similar.
 * @param {string} baseURL
 * @param {App} app
 * @param {QaFixture} fixture
 */
async function checkPages(baseURL, app, fixture) {
	const escaped = (/** @type {string} */ s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	const found = await app.searchQuestions(app.parseQaFilter(new URLSearchParams({ q: '稻瘟' })), PAGE_SIZE);
	const list = await fetch(`${baseURL}/qa?q=${encodeURIComponent('稻瘟')}`);
	const listHtml = await list.text();
	const question = found.items[0];
	const page = await fetch(`${baseURL}/qa/${question?.id ?? 1}`);
	const pageHtml = await page.text();
	const similar = await fetch(`${baseURL}/qa/similar?q=${encodeURIComponent('樱桃叶子发黄怎么办')}`);
	const similarJson = await similar.json().catch(() => null);
	return {
		list: {
			status: list.status,
			htmlBytes: Buffer.byteLength(listHtml),
			ok: question !== undefined && listHtml.includes(escaped(question.title)),
			villageOptions: fixture.villages.filter((v) => listHtml.includes(`value="${v.slug}"`)).length
		},
		question: { status: page.status, htmlBytes: Buffer.byteLength(pageHtml), ok: question !== undefined && pageHtml.includes(escaped(question.title)) },
		similar: { status: similar.status, ok: Array.isArray(similarJson) && similarJson.length > 0 }
	};
}

/**
 * Answers /api/health within a second again? Polls for up to SETTLE_SECONDS.
 * @param {string} baseURL
 * @returns {Promise<number | null>} the seconds it took, or null if it never did
 */
async function settle(baseURL) {
	const started = performance.now();
	while (performance.now() - started < SETTLE_SECONDS * 1000) {
		const asked = performance.now();
		const answered = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
		if (answered && performance.now() - asked < 1_000) return (performance.now() - started) / 1000;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return null;
}

/**
 * Loads question pages and `/api/health` after them, then the similar questions and the list's
 * search, each for `duration` s after a 2 s warm-up, on a server that answers quickly again
 * before each (restarted if it does not within SETTLE_SECONDS).
 * @param {{ baseURL: string, restart: () => Promise<string> }} server
 * @param {QaFixture} fixture
 * @param {string[]} cookies session cookies of some villagers
 * @param {{ duration: number, connections: number, questions: number }} options
 * @param {(m: string) => void} log
 */
async function loadPages(server, fixture, cookies, options, log) {
	const hidden = new Set(fixture.hiddenQuestionIds);
	const pageRandom = seededRandom(72);
	const similarRandom = seededRandom(71);
	const searchRandom = seededRandom(70);
	const healthSeconds = Math.max(3, Math.round(options.duration / 3));
	/** @type {[string, { duration: number, path?: string, setupRequest?: (request: any) => any }][]} */
	const loads = [
		[
			'/qa/[id]',
			{
				duration: options.duration,
				setupRequest: (request) => {
					let id = 1 + Math.floor(pageRandom() * options.questions);
					while (hidden.has(id)) id = 1 + Math.floor(pageRandom() * options.questions);
					const cookie = pageRandom() < SIGNED_IN_SHARE ? pick(pageRandom, cookies) : undefined;
					return { ...request, path: `/qa/${id}`, headers: cookie ? { ...PHONE_HEADERS, cookie } : PHONE_HEADERS };
				}
			}
		],
		// The floor under any page: hooks, compression and one query, no rendering to speak of.
		['/api/health', { duration: healthSeconds, path: '/api/health' }],
		[
			'/qa/similar?q=…',
			{
				duration: options.duration,
				setupRequest: (request) => ({ ...request, path: `/qa/similar?q=${encodeURIComponent(typedTitle(fixture, similarRandom))}`, headers: { ...PHONE_HEADERS, accept: 'application/json' } })
			}
		],
		['/qa?q=…', { duration: options.duration, setupRequest: (request) => ({ ...request, path: `/qa?${searchAddress(fixture, pick(searchRandom, SEARCHES.slice(1)), searchRandom)}` }) }]
	];
	/** @type {(LoadResult & { busyAfter: number | null, restarted: boolean })[]} */
	const results = [];
	let restarted = false;
	for (const [label, spec] of loads) {
		if ((await settle(server.baseURL)) === null) {
			log(`  the server still does not answer /api/health within a second: starting it again`);
			server.baseURL = await server.restart();
			restarted = true;
		}
		log(`  ${label}: warming up (2 s), then ${spec.duration} s`);
		await load(server.baseURL, 'warm-up', { ...options, ...spec, duration: 2 });
		if ((await settle(server.baseURL)) === null) {
			log(`  still busy after the warm-up: starting the server again`);
			server.baseURL = await server.restart();
			restarted = true;
		}
		const result = await load(server.baseURL, label, { ...options, ...spec });
		// How long the server went on with what it was sent, once the load stopped sending.
		const busyAfter = await settle(server.baseURL);
		results.push({ ...result, busyAfter, restarted });
		restarted = false;
	}
	const health = /** @type {(typeof results)[number]} */ (results.find((r) => r.path === '/api/health'));
	return { pages: results.filter((r) => r !== health), health, loadAverage: loadavg()[0] };
}

/**
 * The queries and the pages on one engine: the app loaded on it, timed, explained, then the
 * production server started on it and loaded.
 * @param {'sqlite' | 'postgres'} engine
 * @param {string} databaseUrl the fixture's SQLite file, or the PostgreSQL database it was copied into
 * @param {QaFixture} fixture
 * @param {ReturnType<typeof parseArgs>} options
 * @param {string} appDir
 * @param {(m: string) => void} log
 */
async function measureEngine(engine, databaseUrl, fixture, options, appDir, log) {
	log(`${engine}: loading src/lib/server/qa/browse.ts through Vite`);
	const app = await loadApp(databaseUrl, appDir);
	/** @type {Awaited<ReturnType<typeof startTestServer>> | undefined} */
	let server;
	try {
		const queries = await measureQueries(app, fixture, options.calls, log);
		const plans = await explainQueries(app, fixture);
		// Signed-in readers for the question page, through the app's own sessions.
		const readers = fixture.villages.slice(0, 200).flatMap((v) => v.villagerIds.slice(0, 1));
		const cookies = await app.transaction(async (tx) => {
			/** @type {string[]} */
			const made = [];
			for (const userId of readers) made.push(`${app.sessionCookieName}=${(await app.createSession(tx, userId)).token}`);
			return made;
		});

		log(`${engine}: starting the production server${appDir === repoRoot ? '' : ` from ${appDir}`}`);
		const start = () => startTestServer({ ...(engine === 'sqlite' ? { databasePath: databaseUrl } : {}), env: engine === 'sqlite' ? {} : { DATABASE_URL: databaseUrl }, demo: false, timeoutMs: 180_000, appDir });
		server = await start();
		const pages = await checkPages(server.baseURL, app, fixture);
		const handle = {
			baseURL: server.baseURL,
			restart: async () => {
				await server?.stop();
				server = undefined;
				server = await start();
				return server.baseURL;
			}
		};
		const loadResult = await loadPages(handle, fixture, cookies, options, log);
		return { engine, queries, plans, pages, load: loadResult };
	} finally {
		await server?.stop();
		await app.closeDatabase();
		await app.vite.close();
	}
}

/** @param {CallTiming} t */
const goal = (t) => (t.p95 <= GOAL_P95_MS ? '✓ met' : '✗ missed');

/** @param {any} report */
function printReport(report) {
	const { options, fixture, fill, copy } = report;
	const c = fixture.counts;
	console.log(`\nExpert Q&A search at county scale: ${int(c.questions)} questions, ${int(c.answers)} answers, ${int(c.villages)} villages (server: ${report.build}).\n`);
	console.log(`Fixture: ${fill.reused ? `reused ${fill.file} (filled earlier in ${fill.seconds.toFixed(1)} s)` : `filled in ${fill.seconds.toFixed(1)} s`}, ${(fill.bytes / 1024 ** 3).toFixed(2)} GiB on disk; tokenizing ${int(fixture.indexedChars / 1e6)} M characters took ${fixture.tokenSeconds.toFixed(1)} s of it.`);
	console.log(`  users ${int(c.users)} (${int(c.experts)} verified experts); questions ${int(c.questions)}: unanswered ${int(c.unanswered)}, answered ${int(c.answered)}, accepted ${int(c.accepted)}, hidden ${int(c.hiddenQuestions)}`);
	console.log(`  answers ${int(c.answers)} (${int(c.expertAnswers)} by experts, ${int(c.hiddenAnswers)} hidden); votes ${int(c.votes)}; me-toos ${int(c.meToos)}; photos on ${int(c.questionPhotos)} question and ${int(c.answerPhotos)} answer slots`);
	console.log(`  search entries ${int(c.searchEntries)} (title; crop; description and visible answers), ${int(fixture.indexedChars / Math.max(1, c.searchEntries))} characters each on average`);
	if (copy) console.log(`  copied into PostgreSQL (${int(copy.rows)} rows) in ${copy.seconds.toFixed(1)} s`);
	for (const result of report.engines) printEngine(options, result);

	console.log(`\nBoth engines: p95 in ms (wall-clock) of searchQuestions() by kind and of similarQuestions(); goal ≤ ${GOAL_P95_MS} ms\n`);
	console.log(`  ${'kind'.padEnd(22)}${report.engines.map((/** @type {any} */ e) => `${e.engine.padStart(10)}${''.padStart(10)}`).join('')}`);
	for (const kind of [...KINDS, 'similar questions']) {
		const cells = report.engines.map((/** @type {any} */ e) => {
			const t = kind === 'similar questions' ? e.queries.similar : e.queries.search[kind];
			return `${ms(t.p95).padStart(10)}${goal(t).padStart(10)}`;
		});
		console.log(`  ${kind.padEnd(22)}${cells.join('')}`);
	}
	console.log(`\nBoth engines: pages against /api/health on the same server (req/s, p99 ms, share of health's req/s)\n`);
	console.log(`  ${'engine'.padEnd(10)}${report.engines[0].load.pages.map((/** @type {LoadResult} */ p) => p.path.padStart(27)).join('')}${'/api/health'.padStart(16)}`);
	for (const { engine, load: l } of report.engines) {
		const cells = l.pages.map((/** @type {LoadResult} */ p) => `${int(p.requestsPerSecond)} r/s ${ms(p.latency.p99)} ms ${l.health.requestsPerSecond > 0 ? `${Math.round((p.requestsPerSecond / l.health.requestsPerSecond) * 100)}%` : '-'}`.padStart(27));
		console.log(`  ${engine.padEnd(10)}${cells.join('')}${`${int(l.health.requestsPerSecond)} r/s`.padStart(16)}`);
	}
	const missed = report.engines.flatMap((/** @type {any} */ e) =>
		[...KINDS.map((k) => [k, e.queries.search[k]]), ['similar questions', e.queries.similar]].filter(([, t]) => t.p95 > GOAL_P95_MS).map(([k, t]) => `${e.engine} ${k} (p95 ${ms(t.p95)} ms)`)
	);
	console.log(missed.length === 0 ? `\nEvery p95 meets the goal of ${GOAL_P95_MS} ms.\n` : `\nMissed the goal of ${GOAL_P95_MS} ms: ${missed.join('; ')}. See each engine's plans above.\n`);
}

/**
 * @param {ReturnType<typeof parseArgs>} options
 * @param {any} result one engine's figures, from measureEngine()
 */
function printEngine(options, { engine, queries, plans, pages, load: loadResult }) {
	console.log(`\n=== ${engine} ===`);
	console.log(`\nQueries: the app's searchQuestions(filter, ${PAGE_SIZE}) and similarQuestions(title, ${SIMILAR}) (src/lib/server/qa/browse.ts), loaded through Vite;`);
	console.log(`${WARMUP_CALLS} warm-up calls per kind, then up to ${int(options.calls)} (at most ${MAX_SECONDS_PER_KIND} s). "matches" = the search's total (the similar list's length), median.\n`);
	const header = ['', 'calls', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'CPU p50', 'CPU p95', 'matches', `goal ≤ ${GOAL_P95_MS}`];
	const row = (/** @type {string} */ label, /** @type {CallTiming} */ t) =>
		`  ${label.padEnd(22)}${[int(t.calls), ms(t.p50), ms(t.p95), ms(t.p99), ms(t.max), ms(t.cpuP50), ms(t.cpuP95), int(t.matchesP50), goal(t)].map((cell, i) => cell.padStart(header[i + 1].length + 3)).join('')}`;
	console.log(`  ${''.padEnd(22)}${header.slice(1).map((h) => h.padStart(h.length + 3)).join('')}`);
	for (const kind of KINDS) console.log(row(kind, queries.search[kind]));
	console.log(row('similar questions', queries.similar));
	for (const search of SEARCHES) console.log(`    ${search.kind}: ${search.crop ? `crop ${search.crop}, ` : ''}${search.words.filter(Boolean).join(' ') || '(none)'}`);
	console.log(`  CPU = this process's CPU time during the call; wall-clock far above it means the call waited for a core:`);
	console.log(`  load average ${queries.loadAverage.toFixed(1)} on ${cpus().length} cores`);

	console.log(`\nQuery plans, one call of each kind (the first photos' lookup by id left out):`);
	let last = '';
	for (const plan of plans) {
		if (plan.label !== last) console.log(`\n  ${plan.label}`);
		last = plan.label;
		console.log(`    ${plan.sql.replace(/\s+/g, ' ')}`);
		console.log(`      params: ${JSON.stringify(plan.params)}`);
		for (const line of plan.plan) console.log(`      ${line}`);
	}

	console.log(`\nPages: the production server (node server.js, DEMO=0, this database), autocannon with ${options.connections} connections, accept-encoding: gzip;`);
	console.log(`question ids at random (${SIGNED_IN_SHARE * 100} % signed in), then /api/health, then titles typed as above, then searches of the kinds above (not "newest");
autocannon shares the 2 cores with the server.`);
	console.log(`  /qa?q=稻瘟: HTTP ${pages.list.status}, ${int(pages.list.htmlBytes)} bytes of HTML (${int(pages.list.villageOptions)} villages in its filter), ${pages.list.ok ? 'shows' : 'does NOT show'} the app's first match`);
	console.log(`  /qa/[id]: HTTP ${pages.question.status}, ${int(pages.question.htmlBytes)} bytes of HTML, ${pages.question.ok ? 'shows' : 'does NOT show'} the question's title; /qa/similar: HTTP ${pages.similar.status}, ${pages.similar.ok ? 'a list' : 'NO list'}\n`);
	const loadHeader = ['', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests', 'non-2xx', 'errors', 'timeouts', 'B/resp', '÷health', 'busy after'];
	console.log(`  ${''.padEnd(17)}${loadHeader.slice(1).map((h) => h.padStart(h.length + 3)).join('')}`);
	for (const r of [...loadResult.pages, loadResult.health]) {
		const ratio = loadResult.health.requestsPerSecond > 0 ? `${Math.round((r.requestsPerSecond / loadResult.health.requestsPerSecond) * 100)}%` : '-';
		const busy = r.busyAfter === null ? `> ${SETTLE_SECONDS} s` : `${r.busyAfter.toFixed(1)} s`;
		const cells = [int(r.requestsPerSecond), ms(r.latency.p50), ms(r.latency.p90), ms(r.latency.p99), ms(r.latency.max), int(r.requests), int(r.non2xx), int(r.errors), int(r.timeouts), int(r.bytesPerResponse), ratio, `${busy}${r.restarted ? ' *' : ''}`];
		console.log(`  ${r.path.padEnd(17)}${cells.map((cell, i) => cell.padStart(loadHeader[i + 1].length + 3)).join('')}`);
	}
	console.log(`  "busy after": how long after the load stopped /api/health took to answer within a second again; * = on a server started`);
	console.log(`  again because the previous load left it busy for over ${SETTLE_SECONDS} s. autocannon gives up on a request after 10 s (timeouts).`);
	console.log(`  load average at the end: ${loadResult.loadAverage.toFixed(1)} on ${cpus().length} cores`);
}

/** @param {string} file */
const bytesOf = (file) => ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);

async function main() {
	const options = parseArgs(process.argv.slice(2));
	// SvelteKit's Vite plugin takes the project from the working directory.
	process.chdir(repoRoot);
	const appDir = options.app ? resolve(options.app) : repoRoot;
	const started = performance.now();
	const log = (/** @type {string} */ message) => process.stderr.write(`[qa-search ${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
	const tempDir = await mkdtemp(join(tmpdir(), 'village-square-qa-'));
	const databasePath = options.fixture ? resolve(options.fixture) : join(tempDir, 'qa.db');
	// Ctrl-C must not leave a gigabyte in /tmp (during the fill, which is synchronous, it is acted
	// on when the fill is done); the server child and PostgreSQL die with us.
	const interrupted = () => {
		rm(tempDir, { recursive: true, force: true }).finally(() => process.exit(130));
	};
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);
	/** @type {Awaited<ReturnType<typeof startPostgres>> | undefined} */
	let postgres;
	try {
		if (!existsSync(join(appDir, 'build', 'handler.js'))) throw new Error(`No production build in ${appDir}/build`);
		const built = appDir === repoRoot && (await buildIfStale(log));

		/** @type {QaFixture} */
		let fixture;
		/** @type {{ seconds: number, reused: boolean, file: string, bytes: number }} */
		let fill;
		const saved = `${databasePath}.json`;
		if (options.fixture && existsSync(databasePath) && existsSync(saved)) {
			log(`reusing ${databasePath}`);
			const kept = JSON.parse(readFileSync(saved, 'utf8'));
			if (kept.options.questions !== options.questions || kept.options.answers !== options.answers || kept.options.villages !== options.villages) {
				throw new Error(`${databasePath} holds ${kept.options.questions} questions, ${kept.options.answers} answers, ${kept.options.villages} villages: remove it, or ask for those`);
			}
			fixture = kept.fixture;
			fill = { seconds: kept.seconds, reused: true, file: databasePath, bytes: bytesOf(databasePath) };
		} else {
			if (existsSync(databasePath)) throw new Error(`${databasePath} exists without ${saved}: remove it first`);
			log('loading the app\'s tokenizer and starting crops through Vite');
			const vocabulary = await loadVocabulary();
			log(`filling ${databasePath}`);
			const fillStarted = performance.now();
			fixture = buildQaFixture(databasePath, {
				villages: options.villages,
				questions: options.questions,
				answers: options.answers,
				migrationsFolder: join(appDir, 'drizzle', 'sqlite'),
				now: Date.now(),
				crops: vocabulary.startingCrops,
				indexTokens: vocabulary.indexTokens,
				progress: (step) => log(`  ${step}`)
			});
			const seconds = (performance.now() - fillStarted) / 1000;
			log(`filled in ${seconds.toFixed(1)} s`);
			if (options.fixture) writeFileSync(saved, JSON.stringify({ options: { questions: options.questions, answers: options.answers, villages: options.villages }, seconds, fixture }));
			fill = { seconds, reused: false, file: databasePath, bytes: bytesOf(databasePath) };
		}

		const engines = [];
		/** @type {{ seconds: number, rows: number } | null} */
		let copy = null;
		for (const engine of options.engines) {
			let databaseUrl = databasePath;
			if (engine === 'postgres') {
				log('postgres: starting a throwaway server and copying the fixture into it');
				postgres = await startPostgres();
				databaseUrl = await createDatabase(postgres.url, { name: 'qa_search' });
				const copyStarted = performance.now();
				const rows = await copyFixtureToPostgres(databasePath, databaseUrl, { migrationsFolder: join(appDir, 'drizzle', 'postgres'), progress: (step) => log(`  ${step}`) });
				copy = { seconds: (performance.now() - copyStarted) / 1000, rows: Object.values(rows).reduce((a, b) => a + b, 0) };
				log(`postgres: copied ${copy.rows.toLocaleString('en')} rows in ${copy.seconds.toFixed(1)} s`);
			}
			engines.push(await measureEngine(engine, databaseUrl, fixture, options, appDir, log));
			if (engine === 'postgres') {
				await postgres?.stop();
				postgres = undefined;
			}
		}

		const report = {
			options,
			build: appDir === repoRoot ? (built ? 'rebuilt' : 'build/ up to date') : `the build in ${appDir}`,
			fixture: { counts: fixture.counts, indexedChars: fixture.indexedChars, tokenSeconds: fixture.tokenSeconds },
			fill,
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

main().catch((error) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exitCode = 1;
});
