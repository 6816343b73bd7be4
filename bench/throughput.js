// Throughput of the main pages: `node bench/throughput.js [--seconds 8] [--connections 16] [--setups sqlite-1,sqlite-2,postgres-2] [--pages /,/market] [--compare DIR]`.
// For each setup it starts the production build on a fresh demo county (SQLite with one
// process, SQLite with WORKERS=2, PostgreSQL with WORKERS=2), then loads /api/health and each
// page in turn, as a visitor and signed in, and prints requests/s, p50/p99 latency, the ratio to
// /api/health in the same run, and the statements each page runs (COUNT_QUERIES=1, measured on
// its own before the load), and the CPU time the server's processes spent per request (from
// /proc, so Linux only). The machines are shared: compare ratios and CPU per request, not raw
// requests/s. A setup named with `-rendered` (sqlite-1-rendered) turns off the copies of public
// pages kept for visitors (src/lib/server/web/visitor-pages.ts), so every visitor page is rendered. Run
// `npm run build` first. --pages keeps only the pages whose path starts with one of the given
// prefixes (plus /api/health). --compare DIR runs every setup twice, first on the app in DIR (a
// copy of an earlier build: server.js, server-headers.js, build/, build-demo/, drizzle/,
// package.json, and node_modules or a link to it), then on this one, so a change is measured
// before and after in the same conditions; --compare before=DIR,after=DIR2 names both.
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startTestServer } from '../scripts/start-test-server.js';
import { createDatabase, startPostgres } from '../scripts/postgres-server.js';
import { demoSessionCookie } from './demo-sign-in.js';
import { treeCpuMs } from './process-tree.js';

const { values } = parseArgs({
	options: {
		seconds: { type: 'string', default: '8' },
		connections: { type: 'string', default: '16' },
		setups: { type: 'string', default: 'sqlite-1,sqlite-2,postgres-2' },
		pages: { type: 'string' },
		compare: { type: 'string' }
	}
});
const seconds = Number(values.seconds);
const warmUpRequests = 400;
const connections = Number(values.connections);

/** @param {string} base @param {string} path @param {string} [cookie] */
async function get(base, path, cookie) {
	const response = await fetch(base + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
	return { status: response.status, queries: response.headers.get('x-query-count'), text: await response.text() };
}

/** The demo's first village, product and notice, as a visitor finds them. @param {string} base */
async function discoverPages(base) {
	const home = await get(base, '/');
	const village = home.text.match(/href="\/v\/([a-z0-9-]+)"/)?.[1];
	const market = await get(base, '/market');
	const product = market.text.match(/href="\/market\/(\d+)"/)?.[1];
	const villagePage = await get(base, `/v/${village}`);
	const notice = villagePage.text.match(new RegExp(`href="/v/${village}/notices/(\\d+)"`))?.[1];
	if (!village || !product || !notice) throw new Error(`could not find a village, product and notice (got ${village}, ${product}, ${notice})`);
	return ['/', `/v/${village}`, '/market', `/market/${product}`, `/v/${village}/notices/${notice}`];
}

/** @param {string} base @param {number} pid @param {string} path @param {string} [cookie] */
async function load(base, pid, path, cookie) {
	const cpuBefore = treeCpuMs(pid);
	const result = await autocannon({ url: base + path, connections, duration: seconds, headers: cookie ? { cookie } : {} });
	const cpuPerRequest = (treeCpuMs(pid) - cpuBefore) / Math.max(1, result.requests.total);
	const bad = result.non2xx + result.errors + result.timeouts;
	return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad, cpuPerRequest };
}

/** @param {string} name @param {string | undefined} appDir */
async function serverFor(name, appDir) {
	const [engine, workers, variant] = name.split('-');
	const env = { WORKERS: workers, COUNT_QUERIES: '1', SIGNUP_BURST: '100000', VISITOR_PAGE_CACHE: variant === 'rendered' ? 'off' : 'on' };
	if (engine !== 'postgres') return { server: await startTestServer({ env, timeoutMs: 180_000, appDir }), stopDb: async () => {} };
	const postgres = await startPostgres();
	const url = await createDatabase(postgres.url, { name: 'throughput' });
	const server = await startTestServer({ env: { ...env, DATABASE_URL: url }, timeoutMs: 180_000, appDir });
	return { server, stopDb: () => postgres.stop() };
}

const prefixes = values.pages?.split(',');
/**
 * The apps to measure, in turn for each setup: this project; or, with --compare DIR, the app in DIR
 * ("before") and then this one ("now"); or, with --compare label=DIR,label=DIR, exactly those.
 * @type {[string, string | undefined][]}
 */
const apps = !values.compare
	? [['', undefined]]
	: values.compare.includes('=')
		? values.compare.split(',').map((entry) => /** @type {[string, string]} */ (entry.split('=', 2)))
		: [['before', values.compare], ['now', undefined]];
const rows = [];
for (const name of values.setups.split(',')) for (const [label, appDir] of apps) {
	const setup = label ? `${name} ${label}` : name;
	const { server, stopDb } = await serverFor(name, appDir);
	try {
		const base = server.baseURL;
		const pages = (await discoverPages(base)).filter((page) => !prefixes || prefixes.some((prefix) => (prefix === '/' ? page === '/' : page.startsWith(prefix))));
		const cookie = await demoSessionCookie(base);
		// A fresh process runs every page cold (V8 has compiled nothing yet, no statement is
		// prepared); a server in service is warm, so each page is served a while before it is timed.
		for (const jar of [undefined, cookie]) for (const page of ['/api/health', ...pages]) await autocannon({ url: base + page, connections, amount: warmUpRequests, headers: jar ? { cookie: jar } : {} });
		const health = await load(base, server.pid, '/api/health');
		rows.push({ setup, who: '', page: '/api/health', ...health, ratio: 1, queries: (await get(base, '/api/health')).queries });
		for (const [who, jar] of [['visitor', undefined], ['signed in', cookie]]) {
			for (const page of pages) {
				const queries = (await get(base, page, jar)).queries;
				const figures = await load(base, server.pid, page, jar);
				rows.push({ setup, who, page, ...figures, ratio: figures.rps / health.rps, queries });
			}
		}
	} finally {
		await server.stop();
		await stopDb();
	}
}

console.log(`\n${seconds} s per row after ${warmUpRequests} requests of each page to warm up, ${connections} connections, 127.0.0.1\n`);
const width = Math.max(11, ...rows.map((row) => row.setup.length));
console.log(`${'setup'.padEnd(width)} who        page                          req/s    p50 ms  p99 ms  ÷health  queries  non-2xx  CPU ms/req`);
for (const row of rows) {
	console.log(
		`${row.setup.padEnd(width)} ${row.who.padEnd(10)} ${row.page.padEnd(28)} ${row.rps.toFixed(0).padStart(7)} ${String(row.p50).padStart(8)} ${String(row.p99).padStart(7)} ${(row.ratio * 100).toFixed(0).padStart(7)}% ${String(row.queries ?? '-').padStart(8)} ${String(row.bad).padStart(8)} ${row.cpuPerRequest.toFixed(2).padStart(11)}`
	);
}
