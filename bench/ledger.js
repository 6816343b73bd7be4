// The charity ledger under load (issue 15): on each engine, `--entries` entries appended to one
// village's chain by `--writers` concurrent writers through the app's own appendLedgerEntry()
// (src/lib/server/charity/ledger.ts, loaded with Vite, so the real transactions and locks), then
// the chain read back: entries/s, gaps and forks (two entries naming the same predecessor), and
// whether the download verifies. Then the verifier alone over a chain of `--verify` entries built
// in memory with a signed checkpoint every 1,000: verifyLedger() in this process and
// `node scripts/verify-ledger.js` on the file, against the goal of 2 s for 100,000.
//   npm run bench:ledger -- [--engines sqlite,postgres] [--entries N] [--writers N] [--verify N] [--json]
// A benchmark, not a test: it exits 0 whatever the figures, and non-zero only if it could not run.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase, startPostgres } from '../scripts/postgres-server.js';
import { int, loadThroughVite, parseBenchArgs } from './notice-feed.js';
import { verifyLedger } from '../src/lib/charity/ledger-verify.js';
import { builtChain, fields, nodeDigest } from './ledger-chain.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const usage = 'Usage: node bench/ledger.js [--engines sqlite,postgres] [--entries N] [--writers N] [--verify N] [--json]';
const options = parseBenchArgs(process.argv.slice(2), { entries: 100_000, writers: 8, verify: 100_000 }, usage);
const GOAL_VERIFY_MS = 2000;
const log = (/** @type {string} */ line) => console.error(`[ledger] ${line}`);

/**
 * Appends on one engine and checks what was written.
 * @param {'sqlite' | 'postgres'} engine
 */
async function appendOn(engine) {
	const dir = await mkdtemp(join(tmpdir(), 'ledger-bench-'));
	/** @type {Awaited<ReturnType<typeof startPostgres>> | undefined} */
	let postgres;
	let url = join(dir, 'ledger.db');
	if (engine === 'postgres') {
		postgres = await startPostgres();
		url = await createDatabase(postgres.url, { name: 'ledger_bench' });
	}
	const app = await loadThroughVite(url, async (vite) => ({
		ledger: await vite.ssrLoadModule('/src/lib/server/charity/ledger.ts'),
		schema: await vite.ssrLoadModule('/src/lib/server/platform/db/index.ts')
	}));
	try {
		const { villages, charityProjects, migrateDatabase } = app.schema;
		await migrateDatabase();
		const villageId = await app.transaction(async (/** @type {any} */ tx) => {
			const [village] = await tx.insert(villages).values({ slug: 'bench', name: '压测村', county: '巨野县', story: '' }).returning({ id: villages.id });
			await tx.insert(charityProjects).values({ id: 1, villageId: village.id, title: '路灯', category: 'infrastructure', goalFen: 100_000_000, state: 'fundraising' });
			return village.id;
		});
		log(`${engine}: ${int(options.entries)} entries by ${options.writers} writers`);
		let next = 0;
		const started = performance.now();
		await Promise.all(
			Array.from({ length: options.writers }, async () => {
				while (next < options.entries) {
					next++;
					await app.transaction((/** @type {any} */ tx) => app.ledger.appendLedgerEntry(tx, villageId, fields(next)));
				}
			})
		);
		const seconds = (performance.now() - started) / 1000;
		const file = await app.ledger.villageLedger('bench');
		const seqs = file.entries.map((/** @type {{ seq: number }} */ e) => e.seq);
		const gaps = Math.max(...seqs) - new Set(seqs).size;
		const named = new Map();
		for (const entry of file.entries) named.set(entry.prev, (named.get(entry.prev) ?? 0) + 1);
		const forks = [...named.values()].filter((n) => n > 1).length;
		const check = await verifyLedger(JSON.parse(JSON.stringify(file)));
		return { engine, entries: file.entries.length, seconds, perSecond: file.entries.length / seconds, gaps, forks, verifies: check.problem === null };
	} finally {
		await app.closeDatabase();
		await app.vite.close();
		await postgres?.stop();
		await rm(dir, { recursive: true, force: true });
	}
}

async function verifierTimes() {
	log(`building a chain of ${int(options.verify)} entries in memory`);
	const chain = await builtChain(options.verify);
	const started = performance.now();
	const check = await verifyLedger(chain, { digest: nodeDigest });
	const inProcessMs = performance.now() - started;
	// What a browser's verifier does: Web Crypto, its asynchronous calls in batches (Node's, here; bench/ledger-browser.js runs it in Chromium).
	const webStarted = performance.now();
	const webCheck = await verifyLedger(chain);
	const webMs = performance.now() - webStarted;
	const dir = await mkdtemp(join(tmpdir(), 'ledger-verify-'));
	const path = join(dir, 'ledger.json');
	const text = JSON.stringify(chain);
	await writeFile(path, text);
	const scriptStarted = performance.now();
	const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'scripts/verify-ledger.js'), path, '--lang', 'en']);
	const scriptMs = performance.now() - scriptStarted;
	await rm(dir, { recursive: true, force: true });
	return { entries: chain.entries.length, bytes: Buffer.byteLength(text), inProcessMs, webMs, scriptMs, ok: check.problem === null && webCheck.problem === null && stdout.includes('The ledger holds') };
}

const appended = [];
for (const engine of options.engines) appended.push(await appendOn(engine));
const verifier = await verifierTimes();
const report = { appended, verifier, goalVerifyMs: GOAL_VERIFY_MS, cores: cpus().length, loadAverage: loadavg()[0] };
if (options.json) console.log(JSON.stringify(report, null, 2));
else {
	console.log(`\nAppends: one village's chain, ${options.writers} concurrent writers, each entry its own transaction (the app's appendLedgerEntry)\n`);
	console.log('  engine      entries   seconds   entries/s   gaps   forks   verifies');
	for (const a of appended) console.log(`  ${a.engine.padEnd(10)} ${int(a.entries).padStart(8)} ${a.seconds.toFixed(1).padStart(9)} ${int(Math.round(a.perSecond)).padStart(11)} ${String(a.gaps).padStart(6)} ${String(a.forks).padStart(7)}   ${a.verifies ? 'yes' : 'NO'}`);
	console.log(`\nVerifier over ${int(verifier.entries)} entries (${int(verifier.bytes)} bytes of JSON, a signed checkpoint every 1,000), goal ≤ ${GOAL_VERIFY_MS} ms:`);
	console.log(`  verifyLedger() in this process, Node's SHA-256: ${int(Math.round(verifier.inProcessMs))} ms ${verifier.inProcessMs <= GOAL_VERIFY_MS ? '✓ met' : '✗ missed'}`);
	console.log(`  verifyLedger() in this process, Web Crypto (as a browser): ${int(Math.round(verifier.webMs))} ms ${verifier.webMs <= GOAL_VERIFY_MS ? '✓ met' : '✗ missed'}`);
	console.log(`  node scripts/verify-ledger.js, start to finish: ${int(Math.round(verifier.scriptMs))} ms ${verifier.scriptMs <= GOAL_VERIFY_MS ? '✓ met' : '✗ missed'}${verifier.ok ? '' : ' (did NOT verify)'}`);
	console.log(`  load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
}
process.exit(0);
