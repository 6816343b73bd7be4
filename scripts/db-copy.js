#!/usr/bin/env node
// npm run db:copy -- <from> <to>
// Moves a whole Village Square database between engines: SQLite to PostgreSQL when a
// county outgrows its machine, and back. Each side is a SQLite file path (or file:…)
// or a postgres:// URL. Both are brought to the current migrations first (the source
// too, as the app would on start); the destination must be empty. Everything is
// written in one transaction, then every table's row count and every money column's
// sum is compared on both sides; any difference fails the copy (exit code 1).
//
// The tables and their column types come from the app's own Drizzle schemas, loaded
// through Vite, so Drizzle turns each engine's values (milliseconds and timestamptz,
// 0/1 and booleans, JSON text and jsonb) into the other's.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { count, getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as sqliteMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { migrate as pgMigrate } from 'drizzle-orm/node-postgres/migrator';
import { PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { createServer } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Runtime state of the processes serving a database, not the county's data. */
const notCopied = new Set(['jobs', 'server_processes']);
const batchRows = 500;

const [from, to] = process.argv.slice(2);
if (!from || !to || from === to) {
	console.error('Usage: npm run db:copy -- <from> <to>\n  each a SQLite file (./data/village-square.db) or a postgres://user:pass@host/db URL');
	process.exit(2);
}

// count() and sum() come back as numbers, as from SQLite.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

const isPostgres = (/** @type {string} */ url) => /^postgres(ql)?:\/\//i.test(url);

/**
 * @typedef {{ engine: 'sqlite' | 'postgres', db: any, tables: Map<string, any>,
 *   inTransaction(work: (tx: any) => Promise<void>): Promise<void>, close(): Promise<void> }} Side
 */

/** @returns {Promise<Side>} */
async function open(/** @type {string} */ url, /** @type {any} */ schemas) {
	if (isPostgres(url)) {
		const pool = new pg.Pool({
			connectionString: url,
			max: 2
		});
		const db = pgDrizzle(pool);
		await pgMigrate(db, { migrationsFolder: resolve(root, 'drizzle/postgres') });
		return {
			engine: 'postgres',
			db,
			tables: tablesOf(schemas.postgres, PgTable, pgTableConfig),
			inTransaction: (work) => db.transaction(work),
			close: () => pool.end()
		};
	}
	const file = url.startsWith('file:') ? url.slice('file:'.length) : url;
	const client = new Database(file);
	client.pragma('foreign_keys = ON');
	client.pragma('busy_timeout = 5000');
	const db = sqliteDrizzle(client);
	sqliteMigrate(db, { migrationsFolder: resolve(root, 'drizzle/sqlite') });
	return {
		engine: 'sqlite',
		db,
		tables: tablesOf(schemas.sqlite, SQLiteTable, sqliteTableConfig),
		async inTransaction(work) {
			client.exec('BEGIN IMMEDIATE');
			try {
				await work(db);
				client.exec('COMMIT');
			} catch (error) {
				if (client.inTransaction) client.exec('ROLLBACK');
				throw error;
			}
		},
		async close() {
			client.close();
		}
	};
}

/** The schema's tables by SQL name, parents before the tables that refer to them. */
function tablesOf(/** @type {Record<string, unknown>} */ schema, /** @type {any} */ kind, /** @type {any} */ config) {
	const byName = new Map();
	for (const value of Object.values(schema)) if (is(value, kind)) byName.set(getTableName(/** @type {any} */ (value)), value);
	const ordered = new Map();
	const visit = (/** @type {string} */ name) => {
		if (ordered.has(name) || notCopied.has(name)) return;
		ordered.set(name, null);
		const table = byName.get(name);
		for (const fk of config(table).foreignKeys) {
			const parent = getTableName(fk.reference().foreignTable);
			if (parent !== name) visit(parent);
		}
		ordered.delete(name);
		ordered.set(name, table);
	};
	for (const name of [...byName.keys()].sort()) visit(name);
	return ordered;
}

/** Primary key columns, to read each table in a stable order. */
function keyColumns(/** @type {any} */ table) {
	return Object.values(getTableColumns(table)).filter((column) => column.primary);
}

function moneyColumns(/** @type {any} */ table) {
	return Object.entries(getTableColumns(table)).filter(([key]) => key.endsWith('Fen'));
}

async function totals(/** @type {Side} */ side, /** @type {string} */ name) {
	const table = side.tables.get(name);
	const [row] = await side.db.select({ n: count() }).from(table);
	const sums = {};
	for (const [key, column] of moneyColumns(table)) {
		const [sum] = await side.db.select({ s: sql`coalesce(sum(${column}), 0)`.mapWith(Number) }).from(table);
		sums[key] = sum.s;
	}
	return { rows: Number(row.n), sums };
}

// The schemas import only Drizzle and each other: no SvelteKit config (and its compile step) is needed to load them.
const vite = await createServer({ root, configFile: false, server: { middlewareMode: true, hmr: false, watch: null }, appType: 'custom', logLevel: 'error' });
let exitCode = 0;
let source;
let target;
try {
	const schemas = {
		sqlite: await vite.ssrLoadModule('/src/lib/server/platform/db/schema/index.ts'),
		postgres: await vite.ssrLoadModule('/src/lib/server/platform/db/schema-postgres/index.ts')
	};
	source = await open(from, schemas);
	target = await open(to, schemas);
	for (const name of target.tables.keys()) {
		if (!source.tables.has(name)) throw new Error(`${name} is in the destination's schema but not the source's`);
		if ((await totals(target, name)).rows > 0) throw new Error(`the destination is not empty (${name} has rows): copy only into a new database`);
	}

	let copied = 0;
	await target.inTransaction(async (tx) => {
		for (const [name, table] of target.tables) {
			const from = source.tables.get(name);
			const order = keyColumns(from);
			for (let offset = 0; ; offset += batchRows) {
				const rows = await source.db.select().from(from).orderBy(...order).limit(batchRows).offset(offset);
				if (rows.length === 0) break;
				await tx.insert(table).values(rows);
				copied += rows.length;
				if (rows.length < batchRows) break;
			}
		}
		if (target.engine === 'postgres') {
			// Ids were copied as they were: new rows must be numbered after them.
			for (const [name, table] of target.tables) {
				const identity = Object.values(getTableColumns(table)).find((column) => column.primary && column.generatedIdentity);
				if (!identity) continue;
				await tx.execute(
					sql`select setval(pg_get_serial_sequence(${name}, ${identity.name}), coalesce((select max(${sql.identifier(identity.name)}) from ${sql.identifier(name)}), 0) + 1, false)`
				);
			}
		}
	});

	console.log(`Copied ${copied} rows from ${source.engine} to ${target.engine}. Checking every table:`);
	for (const name of target.tables.keys()) {
		const [a, b] = [await totals(source, name), await totals(target, name)];
		const money = Object.keys(a.sums).map((key) => `${key} ¥${(a.sums[key] / 100).toFixed(2)}${a.sums[key] === b.sums[key] ? '' : ` ≠ ¥${(b.sums[key] / 100).toFixed(2)}`}`);
		const same = a.rows === b.rows && Object.keys(a.sums).every((key) => a.sums[key] === b.sums[key]);
		if (!same) exitCode = 1;
		console.log(`  ${same ? 'ok ' : 'BAD'} ${name.padEnd(22)} ${String(a.rows).padStart(8)} rows${b.rows === a.rows ? '' : ` ≠ ${b.rows}`}${money.length ? `  ${money.join(', ')}` : ''}`);
	}
	console.log(exitCode === 0 ? 'Every row and every money total arrived.' : 'The copy differs from its source: do not switch to it.');
} catch (error) {
	console.error(`The copy failed and changed nothing in the destination: ${error instanceof Error ? error.message : error}`);
	exitCode = 1;
} finally {
	await source?.close();
	await target?.close();
	await vite.close();
}
process.exit(exitCode);
