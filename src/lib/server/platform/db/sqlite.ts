import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { queryCounter } from './query-count';
import { inTransactionScope, openTransaction, NestedTransaction, refuseInsideTransaction } from './transaction-scope';

type Handle<S extends Record<string, unknown>> = BetterSQLite3Database<S> & { $client: Database.Database };

export type SqliteDatabase<S extends Record<string, unknown>> = {
	/** Reads outside transactions; WAL lets it read while the writer holds a transaction. */
	shared: Handle<S>;
	transaction<T>(work: (tx: Handle<S>, wrote: () => Promise<boolean>) => Promise<T>): Promise<T>;
	ping(): Promise<void>;
	/** Changes whenever any connection, in any process, has committed a write since the last call gave its value. */
	changeStamp(): Promise<string>;
	close(): Promise<void>;
};

function connect(file: string, readonly = false): Database.Database {
	const client = new Database(file, { readonly });
	// The writer opens first and makes the file WAL (it stays so); a reader cannot change it.
	if (!readonly) client.pragma('journal_mode = WAL');
	client.pragma('foreign_keys = ON');
	// Another process (WORKERS=2) may hold the write lock for one short transaction.
	client.pragma('busy_timeout = 5000');
	// Stock and money tables live in this file too; FULL makes a committed sale survive a power cut.
	client.pragma('synchronous = FULL');
	return client;
}

/** Statements kept per connection: more than the app has distinct queries, so only odd one-offs come and go. */
const cachedStatements = 1000;

/**
 * Drizzle asks better-sqlite3 to prepare every statement each time it runs, and compiling the
 * SQL cost a visitor page about 8 % of its CPU (bench/profile-page.js): each connection keeps
 * what it compiled, by SQL text, and hands it out again. Drizzle switches a statement to
 * arrays with `raw()` when it maps columns itself, so a statement handed out again is set back
 * to objects first. Every statement the shared connection hands out checks first that no
 * transaction is open in this flow (`guard`).
 */
function reuseStatements(client: Database.Database, guard?: () => void): void {
	const prepare = client.prepare.bind(client);
	const statements = new Map<string, Database.Statement>();
	client.prepare = ((source: string) => {
		guard?.();
		let statement = statements.get(source);
		if (statement) {
			if (statement.reader) statement.raw(false);
			return statement;
		}
		statement = prepare(source);
		// Oldest first out: a Map iterates in insertion order.
		if (statements.size >= cachedStatements) statements.delete(statements.keys().next().value!);
		statements.set(source, statement);
		return statement;
	}) as typeof client.prepare;
}

/**
 * Opens the SQLite file twice: a writer that runs one transaction at a time and
 * a shared connection for everything else. better-sqlite3 runs a transaction
 * synchronously and cannot hold one open across an `await` (drizzle-orm #1472),
 * so transactions here are `BEGIN IMMEDIATE … COMMIT` on the writer, queued:
 * concurrent requests never share an open transaction, and a transaction takes
 * the write lock at its start, so it never fails half-way for want of it.
 * Applies pending migrations before returning; fails at once on a bad path.
 */
export function openSqlite<S extends Record<string, unknown>>(url: string, schema: S, migrationsFolder: string): SqliteDatabase<S> {
	const file = url.startsWith('file:') ? url.slice('file:'.length) : url;
	if (file === ':memory:' || file === '') throw new Error('SQLite needs a file: the writer and the shared connection open it twice');
	mkdirSync(dirname(resolve(file)), { recursive: true });
	if (!existsSync(resolve(migrationsFolder, 'meta/_journal.json'))) {
		throw new Error(`No migrations at ${migrationsFolder}: set MIGRATIONS_DIR or run from the project root`);
	}
	const writerClient = connect(file);
	reuseStatements(writerClient);
	const writer = drizzle(writerClient, { schema, logger: queryCounter }) as Handle<S>;
	migrate(writer, { migrationsFolder });
	// Read-only: a write outside transaction() would wait on the writer's lock while holding up
	// the very event loop the writer needs to finish; this way it fails at once, in any test.
	const sharedClient = connect(file, true);
	reuseStatements(sharedClient, refuseInsideTransaction);
	const shared = drizzle(sharedClient, { schema, logger: queryCounter }) as Handle<S>;
	const dataVersion = sharedClient.prepare('PRAGMA data_version').pluck();

	// Rows inserted, updated or deleted on the writer so far, triggers included; a skipped
	// `ON CONFLICT DO NOTHING` or an UPDATE that matched nothing adds none.
	const totalChanges = writerClient.prepare('SELECT total_changes()').pluck();

	let queue: Promise<unknown> = Promise.resolve();
	const runOne = async <T>(work: (tx: Handle<S>, wrote: () => Promise<boolean>) => Promise<T>): Promise<T> => {
		writerClient.exec('BEGIN IMMEDIATE');
		try {
			const before = totalChanges.get();
			const wrote = async () => totalChanges.get() !== before;
			const result = await inTransactionScope(writer, () => work(writer, wrote));
			writerClient.exec('COMMIT');
			return result;
		} catch (error) {
			if (writerClient.inTransaction) writerClient.exec('ROLLBACK');
			throw error;
		}
	};

	return {
		shared,
		transaction<T>(work: (tx: Handle<S>, wrote: () => Promise<boolean>) => Promise<T>): Promise<T> {
			if (openTransaction()) return Promise.reject(new NestedTransaction());
			// Each transaction waits for a turn of the event loop first. Its statements answer at once
			// (better-sqlite3 is synchronous), so without it a queue of hundreds ran back to back as
			// one chain of promises, and nothing else got the loop: no request was read and no
			// socket write went out (a live sale's events reached viewers seconds late, all at once).
			const result = queue.then(() => new Promise((resolve) => setImmediate(resolve))).then(() => runOne(work));
			queue = result.catch(() => undefined);
			return result;
		},
		async ping() {
			sharedClient.prepare('SELECT 1').get();
		},
		// SQLite bumps a connection's data_version when another connection commits; the shared
		// connection never writes, so every commit (this process's writer or another process's) counts.
		changeStamp: async () => String(dataVersion.get()),
		async close() {
			await queue;
			sharedClient.close();
			writerClient.close();
		}
	};
}
