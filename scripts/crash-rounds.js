// kill -9 under keyed checkout load, restart on the same database, replay what was in
// flight: shared by `node bench/crash.js` (10 rounds) and the e2e test (2 rounds).
// Each round's buyers are staged in SQL (scripts/flash-sale.js) with one product in their
// cart; each posts its checkout once with its own idempotency key until the server is
// killed mid-load. After the restart every attempt that got no answer is sent again, same
// key and body, as the outbox would, and every acknowledged one too.
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestServer } from './start-test-server.js';
import { checkoutBody, postCheckout, stageFlashSale } from './flash-sale.js';

/**
 * @typedef {{ buyer: { userId: number, cookie: string }, body: string, key: string }} Attempt
 * @typedef {{ round: number, sent: number, acknowledged: number, inFlight: number, restartMs: number,
 *   replays: Record<string, number>, failures: string[] }} Round
 * @typedef {{ rounds: Round[], stock: number, unitsSold: number, stockLeft: number, integrity: string, failures: string[] }} CrashReport
 */

/** Starts on a busy machine may be slow; the time they take is reported, not judged. */
const startTimeoutMs = 180_000;

/**
 * @param {{ rounds: number, buyers: number, connections: number, demo?: boolean, log?: (line: string) => void }} options
 * `demo: false` starts on an empty database with only the sale's village (a quicker first start, for the e2e test).
 * @returns {Promise<CrashReport>}
 */
export async function runCrashRounds({ rounds, buyers, connections, demo = true, log = () => {} }) {
	const dir = await mkdtemp(join(tmpdir(), 'village-square-crash-'));
	const databasePath = join(dir, 'crash.db');
	let server = await startTestServer({ databasePath, demo, timeoutMs: startTimeoutMs });
	const db = new Database(databasePath);
	db.pragma('busy_timeout = 5000');
	if (!demo) db.prepare("INSERT INTO villages (slug, name, county) VALUES ('shuwangzhuang', '舒王庄村', '巨野县')").run();
	/** @type {Round[]} */
	const done = [];
	/** @type {string[]} */
	const failures = [];
	// Enough units that no checkout is ever refused as sold out: every replay must end in an order.
	const stock = rounds * buyers * 2;
	const sale = stageFlashSale(db, { buyers: rounds * buyers, stock });
	/** @type {Map<number, string>} buyer → the order page their acknowledged checkout was sent to */
	const acknowledged = new Map();
	try {
		for (let round = 1; round <= rounds; round++) {
			const attempts = sale.buyers.slice((round - 1) * buyers, round * buyers).map((buyer) => {
				const body = checkoutBody(sale.sellerId);
				return { buyer, body, key: /** @type {string} */ (new URLSearchParams(body).get('idempotency_key')) };
			});
			const load = await loadUntilKilled(server, db, attempts, sale.sellerId, connections);
			for (const [attempt, location] of load.acknowledged) acknowledged.set(attempt.buyer.userId, location);

			const restarted = performance.now();
			server = await startTestServer({ databasePath, demo, timeoutMs: startTimeoutMs });
			const restartMs = Math.round(performance.now() - restarted);

			/** @type {string[]} */
			const problems = [];
			/** @type {Record<string, number>} */
			const replays = {};
			// How the crash left each unanswered key, read before anything is replayed.
			const states = new Map(load.unanswered.map((attempt) => [attempt, claimState(db, attempt.key)]));
			const replayed = await Promise.all(
				[...load.unanswered, ...load.acknowledged.keys()].map(async (attempt) => ({
					attempt,
					answer: await postCheckout(server.baseURL, attempt.buyer.cookie, sale.sellerId, attempt.body)
				}))
			);
			for (const { attempt, answer } of replayed) {
				const placed = ordersOf(db, sale.productId, attempt.buyer.userId);
				const state = states.get(attempt);
				if (state) {
					const ending = answer.status === 303 ? `303 (${state})` : `${answer.status} (${state})`;
					replays[ending] = (replays[ending] ?? 0) + 1;
				}
				if (answer.status !== 303) problems.push(`key ${attempt.key}: replay answered ${answer.status}, not 303`);
				if (placed.length !== 1) problems.push(`buyer ${attempt.buyer.userId}: ${placed.length} orders after the replay, not 1`);
				else if (answer.location !== `/orders/${placed[0]}?placed`) problems.push(`key ${attempt.key}: replay sent to ${answer.location}, the order is /orders/${placed[0]}`);
				const acked = acknowledged.get(attempt.buyer.userId);
				if (acked && acked !== answer.location) problems.push(`key ${attempt.key}: acknowledged as ${acked}, replayed as ${answer.location}`);
				if (!acked && answer.status === 303 && answer.location) acknowledged.set(attempt.buyer.userId, answer.location);
			}
			problems.push(...checkDatabase(db, sale.productId, stock, acknowledged));
			const summary = { round, sent: load.sent, acknowledged: load.acknowledged.size, inFlight: load.unanswered.length, restartMs, replays, failures: problems };
			done.push(summary);
			failures.push(...problems.map((problem) => `round ${round}: ${problem}`));
			log(
				`round ${round}: ${load.sent} sent, ${load.acknowledged.size} acknowledged before kill -9, ${load.unanswered.length} unanswered; restart ${restartMs} ms; replays ${describe(replays)}; ${problems.length ? `${problems.length} PROBLEMS` : 'all checks ok'}`
			);
		}
	} finally {
		await server.stop();
	}
	const outcome = saleOf(db, sale.productId);
	const integrity = String(db.pragma('integrity_check', { simple: true }));
	failures.push(...checkDatabase(db, sale.productId, stock, acknowledged).map((problem) => `at the end: ${problem}`));
	db.close();
	await rm(dir, { recursive: true, force: true });
	return { rounds: done, stock, unitsSold: outcome.units, stockLeft: outcome.stock, integrity, failures };
}

