import { resolve } from 'node:path';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { alias as pgAlias, type PgDatabase } from 'drizzle-orm/pg-core';
import { alias as sqliteAlias } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from './schema';
import * as pgSchema from './schema-postgres';
import { databaseUrl, engine } from './engine';
import { openSqlite } from './sqlite';
import { openPostgres } from './postgres';
import { currentWitness } from './write-witness';
import { refuseInsideTransaction } from './transaction-scope';
import { queryCounter } from './query-count';

/**
 * The one entry point to the database, for either engine. Domain code is
 * written once, against Drizzle's PostgreSQL types: they offer only what both
 * engines run when awaited (no better-sqlite3 `.get()`/`.run()`), and the
 * integration tests run every statement on both. At run time the tables and
 * handles are the engine's own.
 */
export type Schema = typeof pgSchema;
/** A handle for statements: the shared one (`db`) or a transaction's (`tx`). Transactions open only through `transaction()`. */
export type Tx = Omit<PgDatabase<NodePgQueryResultHKT, Schema>, 'transaction'>;

/** Where the generated SQL migrations live (one folder per engine); the server runs from the project root. */
const migrationsFolder = resolve(process.env.MIGRATIONS_DIR ?? 'drizzle', engine);

const opened =
	engine === 'postgres'
		? openPostgres(databaseUrl, pgSchema)
		: openSqlite(databaseUrl, sqliteSchema, migrationsFolder);

/** Reads (and writes that need no transaction) outside any transaction; inside one it throws: use `tx`. */
export const db = opened.shared as unknown as Tx;

/**
 * Runs `work` in one transaction and hands it `tx`; every helper that must
 * commit or fail with its caller takes that `tx`. On PostgreSQL `work` may run
 * again after a serialization failure or a deadlock, so it must do nothing
 * but database work (files, events and timers go after the commit). The
 * idempotency claim of the current request, if any, is marked committed in
 * the same transaction when it changed a row, so a crash never leaves a key half-done.
 */
export function transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
	return opened.transaction(async (handle, wrote) => {
		const tx = handle as unknown as Tx;
		const result = await work(tx);
		// Only a transaction that changed a row witnesses the write: one that checked and
		// changed nothing must not leave a refused write looking done after a crash.
		const witness = currentWitness();
		if (witness && (await wrote())) await witness.record(tx);
		return result;
	});
}

/**
 * A value that changes whenever anyone, in any process, has committed a write: a copy of what the
 * database said (a rendered page) made under one stamp is still true while the stamp is the same.
 */
export function changeStamp(): Promise<string> {
	queryCounter?.logQuery('change stamp', []);
	return opened.changeStamp();
}

/**
 * Runs `work` with its reads (on `db`) on connections kept apart from the requests', so a rush of
 * writes never queues them: for work whose delay every viewer feels, such as a live sale's stream.
 * SQLite reads never queue (the shared connection answers at once), so there it just runs `work`.
 */
export function onOwnConnections<T>(work: () => Promise<T>): Promise<T> {
	return engine === 'postgres' ? (opened as ReturnType<typeof openPostgres>).onOwnConnections(work) : work();
}

/** Applies pending migrations (SQLite did at open); several processes starting at once apply them once. */
export async function migrateDatabase(): Promise<void> {
	if (engine === 'postgres') await (opened as ReturnType<typeof openPostgres>).migrate(migrationsFolder);
}

/** Answers when the database does: for /api/health. */
export function pingDatabase(): Promise<void> {
	return opened.ping();
}

export function closeDatabase(): Promise<void> {
	return opened.close();
}

/**
 * Makes concurrent transactions that name the same thing take turns until the
 * first commits: a check-then-write (an allowance, a turn) stays exact. SQLite
 * already runs one transaction at a time; PostgreSQL takes an advisory lock.
 */
