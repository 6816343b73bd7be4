// How PostgreSQL plans the notice feed's "the rest" page in a busy village: a throwaway server,
// the project's migrations, rows made with generate_series (50 villages, 70,000 memberships,
// 30,000 notices in one village), then the statement the app's own listVillageFeed() sends,
// caught on its way into pg and run under EXPLAIN ANALYZE. Prints the plan's node types (a
// "hashed SubPlan" reads a whole table once per page) and the execution time.
//   node bench/feed-plan.js
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createDatabase, startPostgres } from '../scripts/postgres-server.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const VILLAGES = 50;
const USERS = 70_000;
const BUSY_NOTICES = 30_000;
const RUNS = 5;

// Village 1 is the busy one: 1 in 20 users (3,500 villagers), every other user in one of the rest.
const FILL = `
INSERT INTO users (username, display_name, password_hash)
	SELECT 'u' || i, 'User ' || i, 'x' FROM generate_series(1, ${USERS}) i;
INSERT INTO villages (slug, name, county)
	SELECT 'v' || i, 'Village ' || i, 'County' FROM generate_series(1, ${VILLAGES}) i;
INSERT INTO memberships (user_id, village_id, role, real_name, verified_at, revoked_at)
	SELECT i, CASE WHEN i % 20 = 0 THEN 1 ELSE 2 + i % ${VILLAGES - 1} END, 'villager', 'Name ' || i, now(),
		CASE WHEN i % 97 = 0 THEN now() END
	FROM generate_series(1, ${USERS}) i;
INSERT INTO notices (village_id, author_id, title, body, category, audience, status, published_at)
	SELECT 1, 20 * (1 + i % 100), 'Notice ' || i, 'Body ' || i, 'general', CASE WHEN i % 3 = 0 THEN 'members' ELSE 'public' END,
		'published', now() - i * interval '1 minute'
	FROM generate_series(1, ${BUSY_NOTICES}) i;
INSERT INTO notices (village_id, author_id, title, body, category, audience, status, published_at)
	SELECT 2 + i % ${VILLAGES - 1}, null, 'Notice', 'Body', 'general', 'public', 'published', now() - i * interval '1 minute'
	FROM generate_series(1, 10000) i;
INSERT INTO notice_reads (notice_id, user_id, read_at)
	SELECT n, 20 * (1 + (n * 7 + r) % 3500), now() FROM generate_series(1, ${BUSY_NOTICES}) n, generate_series(1, 5) r
	ON CONFLICT DO NOTHING;
INSERT INTO polls (notice_id, question, closes_at) SELECT n, 'Q', now() FROM generate_series(1, 40000, 40) n;
INSERT INTO disclosure_rows (notice_id, position, date, item, amount_fen)
	SELECT n, 0, '2026-01-01', 'item', 100 FROM generate_series(1, 40000, 25) n;
ANALYZE;
`;

const server = await startPostgres();
try {
	const url = await createDatabase(server.url);
	process.env.DATABASE_URL = url;
	process.env.DEMO = '0';
	process.env.MIGRATIONS_DIR = join(repoRoot, 'drizzle');
	const { createServer } = await import('vite');
	const vite = await createServer({ server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom', logLevel: 'error' });
	try {
		const { db, migrateDatabase, closeDatabase } = await vite.ssrLoadModule('/src/lib/server/platform/db/index.ts');
		const { listVillageFeed } = await vite.ssrLoadModule('/src/lib/server/notices/feed.ts');
		await migrateDatabase();
		/** @type {import('pg').Pool} */
		const pool = db.$client;
		await pool.query(FILL);

		/** @type {{ text: string, values: unknown[] }[]} */
		const caught = [];
		const query = pool.query;
		pool.query = /** @type {any} */ (
			function (/** @type {any} */ config, /** @type {unknown[] | undefined} */ values) {
				caught.push({ text: typeof config === 'string' ? config : config.text, values: values ?? config.values ?? [] });
				return query.call(pool, config, values);
			}
		);
		await listVillageFeed(1, { userId: 20, member: true, cadre: false }, { category: null, before: null }, 20);
		pool.query = query;
		// The pinned statement goes first; the rest is the one that walks the village's notices.
		const rest = caught[caught.length - 1];

		/** @type {{ Plan: any, 'Execution Time': number }} */
		let result = { Plan: null, 'Execution Time': 0 };
		const times = [];
		for (let run = 0; run < RUNS; run++) {
			const { rows } = await query.call(pool, `EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) ${rest.text}`, rest.values);
			result = rows[0]['QUERY PLAN'][0];
			times.push(result['Execution Time']);
		}
		console.log(rest.text, '\n');
		printPlan(result.Plan, 0);
		// VERBOSE names a hashed subplan in the expressions that use it: "(hashed SubPlan 4)".
		const hashed = [...new Set(JSON.stringify(result.Plan).match(/hashed SubPlan \d+/g) ?? [])];
		console.log(`\nhashed: ${hashed.length > 0 ? hashed.join(', ') : 'none'}`);
		console.log(`execution time over ${RUNS} runs (ms): ${times.map((t) => t.toFixed(1)).join(', ')}; best ${Math.min(...times).toFixed(1)}`);
		await closeDatabase();
	} finally {
		await vite.close();
	}
} finally {
	await server.stop();
}

/** One line per node: its type, the table it reads, how often it ran, and what it filtered on. @param {any} node @param {number} depth */
function printPlan(node, depth) {
	const on = node['Relation Name'] ? ` on ${node['Relation Name']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}` : '';
	const role = node['Subplan Name'] ? ` [${node['Subplan Name']}]` : '';
	console.log(`${'  '.repeat(depth)}${node['Node Type']}${on}${role}: ${node['Actual Rows']} rows × ${node['Actual Loops']} loops`);
	for (const child of node.Plans ?? []) printPlan(child, depth + 1);
}
