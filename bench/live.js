// A live sale under load (issue 13):
//   node bench/live.js [--setups sqlite-1,postgres-2] [--viewers 2000] [--buyers 200] [--cap 50] [--limit 1] [--moments 20]
//   node bench/live.js --paced [--setups …] [--viewers 2000]
// Each setup is ENGINE-WORKERS: the production build on a fresh demo county. A live sale with one
// featured product (`cap` flash units, `limit` per buyer) and `buyers` buyers with sessions are
// staged in SQL (scripts/flash-sale.js). `viewers` Server-Sent Event streams connect (visitors,
// each its own browser, through the one port: with WORKERS=2 the processes share them), then
// every buyer sends two purchases at once (so the per-buyer limit is raced too) while the host
// posts `moments` moments, one every 250 ms. Prints per setup: orders, units, the most units one
// buyer holds, oversold (units beyond the cap, stock below 0), answers by status and 5xx, and how
// long the buyers waited for their answers (p50/p99); how many viewers received every event; event
// latency from the moment's commit to each viewer (p50/p99: the time the moment was written, in
// its transaction, against the arrival, on the same clock); and the server's
// memory per viewer (resident set, before and after the viewers connected, from /proc).
// --paced: instead of the race, one ordinary busy minute (1 moment, 10 comments, 20 purchases,
// spread evenly) while the viewers watch; prints the bytes each viewer was sent in that minute,
// heartbeats and viewer counts included: what the stream costs a phone on a metered plan.
// A benchmark: it prints figures and exits 0 unless it could not run. Run `npm run build` first.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startTestServer } from '../scripts/start-test-server.js';
import { createDatabase, startPostgres } from '../scripts/postgres-server.js';
import { liveOutcome, postForm, stageFlashSale, stageLiveSale } from '../scripts/flash-sale.js';
import { treeRssKb } from './process-tree.js';

const { values } = parseArgs({
	options: {
		setups: { type: 'string', default: 'sqlite-1,postgres-2' },
		viewers: { type: 'string', default: '2000' },
		buyers: { type: 'string', default: '200' },
		cap: { type: 'string', default: '50' },
		limit: { type: 'string', default: '1' },
		moments: { type: 'string', default: '20' },
		paced: { type: 'boolean', default: false }
	}
});
const viewerCount = Number(values.viewers);
const buyerCount = Number(values.buyers);
const cap = Number(values.cap);
const perBuyerLimit = Number(values.limit);
const momentCount = Number(values.moments);

const percentile = (/** @type {number[]} */ sorted, /** @type {number} */ p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

/** @param {string} setup */
async function open(setup) {
	const [engine, workers] = setup.split('-');
	const env = { WORKERS: workers, SIGNUP_BURST: '100000' };
	if (engine === 'sqlite') {
		const server = await startTestServer({ env, timeoutMs: 420_000 });
		const db = new Database(server.databasePath);
		db.pragma('busy_timeout = 5000');
		return { server, db, stop: async () => (db.close(), server.stop()) };
	}
	const postgres = await startPostgres();
	const url = await createDatabase(postgres.url, { name: 'live' });
	const server = await startTestServer({ env: { ...env, DATABASE_URL: url }, timeoutMs: 420_000 });
	const db = new pg.Client({ connectionString: url });
	await db.connect();
	return { server, db, stop: async () => (await db.end(), await server.stop(), await postgres.stop()) };
}

/**
 * One viewer's stream on a connection of its own, recording when each event id arrived and the
 * moments' own times. @param {string} baseURL @param {number} saleId @param {number} n
 */
function watch(baseURL, saleId, n) {
	/** @type {{ ids: Set<number>, moments: { at: number, arrived: number }[], bytes: number, request: http.ClientRequest | null }} */
	const viewer = { ids: new Set(), moments: [], bytes: 0, request: null };
	const connected = new Promise((resolve, reject) => {
		const request = http.get(new URL(`/live/${saleId}/events`, baseURL), { agent: false, headers: { accept: 'text/event-stream', 'user-agent': `bench-viewer-${n}` } }, (response) => {
			if (response.statusCode !== 200) reject(new Error(`stream answered ${response.statusCode}`));
			resolve(undefined);
			let buffer = '';
			response.setEncoding('utf8');
			response.on('data', (/** @type {string} */ chunk) => {
				viewer.bytes += Buffer.byteLength(chunk);
				buffer += chunk;
				for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
					const frame = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const id = /^id: (\d+)$/m.exec(frame)?.[1];
					if (id) viewer.ids.add(Number(id));
					if (/^event: moment$/m.test(frame)) {
						const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? '{}');
						viewer.moments.push({ at: data.at, arrived: Date.now() });
					}
				}
			});
			response.on('error', () => {});
		});
		request.on('error', reject);
		viewer.request = request;
	});
	return { viewer, connected };
}

