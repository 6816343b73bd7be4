import pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AsyncLocalStorage } from 'node:async_hooks';
import { queryCounter } from './query-count';
import { inTransactionScope, openTransaction, NestedTransaction, refuseInsideTransaction } from './transaction-scope';

type Handle<S extends Record<string, unknown>> = NodePgDatabase<S> & { $client: pg.Pool };

export type PostgresDatabase<S extends Record<string, unknown>> = {
	shared: Handle<S>;
	pool: pg.Pool;
	transaction<T>(work: (tx: Handle<S>, wrote: () => Promise<boolean>) => Promise<T>): Promise<T>;
	migrate(migrationsFolder: string): Promise<void>;
	ping(): Promise<void>;
	/** Changes whenever any session on the server has committed a write since the last call gave its value. */
	changeStamp(): Promise<string>;
	/** Runs `work` with its shared reads on connections of their own, never queued behind the requests'. */
	onOwnConnections<T>(work: () => Promise<T>): Promise<T>;
	close(): Promise<void>;
};

/**
 * count(*) and sum() of integers are int8, which node-postgres hands over as
 * strings to keep precision. Our counts and fen sums stay far below 2^53, and
 * SQLite gives numbers: the same numbers here keep the domain code one. Set on
 * the driver itself: Drizzle asks it for every type it does not parse itself.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

/** serialization_failure and deadlock_detected: the transaction did nothing and may simply run again. */
const retryable = new Set(['40001', '40P01']);
const maxAttempts = 5;

function isRetryable(error: unknown): boolean {
	for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		if (retryable.has((e as { code?: string }).code ?? '')) return true;
	}
	return false;
}

/** Any number: the migrations of every process take the same lock, so only one applies them. */
const MIGRATION_LOCK = 7_391_202_612;

export function openPostgres<S extends Record<string, unknown>>(url: string, schema: S): PostgresDatabase<S> {
	const pool = new pg.Pool({
		connectionString: url,
		max: Number(process.env.DATABASE_POOL_SIZE) || 10,
		// A server that restarts or a proxy that drops idle links must not take the process down.
		idleTimeoutMillis: 30_000
	});
	pool.on('error', (error) => console.error('PostgreSQL idle client error:', error.message));
	// A few connections apart for reads that must not wait behind a rush of requests: a live
	// sale's stream is read once for thousands of viewers, and 200 buyers queued for the pool
	// would otherwise hold every viewer's next event back by seconds. Opened on first use.
	let lanePool: pg.Pool | undefined;
	let closed = false;
	const lane = new AsyncLocalStorage<true>();
	const ownConnections = () => {
		// After close none: a late timer's read goes to the ended pool and fails, instead of opening a pool nothing ends.
		if (closed) return undefined;
		if (!lanePool) {
			lanePool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 30_000, application_name: 'village-square-lane' });
			lanePool.on('error', (error) => console.error('PostgreSQL idle client error:', error.message));
		}
		return lanePool;
	};
	// Transactions run on a client checked out of the pool; statements on the pool itself are the shared handle's.
	const query = pool.query.bind(pool);
	pool.query = ((...args: Parameters<typeof query>) => {
		refuseInsideTransaction();
		const own = lane.getStore() ? ownConnections() : undefined;
		if (own) return (own.query as typeof query).apply(own, args);
		return query(...args);
	}) as typeof pool.query;
	const shared = drizzle(pool, { schema, logger: queryCounter }) as Handle<S>;

	return {
		shared,
		pool,
		async transaction<T>(work: (tx: Handle<S>, wrote: () => Promise<boolean>) => Promise<T>): Promise<T> {
			if (openTransaction()) throw new NestedTransaction();
			for (let attempt = 1; ; attempt++) {
				try {
					return await shared.transaction((tx) => {
						// PostgreSQL gives a transaction its id at its first write (a row locked counts); none yet, nothing written.
						const wrote = async () =>
							(await tx.execute<{ wrote: boolean }>(sql`SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS wrote`)).rows[0].wrote;
						return inTransactionScope(tx, () => work(tx as unknown as Handle<S>, wrote));
					});
				} catch (error) {
					if (attempt >= maxAttempts || !isRetryable(error)) throw error;
					// Spread the retries so the two sides of a deadlock do not meet again at once.
					await sleep(Math.random() * 10 * 2 ** attempt);
				}
			}
		},
		async migrate(migrationsFolder: string) {
			if (!existsSync(resolve(migrationsFolder, 'meta/_journal.json'))) {
				throw new Error(`No migrations at ${migrationsFolder}: set MIGRATIONS_DIR or run from the project root`);
			}
			const client = await pool.connect();
			try {
				await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
				await migrate(drizzle(client), { migrationsFolder });
			} finally {
				await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
				client.release();
			}
		},
		async ping() {
			await query('SELECT 1');
		},
		// Every commit that wrote appends to the write-ahead log, so its insert position moves (so
		// does other upkeep, such as a checkpoint: a change seen too often only costs a fresh read).
		async changeStamp() {
			return (await query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0].lsn;
		},
		onOwnConnections(work) {
			return lane.run(true, work);
		},
		async close() {
			closed = true;
			await Promise.all([pool.end(), lanePool?.end()]);
		}
	};
}
