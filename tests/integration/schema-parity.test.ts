// The SQLite and PostgreSQL schemas must not drift apart: a fresh database of each, migrated by
// its own folder (drizzle/sqlite, drizzle/postgres), is read back from the engine's catalog and
// turned into one line per fact (a column with its meaning, nullability and default; a key; a
// check; an index). Any line that only one engine has fails the test and is printed.
// Runs in the integration-postgres project only (vite.config.ts): it needs the server.
import Database from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { getTableConfig as getPgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as postgresSchema from '$lib/server/platform/db/schema-postgres';
import * as sqliteSchema from '$lib/server/platform/db/schema';
import { migrateSqlite } from './migrations';

/**
 * Each engine's own full-text index over search_entries (platform/search.ts), by name: on
 * SQLite the FTS5 table (drizzle/sqlite/0010), its shadow tables and the triggers that fill
 * it; on PostgreSQL the generated tsvector columns (all fields, the title alone) and their GIN indexes,
 * and the ledger's refusal of TRUNCATE (SQLite has none).
 */
const SQLITE_ONLY = /^search_fts(_|$)|^search_entries_(insert|update|delete)$/;
const POSTGRES_ONLY = /\bsearch_entries\.(title_)?document\b|\bsearch_entries_(title_)?document_idx\b|\bledger_entries_no_truncate\b/;

/** What a column holds, whatever the engine stores it as. */
type Meaning = 'integer' | 'timestamp' | 'boolean' | 'text' | 'json' | 'bytes';

/** Drizzle's column classes (column.columnType) for each meaning. */
const sqliteMeanings: Record<string, Meaning> = {
	SQLiteInteger: 'integer',
	SQLiteTimestamp: 'timestamp',
	SQLiteBoolean: 'boolean',
	SQLiteText: 'text',
	SQLiteTextJson: 'json',
	SQLiteBlobBuffer: 'bytes'
};
const postgresMeanings: Record<string, Meaning> = {
	integer: 'integer',
	// Milliseconds, like SQLite's timestamp_ms, in UTC.
	'timestamp (3) with time zone': 'timestamp',
	boolean: 'boolean',
	text: 'text',
	jsonb: 'json',
	bytea: 'bytes'
};

/** The live types that may hold each meaning: SQLite's declared type, PostgreSQL's data_type(precision). */
const sqliteStorage: Record<Meaning, string> = {
	integer: 'integer',
	timestamp: 'integer',
	boolean: 'integer',
	text: 'text',
	json: 'text',
	bytes: 'blob'
};
const postgresStorage: Record<Meaning, string> = {
	integer: 'integer',
	timestamp: 'timestamp with time zone(3)',
	boolean: 'boolean',
	text: 'text',
	json: 'jsonb',
	bytes: 'bytea'
};

type DrizzleColumns = Map<string, Map<string, { meaning: string; values: string }>>;

/** Each table's columns and their meaning, from a Drizzle schema module. */
function drizzleColumns(engine: 'sqlite' | 'postgres'): DrizzleColumns {
	const tables: DrizzleColumns = new Map();
	for (const value of Object.values(engine === 'sqlite' ? sqliteSchema : postgresSchema)) {
		let config: { name: string; columns: { name: string; columnType: string; enumValues?: string[]; getSQLType(): string }[] } | undefined;
		if (engine === 'sqlite' && is(value, SQLiteTable)) config = getSqliteTableConfig(value);
		if (engine === 'postgres' && is(value, PgTable)) config = getPgTableConfig(value);
		if (!config) continue;
		const columns = new Map<string, { meaning: string; values: string }>();
		for (const column of config.columns) {
			const meaning =
				engine === 'sqlite' ? sqliteMeanings[column.columnType] : (postgresMeanings[column.getSQLType()] ?? undefined);
			// Neither engine keeps a text column's allowed values (no CHECK): the app's types do, in both schemas alike.
			const values = column.enumValues?.length ? ` (one of ${column.enumValues.join(', ')})` : '';
			columns.set(column.name, meaning ? { meaning, values } : { meaning: `unknown (Drizzle ${column.columnType} ${column.getSQLType()})`, values: '' });
		}
		tables.set(config.name, columns);
	}
	return tables;
}

/** One live column as the catalog tells it, before it is described. */
type LiveColumn = { table: string; name: string; storage: string; notNull: boolean; default: string | null; generated: boolean };

/** The column's line: its meaning from Drizzle, checked against what the engine stores. */
function columnFact(column: LiveColumn, drizzle: DrizzleColumns, storage: Record<Meaning, string>, normaliseDefault: (value: string, meaning: string) => string): string {
	const { meaning, values } = drizzle.get(column.table)?.get(column.name) ?? { meaning: 'not in the Drizzle schema', values: '' };
	const fits = (storage as Record<string, string | undefined>)[meaning] === column.storage;
	const type = (fits ? meaning : `${meaning}, stored as ${column.storage}`) + values;
	const nullability = column.notNull ? ' not null' : '';
	const defaultValue = column.default === null ? '' : ` default ${normaliseDefault(column.default, meaning)}`;
	return `column ${column.table}.${column.name}: ${type}${nullability}${defaultValue}${column.generated ? ' generated' : ''}`;
}

/** Strips the outer parentheses SQLite keeps around a default expression. */
function unwrap(text: string): string {
	let value = text.trim();
	while (value.startsWith('(') && value.endsWith(')') && balanced(value.slice(1, -1))) value = value.slice(1, -1).trim();
	return value;
}

function balanced(text: string): boolean {
	let depth = 0;
	for (const character of text) {
		if (character === '(') depth++;
		if (character === ')' && --depth < 0) return false;
	}
	return depth === 0;
}

function sqliteDefault(value: string, meaning: string): string {
	const text = unwrap(value);
	if (text === "unixepoch('subsec') * 1000") return 'the current time';
	if (meaning === 'boolean' && (text === '0' || text === '1')) return text === '1' ? 'true' : 'false';
	return text;
}

function postgresDefault(value: string): string {
	// 'zh-CN'::text and '[]'::jsonb: a cast of a literal to the column's own type.
	const text = unwrap(value).replace(/^('(?:[^']|'')*')::[a-z ]+$/, '$1');
	if (text === 'now()' || text === 'CURRENT_TIMESTAMP') return 'the current time';
	return text;
}

/** The expression's text with a table's own name taken off its columns ("products"."stock" → stock). */
function unqualified(expression: string, table: string): string {
	return expression.replace(new RegExp(`(["\`]?)${table}\\1\\.`, 'g'), '');
}

/**
 * Both engines' CHECK and partial-index expressions, written by PostgreSQL's own deparser:
 * each is set as a CHECK on a scratch copy of the PostgreSQL table and read back, so
 * `"products"."stock" >= 0` and `(stock >= 0)` come out the same. An expression PostgreSQL
 * cannot read (an SQLite-only function, a missing column) comes back as it was, with the reason.
 */
async function canonical(client: pg.Client, table: string, expression: string): Promise<string> {
	const text = unqualified(expression, table);
	await client.query('BEGIN');
	try {
		await client.query(`CREATE TEMP TABLE parity_probe (LIKE public."${table}") ON COMMIT DROP`);
		await client.query(`ALTER TABLE parity_probe ADD CONSTRAINT parity_probe_check CHECK (${text})`);
		const { rows } = await client.query<{ definition: string }>(
			`SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'parity_probe'::regclass AND conname = 'parity_probe_check'`
		);
		return rows[0].definition.replace(/^CHECK /, '');
	} catch (error) {
		return `${text} (PostgreSQL cannot read it: ${(error as Error).message})`;
	} finally {
		await client.query('ROLLBACK');
	}
}

/** The index's columns in order, with DESC where the order is reversed. */
const columnList = (columns: string[]) => `(${columns.join(', ')})`;

/** Every fact of the SQLite file's schema. */
async function sqliteFacts(file: string, client: pg.Client): Promise<{ facts: string[]; exceptions: string[] }> {
	const sqlite = new Database(file, { readonly: true });
	const drizzle = drizzleColumns('sqlite');
	const facts: string[] = [];
	const exceptions: string[] = [];
	try {
		const objects = sqlite
			.prepare(`SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations' ORDER BY name`)
			.all() as { type: string; name: string; tableName: string; sql: string | null }[];
		for (const object of objects) {
			if (SQLITE_ONLY.test(object.name)) {
				exceptions.push(`${object.type} ${object.name}`);
				continue;
			}
			if (object.type === 'trigger') facts.push(`trigger ${object.name} on ${object.tableName}`);
			if (object.type !== 'table') continue;
			const table = object.name;
			const createSql = object.sql ?? '';
			facts.push(`table ${table}`);

			const columns = sqlite.pragma(`table_info("${table}")`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
			const primaryKey = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
			for (const column of columns) {
				// An INTEGER PRIMARY KEY is the rowid: SQLite numbers new rows itself, never reusing a number with AUTOINCREMENT.
				const rowid = primaryKey.length === 1 && column.pk === 1 && column.type.toLowerCase() === 'integer';
				const autoincrement = rowid && /\bAUTOINCREMENT\b/i.test(createSql);
				const live: LiveColumn = { table, name: column.name, storage: column.type.toLowerCase(), notNull: column.notnull === 1, default: column.dflt_value, generated: autoincrement };
				facts.push(columnFact(live, drizzle, sqliteStorage, sqliteDefault) + (rowid && !autoincrement ? ' (rowid, may reuse ids)' : ''));
			}
			if (primaryKey.length > 0) facts.push(`primary key ${table} ${columnList(primaryKey.map((column) => column.name))}`);

			for (const check of checkClauses(createSql)) facts.push(`check ${check.name} on ${table}: ${await canonical(client, table, check.expression)}`);

			const foreignKeys = sqlite.pragma(`foreign_key_list("${table}")`) as { id: number; seq: number; table: string; from: string; to: string; on_update: string; on_delete: string }[];
			for (const id of new Set(foreignKeys.map((key) => key.id))) {
				const parts = foreignKeys.filter((key) => key.id === id).sort((a, b) => a.seq - b.seq);
				const { table: target, on_delete: onDelete, on_update: onUpdate } = parts[0];
				facts.push(
					`foreign key ${table} ${columnList(parts.map((part) => part.from))} → ${target} ${columnList(parts.map((part) => part.to))} on delete ${onDelete.toLowerCase()} on update ${onUpdate.toLowerCase()}`
				);
			}

			const indexes = sqlite.pragma(`index_list("${table}")`) as { name: string; unique: number; origin: string; partial: number }[];
			for (const index of indexes) {
				if (index.origin === 'pk') continue; // the primary key, above
				const keyColumns = (sqlite.pragma(`index_xinfo("${index.name}")`) as { seqno: number; cid: number; name: string | null; desc: number; key: number }[])
					.filter((column) => column.key === 1)
					.sort((a, b) => a.seqno - b.seqno)
					.map((column) => (column.cid === -2 ? '<expression>' : (column.name ?? '?')) + (column.desc ? ' desc' : ''));
				const indexSql = (sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(index.name) as { sql: string | null } | undefined)?.sql ?? '';
				const where = index.partial ? ` where ${await canonical(client, table, indexSql.slice(indexSql.search(/\bWHERE\b/i) + 'WHERE'.length).trim())}` : '';
				facts.push(`${index.unique ? 'unique' : 'index'} ${index.name} on ${table} ${columnList(keyColumns)}${where}`);
			}
		}
	} finally {
		sqlite.close();
	}
	return { facts, exceptions };
}

/** The CHECK clauses in a CREATE TABLE statement, named or not. */
function checkClauses(createSql: string): { name: string; expression: string }[] {
	const clauses: { name: string; expression: string }[] = [];
	for (const match of createSql.matchAll(/(?:CONSTRAINT\s+["`]?(\w+)["`]?\s+)?CHECK\s*\(/gi)) {
		const start = (match.index ?? 0) + match[0].length;
		let depth = 1;
		let end = start;
		while (end < createSql.length && depth > 0) {
			if (createSql[end] === '(') depth++;
			if (createSql[end] === ')') depth--;
			end++;
		}
		clauses.push({ name: match[1] ?? '(unnamed)', expression: createSql.slice(start, end - 1) });
	}
	return clauses;
}

/** PostgreSQL's one-letter foreign key actions (pg_constraint.confdeltype). */
const postgresActions: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/** Every fact of the PostgreSQL database's schema (schema public). */
async function postgresFacts(client: pg.Client): Promise<string[]> {
	const drizzle = drizzleColumns('postgres');
	const facts: string[] = [];

	const tables = await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
	for (const { name } of tables.rows) facts.push(`table ${name}`);

	const columns = await client.query<{ table: string; name: string; type: string; precision: number | null; nullable: string; default: string | null; identity: string }>(
		`SELECT table_name AS table, column_name AS name, data_type AS type, datetime_precision AS precision, is_nullable AS nullable, column_default AS default, is_identity AS identity
		 FROM information_schema.columns WHERE table_schema = 'public'`
	);
	for (const column of columns.rows) {
		const serial = column.default?.startsWith('nextval(') ?? false;
		const storage = column.type.startsWith('timestamp') ? `${column.type}(${column.precision})` : column.type;
		const live: LiveColumn = { table: column.table, name: column.name, storage, notNull: column.nullable === 'NO', default: serial ? null : column.default, generated: column.identity === 'YES' || serial };
		facts.push(columnFact(live, drizzle, postgresStorage, postgresDefault));
	}

	// Constraints: NOT NULL ones (PostgreSQL 18 lists them here too) are in the column lines.
	const constraints = await client.query<{ name: string; kind: string; table: string; columns: string[]; target: string | null; targetColumns: string[]; onDelete: string; onUpdate: string; definition: string }>(
		`SELECT c.conname AS name, c.contype AS kind, t.relname AS table,
			ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.i) AS columns,
			r.relname AS target,
			ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.i) AS "targetColumns",
			c.confdeltype AS "onDelete", c.confupdtype AS "onUpdate", pg_get_constraintdef(c.oid) AS definition
		 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_class r ON r.oid = c.confrelid
		 WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'c', 'f')`
	);
	for (const constraint of constraints.rows) {
		if (constraint.kind === 'p') facts.push(`primary key ${constraint.table} ${columnList(constraint.columns)}`);
		// SQLite has no unique constraint apart from its index: both are a unique index here.
		if (constraint.kind === 'u') facts.push(`unique ${constraint.name} on ${constraint.table} ${columnList(constraint.columns)}`);
		if (constraint.kind === 'c') facts.push(`check ${constraint.name} on ${constraint.table}: ${await canonical(client, constraint.table, constraint.definition.replace(/^CHECK /, ''))}`);
		if (constraint.kind === 'f') {
			facts.push(
				`foreign key ${constraint.table} ${columnList(constraint.columns)} → ${constraint.target} ${columnList(constraint.targetColumns)} on delete ${postgresActions[constraint.onDelete]} on update ${postgresActions[constraint.onUpdate]}`
			);
		}
	}

	const indexes = await client.query<{ name: string; table: string; unique: boolean; predicate: string | null; columns: string[] }>(
		`SELECT i.relname AS name, t.relname AS table, x.indisunique AS unique, pg_get_expr(x.indpred, x.indrelid) AS predicate,
			ARRAY(SELECT CASE WHEN k.attnum = 0 THEN '<expression>' ELSE a.attname::text END || CASE WHEN (x.indoption[k.i - 1] & 1) = 1 THEN ' desc' ELSE '' END
				FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, i) LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
				WHERE k.i <= x.indnkeyatts ORDER BY k.i) AS columns
		 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		 WHERE n.nspname = 'public'
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x'))`
	);
	for (const index of indexes.rows) {
		const where = index.predicate === null ? '' : ` where ${await canonical(client, index.table, index.predicate)}`;
		facts.push(`${index.unique ? 'unique' : 'index'} ${index.name} on ${index.table} ${columnList(index.columns)}${where}`);
	}

	const triggers = await client.query<{ name: string; table: string }>(
		`SELECT g.tgname AS name, t.relname AS table FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
		 WHERE n.nspname = 'public' AND NOT g.tgisinternal`
	);
	for (const trigger of triggers.rows) facts.push(`trigger ${trigger.name} on ${trigger.table}`);

	return facts;
}

/** The Drizzle tables and columns that the live database lacks: a schema edited without generating its migration. */
function missingFromDatabase(facts: string[], engine: 'sqlite' | 'postgres'): string[] {
	const missing: string[] = [];
	for (const [table, columns] of drizzleColumns(engine)) {
		if (!facts.includes(`table ${table}`)) missing.push(`table ${table}`);
		else for (const column of columns.keys()) if (!facts.some((fact) => fact.startsWith(`column ${table}.${column}:`))) missing.push(`column ${table}.${column}`);
	}
	return missing;
}

const databaseUrl = process.env.DATABASE_URL ?? '';
if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
	throw new Error('schema-parity compares SQLite with PostgreSQL: run it with `--project integration-postgres`, which gives each file a PostgreSQL database.');
}