/** The viewers connect, a few hundred at a time, as a crowd arriving from a shared link would. @param {string} baseURL @param {number} saleId */
async function connectViewers(baseURL, saleId) {
	const viewers = [];
	for (let first = 0; first < viewerCount; first += 250) {
		const batch = Array.from({ length: Math.min(250, viewerCount - first) }, (_, i) => watch(baseURL, saleId, first + i));
		await Promise.all(batch.map((b) => b.connected));
		viewers.push(...batch.map((b) => b.viewer));
	}
	return viewers;
}

const buyBody = (/** @type {number} */ itemId) =>
	new URLSearchParams({ idempotency_key: randomUUID(), outbox_label: 'live', itemId: String(itemId), quantity: '1', delivery: 'ship', name: '抢购买家', phone: '13800001111', address: '北京市朝阳区幸福路 8 号' }).toString();

/** One ordinary minute of a live sale, spread evenly: 20 purchases, 10 comments, 1 moment. @param {string} setup */
async function runPaced(setup) {
	const { server, db, stop } = await open(setup);
	try {
		const sale = await stageFlashSale(/** @type {any} */ (db), { buyers: 20, stock: 400 });
		const { saleId, itemId, hostCookie } = await stageLiveSale(/** @type {any} */ (db), sale, { cap: 100, perBuyerLimit: 1 });
		const viewers = await connectViewers(server.baseURL, saleId);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		for (const v of viewers) v.bytes = 0;
		const began = performance.now();
		const at = (/** @type {number} */ seconds, /** @type {() => Promise<{ status: number }>} */ send) =>
			new Promise((resolve, reject) =>
				setTimeout(() => send().then((answer) => (answer.status >= 500 ? reject(new Error(`answered ${answer.status}`)) : resolve(answer.status)), reject), seconds * 1000)
			);
		const minute = [
			...sale.buyers.map((buyer, i) => at(i * 3 + 1, () => postForm(server.baseURL, `/live/${saleId}?/buy`, buyer.cookie, buyBody(itemId)))),
			...sale.buyers
				.slice(0, 10)
				.map((buyer, i) => at(i * 6 + 2, () => postForm(server.baseURL, `/live/${saleId}?/comment`, buyer.cookie, new URLSearchParams({ idempotency_key: randomUUID(), text: '这个鸟笼做得真细致，能发到北京吗？' }).toString()))),
			at(30, () => postForm(server.baseURL, `/live/${saleId}/host?/moment`, hostCookie, new URLSearchParams({ idempotency_key: randomUUID(), text: '第三步：弯竹条，一根一根穿进底座。' }).toString()))
		];
		const statuses = await Promise.all(minute);
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, began + 60_000 - performance.now())));
		const perMinute = 60_000 / (performance.now() - began);
		const perViewer = viewers.map((v) => Math.round(v.bytes * perMinute)).sort((a, b) => a - b);
		const answers = new Map();
		for (const status of statuses) answers.set(status, (answers.get(status) ?? 0) + 1);
		const expected = Math.max(0, ...viewers.map((v) => v.ids.size));
		for (const v of viewers) v.request?.destroy();
		return { setup, answers: [...answers].map(([status, n]) => `${status}×${n}`).join(' '), complete: viewers.filter((v) => v.ids.size === expected).length, events: expected, p50: percentile(perViewer, 50), max: perViewer[perViewer.length - 1] };
	} finally {
		await stop();
	}
}

