// A flash sale under load, on either engine and with one or more server processes:
//   npm run bench:flash-sale -- [--setups sqlite-1,postgres-1,postgres-2] [--attempts 10000] [--stock 100]
//                               [--connections 100] [--health-seconds 5]
//   npm run bench:flash-sale -- --engine=postgres --workers=2    (one setup, the same as --setups postgres-2)
// Each setup is ENGINE-WORKERS: the production build (node server.js, WORKERS=N) on a fresh demo
// county, in a temporary SQLite file or in a throwaway PostgreSQL (scripts/postgres-server.js).
// Then one product with `stock` units and `attempts` buyers are staged in SQL (each with it in
// their cart and a session of their own, scripts/flash-sale.js), autocannon fires every buyer's
// checkout once, and /api/health is loaded right after on the same server, for the ratio.
// Prints per setup: orders, units sold, stock left, oversold (units sold beyond the stock, and
// stock below 0, both read from the database), the answers by status, 5xx, requests/s, latency
// p50/p95/p99 of the checkouts (every response's own time), and /api/health requests/s.
// A benchmark: it prints figures and exits 0 unless it could not run (or sold what it had not).
// Run `npm run build` first.
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startTestServer } from '../scripts/start-test-server.js';
import { createDatabase, startPostgres } from '../scripts/postgres-server.js';
import { checkoutBody, saleOutcome, stageFlashSale } from '../scripts/flash-sale.js';

const { values } = parseArgs({
	options: {
		setups: { type: 'string', default: 'sqlite-1,postgres-1,postgres-2' },
		engine: { type: 'string' },
		workers: { type: 'string' },
		attempts: { type: 'string', default: '10000' },
		stock: { type: 'string', default: '100' },
		connections: { type: 'string', default: '100' },
		'health-seconds': { type: 'string', default: '5' }
	}
});
const attempts = Number(values.attempts);
const stock = Number(values.stock);
const connections = Number(values.connections);
const healthSeconds = Number(values['health-seconds']);
const setups = values.engine || values.workers ? [`${values.engine ?? 'sqlite'}-${values.workers ?? '1'}`] : values.setups.split(',');
for (const setup of setups) {
	if (!/^(sqlite|postgres)-[1-9]\d*$/.test(setup)) throw new Error(`"${setup}" is no setup: write ENGINE-WORKERS, ENGINE sqlite or postgres, e.g. postgres-2`);
}

/** Nearest-rank percentile of sorted durations. @param {number[]} sorted @param {number} p */
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

/**
 * The server for one setup, and a handle on its database for staging and counting.
 * @param {string} setup
 */
async function open(setup) {
	const [engine, workers] = setup.split('-');
	const env = { WORKERS: workers };
	if (engine === 'sqlite') {
		const server = await startTestServer({ env, timeoutMs: 420_000 });
		const db = new Database(server.databasePath);
		db.pragma('busy_timeout = 5000');
		return { server, db, close: async () => db.close(), stop: async () => server.stop() };
	}
	const postgres = await startPostgres();
	try {
		const url = await createDatabase(postgres.url, { name: 'flash_sale' });
		const server = await startTestServer({ env: { ...env, DATABASE_URL: url }, timeoutMs: 420_000 });
		const db = new pg.Client({ connectionString: url });
		await db.connect();
		return { server, db, close: () => db.end(), stop: async () => (await server.stop(), await postgres.stop()) };
	} catch (error) {
		await postgres.stop();
		throw error;
	}
}

