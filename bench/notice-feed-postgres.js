// The notice feed's fixture on PostgreSQL: the very rows bench/notice-feed-fixture.js made in
// SQLite, so both engines are timed on the same county. The database gets the project's
// PostgreSQL migrations, then each table goes across in large batches, one
// `INSERT … SELECT * FROM unnest($1::type[], …)` per 20,000 rows (a million notices in seconds,
// where row-by-row inserts or db:copy's Drizzle batches take many minutes).
import Database from 'better-sqlite3';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

const ROWS_PER_INSERT = 20_000;

/** SQLite keeps booleans as 0/1 and times as integer milliseconds; PostgreSQL takes them as its own types. */
const converters = /** @type {Record<string, (value: any) => unknown>} */ ({
	bool: (value) => Boolean(value),
	timestamptz: (value) => new Date(value).toISOString(),
	timestamp: (value) => new Date(value).toISOString()
});

/** @param {string} name */
const quote = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * Migrates the database at `url` and copies every table of the SQLite file into it, then resets
 * the identity sequences and gathers the planner's statistics.
 * @param {string} sqlitePath
 * @param {string} url postgres://…, an empty database; its user must be a superuser (foreign keys are checked by the fixture, not per row here)
 * @param {{ migrationsFolder: string, progress: (message: string) => void }} options
 * @returns {Promise<Record<string, number>>} rows copied per table
 */
export async function copyFixtureToPostgres(sqlitePath, url, { migrationsFolder, progress }) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	const sqlite = new Database(sqlitePath, { readonly: true });
	/** @type {Record<string, number>} */
	const copied = {};
	try {
		await migrate(drizzle(client), { migrationsFolder });
		const { rows: columns } = await client.query(
			`SELECT table_name, column_name, udt_name, is_identity FROM information_schema.columns
			 WHERE table_schema = 'public' AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position`
		);
		/** @type {Map<string, { name: string, type: string, identity: boolean }[]>} */
		const tables = new Map();
		for (const c of columns) {
			if (!tables.has(c.table_name)) tables.set(c.table_name, []);
			tables.get(c.table_name)?.push({ name: c.column_name, type: c.udt_name, identity: c.is_identity === 'YES' });
		}
		await client.query('BEGIN');
		// Parents and children go in table by table in any order: the fixture checked its references.
		await client.query('SET LOCAL session_replication_role = replica');
		for (const [table, pgColumns] of tables) {
			const sqliteColumns = new Set(
				/** @type {{ name: string }[]} */ (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table)).map((c) => c.name)
			);
			const shared = pgColumns.filter((c) => sqliteColumns.has(c.name));
			if (shared.length === 0) continue;
			const convert = shared.map((c) => converters[c.type]);
			const insert = `INSERT INTO ${quote(table)} (${shared.map((c) => quote(c.name)).join(', ')})
				SELECT * FROM unnest(${shared.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`;
			const read = sqlite.prepare(`SELECT ${shared.map((c) => quote(c.name)).join(', ')} FROM ${quote(table)}`).raw();
			/** @type {unknown[][]} */
			let batch = shared.map(() => []);
			let count = 0;
			const flush = async () => {
				if (batch[0].length === 0) return;
				await client.query(insert, batch);
				batch = shared.map(() => []);
			};
			for (const row of /** @type {IterableIterator<unknown[]>} */ (read.iterate())) {
				for (let i = 0; i < row.length; i++) batch[i].push(row[i] === null || !convert[i] ? row[i] : convert[i](row[i]));
				if (++count % ROWS_PER_INSERT === 0) {
					await flush();
					progress(`  ${table}: ${count.toLocaleString('en')}`);
				}
			}
			await flush();
			copied[table] = count;
			// Ids came across as they were: the next row made by the app is numbered after them.
			for (const c of shared.filter((c) => c.identity)) {
				await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(c.name)}) FROM ${quote(table)}), 0) + 1, false)`, [table, c.name]);
			}
		}
		await client.query('COMMIT');
		progress('ANALYZE');
		await client.query('ANALYZE');
		return copied;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {});
		throw error;
	} finally {
		sqlite.close();
		await client.end();
	}
}