/** @param {string} setup */
async function runLive(setup) {
	const { server, db, stop } = await open(setup);
	try {
		const sale = await stageFlashSale(/** @type {any} */ (db), { buyers: buyerCount, stock: cap * 4 });
		const { saleId, itemId, hostCookie } = await stageLiveSale(/** @type {any} */ (db), sale, { cap, perBuyerLimit });
		const rssBefore = treeRssKb(server.pid);

		const viewers = await connectViewers(server.baseURL, saleId);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const rssAfter = treeRssKb(server.pid);

		// The race: every buyer sends two purchases at once; the host posts moments meanwhile.
		const started = performance.now();
		const moments = (async () => {
			for (let i = 0; i < momentCount; i++) {
				const answer = await postForm(server.baseURL, `/live/${saleId}/host?/moment`, hostCookie, new URLSearchParams({ idempotency_key: randomUUID(), text: `第 ${i + 1} 步` }).toString());
				if (answer.status >= 400) throw new Error(`moment ${i + 1} answered ${answer.status}`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		})();
		const answers = await Promise.all(sale.buyers.flatMap((buyer) => [postForm(server.baseURL, `/live/${saleId}?/buy`, buyer.cookie, buyBody(itemId)), postForm(server.baseURL, `/live/${saleId}?/buy`, buyer.cookie, buyBody(itemId))]));
		await moments;
		const raceSeconds = (performance.now() - started) / 1000;
		// Let the last events reach everyone.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const outcome = await liveOutcome(/** @type {any} */ (db), itemId);

		const byStatus = new Map();
		for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
		const expected = Math.max(0, ...viewers.map((v) => v.ids.size));
		const complete = viewers.filter((v) => v.ids.size === expected && v.moments.length === momentCount).length;
		const answerMs = answers.map((a) => a.ms).sort((a, b) => a - b);
		const latencies = viewers.flatMap((v) => v.moments.map((m) => m.arrived - m.at)).sort((a, b) => a - b);
		const bytesPerMinute = viewers.reduce((sum, v) => sum + v.bytes, 0) / viewers.length / ((raceSeconds + 4) / 60);
		for (const v of viewers) v.request?.destroy();
		return {
			setup,
			...outcome,
			oversold: Math.max(0, outcome.units - cap) + Math.max(0, -outcome.stock),
			answers: [...byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' '),
			fiveHundreds: answers.filter((a) => a.status >= 500).length,
			complete,
			events: expected,
			buyP50: Math.round(percentile(answerMs, 50)),
			buyP99: Math.round(percentile(answerMs, 99)),
			p50: percentile(latencies, 50),
			p99: percentile(latencies, 99),
			kbPerViewer: (rssAfter - rssBefore) / viewerCount,
			bytesPerMinute
		};
	} finally {
		await stop();
	}
}

if (values.paced) {
	const paced = [];
	for (const setup of values.setups.split(',')) {
		console.log(`${setup}: ${viewerCount} viewers watch one minute of 20 purchases, 10 comments and 1 moment…`);
		paced.push(await runPaced(setup));
	}
	console.log(`\n${viewerCount} viewers, one minute: 20 purchases, 10 comments, 1 moment (goal ≤ 5 KB per viewer), 127.0.0.1\n`);
	console.log('setup        answers          viewers with every event  bytes/viewer/min p50   max');
	for (const r of paced) console.log(`${r.setup.padEnd(12)} ${r.answers.padEnd(16)} ${`${r.complete}/${viewerCount} (${r.events} events)`.padEnd(25)} ${String(r.p50).padStart(20)} ${String(r.max).padStart(5)}`);
	process.exit(0);
}

const rows = [];
for (const setup of values.setups.split(',')) {
	console.log(`${setup}: staging, ${viewerCount} viewers, ${buyerCount} buyers × 2 purchases on ${cap} units, ${momentCount} moments…`);
	rows.push(await runLive(setup));
}
console.log(`\n${viewerCount} viewers, ${buyerCount} buyers sending 2 purchases each at once for ${cap} flash units (limit ${perBuyerLimit} each), ${momentCount} moments, 127.0.0.1\n`);
console.log('setup        orders  units  most/buyer  oversold  5xx   answers                 buy p50/p99 ms  viewers with every event  latency p50/p99 ms  kB/viewer  bytes/viewer/min');
for (const r of rows) {
	console.log(
		`${r.setup.padEnd(12)} ${String(r.orders).padStart(6)} ${String(r.units).padStart(6)} ${String(r.mostByOneBuyer).padStart(11)} ${String(r.oversold).padStart(9)} ${String(r.fiveHundreds).padStart(4)}   ${r.answers.padEnd(22)}  ${`${r.buyP50} / ${r.buyP99}`.padStart(14)}  ${`${r.complete}/${viewerCount} (${r.events} events)`.padEnd(25)} ${`${r.p50} / ${r.p99}`.padStart(18)} ${r.kbPerViewer.toFixed(1).padStart(10)} ${Math.round(r.bytesPerMinute).toString().padStart(17)}`
	);
}