export async function lockFor(tx: Tx, name: string): Promise<void> {
	if (engine === 'postgres') await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`);
}

/** Rows of a raw SQL query, for the few statements the query builder cannot say. */
export async function queryRows<T>(handle: Tx, query: SQL): Promise<T[]> {
	if (engine === 'postgres') return (await handle.execute(query)).rows as T[];
	return (handle as unknown as { all(query: SQL): T[] }).all(query);
}

/**
 * `exists (subquery)` as a value in a select list, probed by index for each row shown. In a select
 * list PostgreSQL plans a correlated EXISTS with a hashed alternative (the whole subquery table read
 * into a hash) and picks it by the rows it expects below the LIMIT: a feed page of 21 from a village
 * of 30,000 notices read every membership and every poll. It never hashes (nor pulls up) an EXISTS
 * whose subquery has an OFFSET (simplify_EXISTS_query), and OFFSET 0 changes no answer. SQLite
 * probes by index anyway, and takes an OFFSET only after a LIMIT: hence `limit 1 offset 0`.
 * Keep plain `exists()` in a WHERE, where PostgreSQL turns it into a semi-join it costs properly.
 */
export function existsPerRow(subquery: SQLWrapper): SQL<number | boolean> {
	return sql<number | boolean>`exists (${subquery.getSQL()} limit 1 offset 0)`;
}

/** What `.prepare(name)` of a select gives on either engine: run it with the placeholders' values. */
type PreparableQuery<R> = { prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> } };

/**
 * A read most pages make, built and prepared once per process on first use instead of on
 * every request: building the SQL of a feed page cost twice what running it did. `build`
 * names its inputs with `sql.placeholder('name')`; the result takes their values. On
 * SQLite it runs on the shared connection, so like any shared read it is refused inside a
 * transaction (use `tx` there); on PostgreSQL each pooled connection prepares it once under
 * `name`, which must be unique.
 */
export function preparedRead<V extends Record<string, unknown>, R>(name: string, build: () => PreparableQuery<R>): (values: V) => Promise<R> {
	let prepared: ReturnType<PreparableQuery<R>['prepare']> | undefined;
	return (values) => {
		refuseInsideTransaction();
		prepared ??= build().prepare(name);
		return prepared.execute(values);
	};
}

/** A second name for a table in one query (a self-join), in the engine's dialect. */
export const alias = (engine === 'postgres' ? pgAlias : sqliteAlias) as typeof pgAlias;

const tables = (engine === 'postgres' ? pgSchema : sqliteSchema) as unknown as Schema;

export const {
	users,
	sessions,
	trustedDevices,
	throttleEvents,
	auditLog,
	idempotentRequests,
	products,
	productPhotos,
	cartItems,
	teams,
	orders,
	orderLines,
	orderEvents,
	reviews,
	liveSales,
	liveItems,
	liveBuyerTotals,
	liveOrders,
	liveMoments,
	liveComments,
	liveMutes,
	liveReminders,
	liveEvents,
	liveViewerCounts,
	qaCrops,
	experts,
	expertCrops,
	expertTopics,
	qaQuestions,
	qaQuestionPhotos,
	qaAnswers,
	qaAnswerPhotos,
	qaEdits,
	qaVotes,
	qaMeToos,
	qaReports,
	qaAlerts,
	qaAlertQuestions,
	qaAlertNotices,
	charityProjects,
	charityProjectPhotos,
	charityGifts,
	charityDisbursements,
	charityReceiptPhotos,
	charityObjections,
	ledgerEntries,
	ledgerKeys,
	notifications,
	photos,
	notices,
	noticeVersions,
	noticePhotos,
	disclosureRows,
	noticeReads,
	noticeComments,
	commentReports,
	polls,
	pollOptions,
	pollVotes,
	letters,
	letterMessages,
	villages,
	memberships,
	joinCodes,
	searchEntries,
	jobs,
	serverProcesses
} = tables;

export type * from './schema-postgres';
export { engine, databaseUrl } from './engine';
export { recordWriteResult, unwitnessed, withWriteWitness, type WriteWitness } from './write-witness';
