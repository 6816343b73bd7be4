// `npm test`: typecheck, production build, unit and integration tests (on SQLite, then on PostgreSQL),
// then e2e against the build, and the core journeys again on PostgreSQL behind two app processes.
// Every step's output streams through; the last line is the tally, e.g. `42 passed, 0 failed`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tally = { passed: 0, failed: 0, skipped: 0 };
const reportDir = await mkdtemp(join(tmpdir(), 'village-square-vitest-'));

/**
 * Runs a binary from node_modules/.bin (no npx: CI may have no network for it). With `quiet`, its
 * output is held and printed whole when it ends, so a step running beside another does not mix
 * its lines with the other's.
 * @param {string} name
 * @param {string[]} args
 * @param {{ quiet?: boolean }} [options]
 * @returns {Promise<number>} exit code
 */
function run(name, args, { quiet = false } = {}) {
	const command = `\n$ ${name} ${args.join(' ')}`;
	if (!quiet) console.log(command);
	return new Promise((resolve) => {
		const child = spawn(join(root, 'node_modules', '.bin', name), args, { cwd: root, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
		/** @type {Buffer[]} */
		const held = [];
		child.stdout?.on('data', (chunk) => held.push(chunk));
		child.stderr?.on('data', (chunk) => held.push(chunk));
		const finish = (/** @type {number} */ code) => {
			if (quiet) process.stdout.write(`${command}\n${Buffer.concat(held).toString()}`);
			resolve(code);
		};
		child.on('error', (error) => {
			console.error(error);
			finish(1);
		});
		child.on('exit', (code) => finish(code ?? 1));
	});
}

/** A step that counts as one test. @param {string} label @param {boolean} ok */
function count(label, ok) {
	if (ok) tally.passed++;
	else tally.failed++;
	console.log(`${ok ? '✓' : '✗'} ${label}`);
}

/**
 * Runs one vitest project and adds its results to the tally.
 * @param {'unit' | 'integration-postgres' | 'e2e' | 'e2e-postgres'} project
 * @param {{ quiet?: boolean }} [options]
 */
async function vitest(project, options) {
	const report = join(reportDir, `${project}.json`);
	const code = await run(
		'vitest',
		['run', '--project', project, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
		options
	);
	/** @type {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests: number, testResults: { status: string, assertionResults: { status: string }[] }[] } | undefined} */
	const results = existsSync(report) ? JSON.parse(await readFile(report, 'utf8')) : undefined;
	let failed = results?.numFailedTests ?? 0;
	// A file that fails to load, or a failing hook, fails no test but fails the run: count it.
	const fileFailures = results?.testResults.filter(
		(file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed')
	);
	failed += fileFailures?.length ?? 0;
	if (code !== 0 && failed === 0) failed = 1;
	tally.passed += results?.numPassedTests ?? 0;
	tally.failed += failed;
	tally.skipped += (results?.numPendingTests ?? 0) + (results?.numTodoTests ?? 0);
}

try {
	// The Paraglide messages are generated code: compile them before anything reads them.
	const compiled = (await run('paraglide-js', ['compile', '--project', './project.inlang', '--outdir', './src/lib/paraglide', '--strategy', 'cookie', 'baseLocale', '--silent'])) === 0;
	const synced = compiled && (await run('svelte-kit', ['sync'])) === 0;
	// Steps that need nothing from each other run side by side: each leaves a core idle much of
	// the time (the typecheck is one thread; PostgreSQL's tests wait on the server).
	const [checked, built] = await Promise.all([
		synced && run('svelte-check', ['--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'machine'], { quiet: true }).then((code) => code === 0),
		run('vite', ['build']).then(async (code) => code === 0 && (await run('vite', ['build', '-c', 'vite.demo.config.ts'])) === 0)
	]);
	count('typecheck', checked);
	count('build', built);

	// The integration tests on SQLite, and the same again on a real PostgreSQL that the project starts and stops itself.
	await Promise.all([vitest('unit'), vitest('integration-postgres', { quiet: true })]);
	if (built) {
		await vitest('e2e');
		// Buy, read a notice, the outbox, and what needs two processes: PostgreSQL, two servers, a round robin.
		await vitest('e2e-postgres');
	} else console.log('\ne2e tests skipped: the build failed');
} finally {
	await rm(reportDir, { recursive: true, force: true });
}

const { passed, failed, skipped } = tally;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
