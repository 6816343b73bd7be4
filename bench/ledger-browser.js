// The verifier as /charity/verify runs it: verifyLedger() (src/lib/charity/ledger-verify.js, served
// as it is) in headless Chromium with Web Crypto, over a chain of `--entries` entries with a signed
// checkpoint every 1,000, against the goal of 2 s for 100,000. The file is fetched and parsed as
// the page does (timed apart), then verified `--runs` times; the first run is reported beside the
// median, since a villager verifies once. Beside each wall-clock time, the CPU time Chromium spent
// (its processes' own counters in /proc, Linux): on a machine others share, wall time counts their
// work too, while the renderer's main-thread time is what the check costs a phone's one busy core.
//   npm run bench:ledger-browser -- [--entries N] [--runs N] [--json]
// Chromium: CHROME_PATH or /usr/bin/chromium, each launch with a fresh profile of its own.
// A benchmark, not a test: it exits 0 whatever the figures, and non-zero only if it could not run.
import { readdirSync, readFileSync } from 'node:fs';
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

/** /proc/<pid>/stat's fields after the command name: state is [0], ppid [1], utime [11], stime [12]. @param {string} path */
const statFields = (path) => readFileSync(path, 'utf8').split(') ').pop()?.split(' ') ?? [];
const ticksToMs = 1000 / 100; // USER_HZ, 100 on Linux

/** Every process below `root` (Chromium's zygotes, renderers, GPU and network services). @param {number} root */
function descendants(root) {
	const parents = new Map();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			parents.set(Number(name), Number(statFields(`/proc/${name}/stat`)[1]));
		} catch {
			// gone since listed
		}
	}
	/** @type {(pid: number) => number[]} */
	const below = (pid) => [...parents].filter(([, parent]) => parent === pid).flatMap(([child]) => [child, ...below(child)]);
	return below(root);
}

/** CPU ms Chromium's processes have used: all their threads, and their main threads alone. @param {number} root */
function chromiumCpu(root) {
	let all = 0;
	let main = 0;
	for (const pid of [root, ...descendants(root)]) {
		try {
			const process = statFields(`/proc/${pid}/stat`);
			const thread = statFields(`/proc/${pid}/task/${pid}/stat`);
			all += (Number(process[11]) + Number(process[12])) * ticksToMs;
			main += (Number(thread[11]) + Number(thread[12])) * ticksToMs;
		} catch {
			// gone since listed
		}
	}
	return { all, main };
}

// Playwright gives the launch a fresh, temporary user-data dir of its own.
const browserServer = await chromium.launchServer(chromiumLaunchOptions());
const browser = await chromium.connect(browserServer.wsEndpoint());
const browserPid = browserServer.process().pid ?? 0;
try {
	const page = await browser.newPage();
	await page.goto(origin);
	log(`Chromium ${browser.version()}: ${options.runs} runs`);
	const loaded = await page.evaluate(async () => {
		const started = performance.now();
		const text = await (await fetch('/ledger.json')).text();
		const fetched = performance.now();
		const ledger = JSON.parse(text);
		const parsedMs = performance.now() - fetched;
		const { verifyLedger } = await import(/* @vite-ignore */ `${location.origin}/ledger-verify.js`);
		Object.assign(globalThis, { benchLedger: ledger, benchVerify: verifyLedger });
		return { fetchMs: fetched - started, parsedMs };
	});
	/** @type {number[]} */
	const verifyMs = [];
	/** @type {{ all: number, main: number }[]} */
	const cpuMs = [];
	let ok = true;
	for (let run = 0; run < options.runs; run++) {
		const before = chromiumCpu(browserPid);
		const outcome = await page.evaluate(async () => {
			const { benchLedger, benchVerify } = /** @type {any} */ (globalThis);
			const started = performance.now();
			const check = await benchVerify(benchLedger);
			return { ms: performance.now() - started, ok: check.problem === null && check.entries === benchLedger.entries.length };
		});
		const after = chromiumCpu(browserPid);
		verifyMs.push(outcome.ms);
		cpuMs.push({ all: after.all - before.all, main: after.main - before.main });
		ok &&= outcome.ok;
	}
	const figures = { ...loaded, verifyMs, cpuMs, ok };
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
		console.log(`  CPU per run, renderer's main thread: ${cpuMs.map((cpu) => int(cpu.main)).join(', ')} ms; all of Chromium's threads: ${cpuMs.map((cpu) => int(cpu.all)).join(', ')} ms`);
		console.log(`  ${figures.ok ? 'verified' : 'did NOT verify'}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
	}
} finally {
	await browser.close();
	await browserServer.close();
	server.close();
}
process.exit(0);