describe('the SQLite and PostgreSQL schemas', () => {
	const dir = mkdtempSync(join(tmpdir(), 'village-square-parity-'));
	const client = new pg.Client({ connectionString: databaseUrl });
	let sqlite: { facts: string[]; exceptions: string[] };
	let postgres: string[];

	beforeAll(async () => {
		const file = join(dir, 'parity.db');
		migrateSqlite(file);
		// This file's database is a copy of one migrated by drizzle/postgres (postgres/global-setup.ts).
		await client.connect();
		sqlite = await sqliteFacts(file, client);
		postgres = await postgresFacts(client);
	});

	afterAll(async () => {
		await client.end();
		rmSync(dir, { recursive: true, force: true });
	});

	test('have the same tables, columns (meaning, nullability, default), keys, checks, foreign keys, indexes and triggers', () => {
		const onlyOnSqlite = sqlite.facts.filter((fact) => !postgres.includes(fact)).sort();
		const onlyOnPostgres = postgres.filter((fact) => !sqlite.facts.includes(fact) && !POSTGRES_ONLY.test(fact)).sort();
		expect({ onlyOnSqlite, onlyOnPostgres }).toEqual({ onlyOnSqlite: [], onlyOnPostgres: [] });
		// The comparison saw the schema, not two empty lists.
		expect(sqlite.facts.filter((fact) => fact.startsWith('table ')).length).toBeGreaterThan(10);
	});

	test('each has every table and column of its Drizzle schema: none was edited without its migration', () => {
		expect({ sqlite: missingFromDatabase(sqlite.facts, 'sqlite'), postgres: missingFromDatabase(postgres, 'postgres') }).toEqual({ sqlite: [], postgres: [] });
	});

	test('the exceptions (each engine’s search index) are still there, so the lists of exceptions stay honest', () => {
		expect(sqlite.exceptions).toEqual(expect.arrayContaining(['table search_fts', 'trigger search_entries_insert']));
		expect(postgres.filter((fact) => POSTGRES_ONLY.test(fact)).length).toBeGreaterThanOrEqual(2);
		expect(postgres.filter((fact) => /search_fts/.test(fact))).toEqual([]);
	});
});
