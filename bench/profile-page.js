// Where a page spends its CPU: `node bench/profile-page.js [--path /] [--seconds 10] [--connections 16] [--signed-in] [--top 40] [--app DIR]`.
// Starts the production build with `--cpu-prof` on a fresh demo county (SQLite, one process),
// loads one page with autocannon, stops the server (which writes the profile) and prints the
// functions with the most self time, then the same summed by file (the app's chunks, node_modules
// packages, Node's internals), and the share of garbage collection. DATABASE_URL=postgres://…
// in the environment profiles on that database instead; --app DIR profiles the build in DIR (see
// bench/throughput.js --compare). Run `npm run build` first.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startTestServer } from '../scripts/start-test-server.js';
import { demoSessionCookie } from './demo-sign-in.js';

const { values } = parseArgs({
	options: {
		path: { type: 'string', default: '/' },
		seconds: { type: 'string', default: '10' },
		connections: { type: 'string', default: '16' },
		'signed-in': { type: 'boolean', default: false },
		top: { type: 'string', default: '40' },
		app: { type: 'string' }
	}
});

const profileDir = await mkdtemp(join(tmpdir(), 'village-square-profile-'));
const server = await startTestServer({
	timeoutMs: 180_000,
	appDir: values.app,
	nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
	env: { SIGNUP_BURST: '100000' }
});
let stopped = false;
try {
	const headers = values['signed-in'] ? { cookie: await demoSessionCookie(server.baseURL) } : {};
	// Warm up first, so the profile shows the steady state rather than the first compilations.
	await autocannon({ url: server.baseURL + values.path, connections: Number(values.connections), duration: 2, headers });
	const result = await autocannon({ url: server.baseURL + values.path, connections: Number(values.connections), duration: Number(values.seconds), headers });
	console.log(`${values.path}${values['signed-in'] ? ' (signed in)' : ''}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
	await server.stop();
	stopped = true;
	// The server and the seeding (the primary imports the demo seeder) each write one: the largest is the server's.
	const files = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
	if (files.length === 0) throw new Error('the server wrote no profile');
	const profiles = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(profileDir, f), 'utf8'))));
	const profile = profiles.reduce((a, b) => (a.samples.length >= b.samples.length ? a : b));
	report(profile, Number(values.top), Number(values.seconds));
} finally {
	if (!stopped) await server.stop();
	await rm(profileDir, { recursive: true, force: true });
}

/**
 * Self time per function and per file, from a V8 .cpuprofile (nodes with their self-hit counts).
 * Only the samples of the measured load count: the last `seconds` before the profile ends (the
 * stop takes a few milliseconds), not the start, the demo seeding or the warm-up.
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[], endTime: number }} profile
 * @param {number} top
 * @param {number} seconds
 */
function report(profile, top, seconds) {
	/** @type {Map<number, number>} */
	const hitsOf = new Map();
	const from = profile.endTime - seconds * 1e6;
	let at = profile.endTime - profile.timeDeltas.reduce((a, b) => a + b, 0);
	let total = 0;
	profile.samples.forEach((id, i) => {
		at += profile.timeDeltas[i];
		if (at < from) return;
		hitsOf.set(id, (hitsOf.get(id) ?? 0) + 1);
		total++;
	});
	/** @type {Map<string, number>} */
	const byFunction = new Map();
	/** @type {Map<string, number>} */
	const byFile = new Map();
	for (const node of profile.nodes) {
		const hits = hitsOf.get(node.id) ?? 0;
		if (hits === 0) continue;
		const { functionName, url, lineNumber } = node.callFrame;
		const file = shortFile(url);
		const name = `${functionName || '(anonymous)'}  ${file}${url ? `:${lineNumber + 1}` : ''}`;
		byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
		byFile.set(file || functionName, (byFile.get(file || functionName) ?? 0) + hits);
	}
	const idle = (byFile.get('(idle)') ?? 0) / total;
	const busy = total - (byFile.get('(idle)') ?? 0);
	const pct = (/** @type {number} */ hits) => `${((hits / busy) * 100).toFixed(1).padStart(5)}%`;
	console.log(`\n${total} samples, ${(idle * 100).toFixed(0)} % idle; shares below are of the busy samples (${busy})\n`);
	console.log('self time by function:');
	for (const [name, hits] of [...byFunction].filter(([n]) => !n.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(hits)}  ${name}`);
	console.log('\nself time by file:');
	for (const [file, hits] of [...byFile].filter(([f]) => f !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(hits)}  ${file}`);
}

/** node_modules/<package>, build/<chunk>, node:<module>, or the function's own label. @param {string} url */
function shortFile(url) {
	if (!url) return '';
	const modules = url.lastIndexOf('node_modules/');
	if (modules >= 0) return url.slice(modules).split('/').slice(0, url.slice(modules).startsWith('node_modules/@') ? 3 : 2).join('/') + '/' + url.split('/').pop();
	const build = url.indexOf('/build/');
	if (build >= 0) return url.slice(build + 1);
	return url.replace(/^file:\/\//, '');
}