/**
 * Every buyer posts its checkout once, `connections` at a time, until the server is
 * killed: once a random number of them, between a fifth and a half, were acknowledged,
 * at a moment the database shows a keyed write running (a claim with no answer), so
 * that the kill lands inside one as often as it can. Attempts not yet sent are dropped.
 * @param {import('./start-test-server.js').TestServer} server @param {Database.Database} db
 * @param {Attempt[]} attempts @param {number} sellerId @param {number} connections
 */
async function loadUntilKilled(server, db, attempts, sellerId, connections) {
	const killAt = randomInt(Math.floor(attempts.length / 5), Math.floor(attempts.length / 2));
	const running = db.prepare('SELECT 1 FROM idempotent_requests WHERE status IS NULL LIMIT 1');
	/** @type {Map<Attempt, string>} */
	const acknowledged = new Map();
	/** @type {Attempt[]} */
	const unanswered = [];
	let next = 0;
	let sent = 0;
	/** @type {Promise<void> | null} */
	let killed = null;
	const killInsideAWrite = () => {
		if (!killed && acknowledged.size >= killAt && (running.get() || next >= attempts.length)) killed = server.crash();
	};
	const watch = setInterval(killInsideAWrite, 1);
	const worker = async () => {
		while (!killed && next < attempts.length) {
			const attempt = attempts[next++];
			sent++;
			try {
				const answer = await postCheckout(server.baseURL, attempt.buyer.cookie, sellerId, attempt.body);
				if (answer.status === 303 && answer.location) acknowledged.set(attempt, answer.location);
				else unanswered.push(attempt);
			} catch {
				unanswered.push(attempt);
			}
			killInsideAWrite();
		}
	};
	await Promise.all(Array.from({ length: connections }, worker));
	clearInterval(watch);
	await (killed ?? server.crash());
	return { acknowledged, unanswered, sent };
}

/** What the crash left of a key: no claim, a claim with its answer, or one still running, committed or not. */
function claimState(/** @type {Database.Database} */ db, /** @type {string} */ key) {
	const row = /** @type {{ status: number | null, committed: number | null } | undefined} */ (
		db.prepare('SELECT status, committed_at AS committed FROM idempotent_requests WHERE key = ?').get(key)
	);
	if (!row) return 'never claimed';
	if (row.status !== null) return 'answer stored';
	return row.committed ? 'committed, answer lost' : 'claimed, not committed';
}

/** @param {Database.Database} db @param {number} productId @param {number} buyerId */
function ordersOf(db, productId, buyerId) {
	return /** @type {number[]} */ (
		db.prepare('SELECT DISTINCT o.id FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.product_id = ? AND o.buyer_id = ?').pluck().all(productId, buyerId)
	);
}

/** @param {Database.Database} db @param {number} productId */
function saleOf(db, productId) {
	const units = /** @type {number} */ (
		db.prepare("SELECT coalesce(sum(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.product_id = ? AND o.status != 'cancelled'").pluck().get(productId)
	);
	const left = /** @type {number} */ (db.prepare('SELECT stock FROM products WHERE id = ?').pluck().get(productId));
	return { units, stock: left };
}

/**
 * The file is sound; stock plus units sold is what was staged; every acknowledged
 * order is there; nobody has two.
 * @param {Database.Database} db @param {number} productId @param {number} stock @param {Map<number, string>} acknowledged
 */
function checkDatabase(db, productId, stock, acknowledged) {
	const problems = [];
	const integrity = String(db.pragma('integrity_check', { simple: true }));
	if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
	const { units, stock: left } = saleOf(db, productId);
	if (units + left !== stock) problems.push(`stock ${left} + sold ${units} = ${units + left}, staged ${stock}`);
	for (const [buyerId, location] of acknowledged) {
		const placed = ordersOf(db, productId, buyerId);
		if (placed.length !== 1 || location !== `/orders/${placed[0]}?placed`) problems.push(`buyer ${buyerId} was sent to ${location}, has orders [${placed.join(', ')}]`);
	}
	const doubled = /** @type {number} */ (
		db
			.prepare('SELECT count(*) FROM (SELECT o.buyer_id FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.product_id = ? GROUP BY o.buyer_id HAVING count(DISTINCT o.id) > 1)')
			.pluck()
			.get(productId)
	);
	if (doubled > 0) problems.push(`${doubled} buyers with more than one order`);
	return problems;
}

/** @param {Record<string, number>} counts */
export function describe(counts) {
	const entries = Object.entries(counts);
	return entries.length ? entries.map(([what, n]) => `${n}× ${what}`).join(', ') : 'none';
}