/** @param {string} setup */
async function runSale(setup) {
	const { server, db, close, stop } = await open(setup);
	try {
		const staged = Date.now();
		const sale = await stageFlashSale(db, { buyers: attempts, stock });
		const stagedMs = Date.now() - staged;

		let next = 0;
		/** @type {number[]} */
		const times = [];
		const instance = autocannon({
			url: server.baseURL,
			connections,
			amount: attempts,
			requests: [
				{
					method: 'POST',
					path: '/checkout',
					// Each attempt is the next buyer: their session cookie and a fresh form with its own key.
					setupRequest: (request) => {
						const buyer = sale.buyers[next++ % sale.buyers.length];
						return {
							...request,
							headers: {
								'content-type': 'application/x-www-form-urlencoded',
								origin: server.baseURL,
								accept: 'text/html',
								cookie: buyer.cookie
							},
							body: checkoutBody(sale.sellerId)
						};
					}
				}
			]
		});
		instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
		const result = await instance;
		const health = await autocannon({ url: `${server.baseURL}/api/health`, connections: 16, duration: healthSeconds });

		const outcome = await saleOutcome(db, sale.productId);
		times.sort((a, b) => a - b);
		const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => /** @type {[string, number]} */ ([code, count]));
		const fivexx = statuses.filter(([code]) => code.startsWith('5')).reduce((sum, [, n]) => sum + n, 0);
		return {
			setup,
			stagedMs,
			outcome,
			oversold: Math.max(0, outcome.units - stock) + Math.max(0, -outcome.stock),
			balanced: outcome.units + outcome.stock === stock,
			statuses,
			fivexx,
			errors: result.errors,
			timeouts: result.timeouts,
			// Over the whole run: the per-second average would count the last, partial second as a whole one.
			rps: result.requests.total / result.duration,
			p50: percentile(times, 50),
			p95: percentile(times, 95),
			p99: percentile(times, 99),
			max: times[times.length - 1],
			healthRps: health.requests.average
		};
	} finally {
		await close();
		await stop();
	}
}

/** @param {any} r one setup's figures */
function line(r) {
	if (r.error) return `${r.setup.padEnd(11)} could not run: ${r.error}`;
	const cells = [
		r.setup.padEnd(11),
		String(r.outcome.orders).padStart(7),
		String(r.outcome.units).padStart(5),
		String(r.outcome.stock).padStart(5),
		String(r.oversold).padStart(9),
		String(r.fivexx).padStart(4),
		`${r.errors}/${r.timeouts}`.padStart(12),
		r.rps.toFixed(0).padStart(11),
		...[r.p50, r.p95, r.p99, r.max].map((ms) => String(Math.round(ms)).padStart(5)),
		r.healthRps.toFixed(0).padStart(9),
		`${((r.rps / r.healthRps) * 100).toFixed(0)}%`.padStart(8),
		' ' + r.statuses.map((/** @type {[string, number]} */ [code, n]) => `${code}×${n}`).join(', ')
	];
	const balance = r.balanced ? '' : `\n  ${r.setup}: units sold + stock left = ${r.outcome.units + r.outcome.stock}, not the ${stock} staged`;
	return cells.join(' ') + balance;
}
const header = 'setup        orders  sold  left  oversold  5xx  err/timeout  checkout/s   p50   p95   p99   max  health/s  ÷health  answers';

/** @type {any[]} */
const rows = [];
for (const setup of setups) {
	process.stderr.write(`[flash-sale] ${setup}: starting\n`);
	// One setup that cannot start (a slow machine, a missing PostgreSQL) must not lose the others' figures.
	const row = await runSale(setup).catch((/** @type {unknown} */ error) => ({ setup, error: error instanceof Error ? error.message.split('\n')[0] : String(error) }));
	rows.push(row);
	process.stderr.write(`[flash-sale] ${setup}: done\n${header}\n${line(row)}\n`);
}

console.log(`\nFlash sale: ${attempts} checkout attempts by ${attempts} buyers on ${stock} units, ${connections} connections, 127.0.0.1`);
console.log(`latency: every checkout response's own time (ms); /api/health loaded for ${healthSeconds} s right after, 16 connections\n`);
console.log(header);
for (const r of rows) console.log(line(r));
if (rows.some((r) => r.error || r.oversold > 0 || !r.balanced)) process.exitCode = 1;
