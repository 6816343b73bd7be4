// The verifier as /charity/verify runs it: verifyLedger() (src/lib/charity/ledger-verify.js, served
// as it is) in headless Chromium with Web Crypto, over a chain of `--entries` entries with a signed
// checkpoint every 1,000, against the goal of 2 s for 100,000. The file is fetched and parsed as
// the page does (timed apart), then verified `--runs` times; the first run is reported beside the
// median, since a villager verifies once.
//   npm run bench:ledger-browser -- [--entries N] [--runs N] [--json]
// Chromium: CHROME_PATH or /usr/bin/chromium, each launch with a fresh profile of its own.
// A benchmark, not a test: it exits 0 whatever the figures, and non-zero only if it could not run.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../scripts/start-test-server.js';
import { builtChain } from './ledger-chain.js';
import { int, parseBenchArgs } from './notice-feed.js';

const usage = 'Usage: node bench/ledger-browser.js [--entries N] [--runs N] [--json]';
const options = parseBenchArgs(process.argv.slice(2), { entries: 100_000, runs: 5 }, usage);
const GOAL_VERIFY_MS = 2000;
const log = (/** @type {string} */ line) => console.error(`[ledger-browser] ${line}`);

log(`building a chain of ${int(options.entries)} entries in memory`);
const ledgerText = JSON.stringify(await builtChain(options.entries));
const verifierSource = await readFile(new URL('../src/lib/charity/ledger-verify.js', import.meta.url), 'utf8');

// 127.0.0.1 is a secure context, so the page has Web Crypto as a site on https does.
const files = new Map([
	['/', { type: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><title>ledger bench</title>' }],
	['/ledger-verify.js', { type: 'text/javascript; charset=utf-8', body: verifierSource }],
	['/ledger.json', { type: 'application/json; charset=utf-8', body: ledgerText }]
]);
const server = createServer((request, response) => {
	const file = files.get(request.url ?? '');
	response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' });
	response.end(file?.body ?? 'not found');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

// Playwright gives the launch a fresh, temporary user-data dir of its own.
const browser = await chromium.launch(chromiumLaunchOptions());
try {
	const page = await browser.newPage();
	await page.goto(origin);
	log(`Chromium ${browser.version()}: ${options.runs} runs`);
	const figures = await page.evaluate(async (runs) => {
		const started = performance.now();
		const text = await (await fetch('/ledger.json')).text();
		const fetched = performance.now();
		const ledger = JSON.parse(text);
		const parsedMs = performance.now() - fetched;
		const { verifyLedger } = await import(/* @vite-ignore */ `${location.origin}/ledger-verify.js`);
		/** @type {number[]} */
		const verifyMs = [];
		let ok = true;
		for (let run = 0; run < runs; run++) {
			const before = performance.now();
			const check = await verifyLedger(ledger);
			verifyMs.push(performance.now() - before);
			ok &&= check.problem === null && check.entries === ledger.entries.length;
		}
		return { fetchMs: fetched - started, parsedMs, verifyMs, ok };
	}, options.runs);
	const sorted = [...figures.verifyMs].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)];
	const report = { entries: options.entries, bytes: Buffer.byteLength(ledgerText), chromium: browser.version(), ...figures, firstMs: figures.verifyMs[0], medianMs: median, goalVerifyMs: GOAL_VERIFY_MS, cores: cpus().length, loadAverage: loadavg()[0] };
	if (options.json) console.log(JSON.stringify(report, null, 2));
	else {
		const met = (/** @type {number} */ ms) => (ms <= GOAL_VERIFY_MS ? '✓ met' : `✗ missed by ${int(ms - GOAL_VERIFY_MS)} ms`);
		console.log(`\nverifyLedger() in headless Chromium ${report.chromium}, Web Crypto, ${int(report.entries)} entries (${int(report.bytes)} bytes of JSON, a signed checkpoint every 1,000), goal ≤ ${GOAL_VERIFY_MS} ms:`);
		console.log(`  JSON.parse of the file: ${int(figures.parsedMs)} ms`);
		console.log(`  first run: ${int(report.firstMs)} ms ${met(report.firstMs)}`);
		console.log(`  median of ${options.runs}: ${int(median)} ms ${met(median)} (all: ${figures.verifyMs.map((ms) => int(ms)).join(', ')} ms)`);
		console.log(`  ${figures.ok ? 'verified' : 'did NOT verify'}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
	}
} finally {
	await browser.close();
	server.close();
}
process.exit(0);
