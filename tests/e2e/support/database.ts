// Access to the e2e server's database: to check what the server stored, and to change it behind
// its back as time or an operator would (expiring sessions, selling out stock). The server is on
// SQLite (the `e2e` project) or PostgreSQL (`e2e-postgres`), so write SQL both engines read alike:
// `?` placeholders, `true`/`false`, Date parameters for timestamps, no engine-only functions.
import Database from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';

export type Run = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => Promise<T[]>;

interface Connection {
	run: Run;
	close(): Promise<void>;
}

const isPostgres = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** count(*) is int8, which pg hands back as a string: make it the number SQLite gives. */
const postgresTypes = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser
};

/** `?` → `$1, $2, …`, leaving quoted text alone. */
function numberedPlaceholders(sql: string): string {
	let n = 0;
	return sql.replace(/'(?:[^']|'')*'|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}

async function connect(writable: boolean): Promise<Connection> {
	const url = inject('databaseUrl');
	if (isPostgres(url)) {
		const client = new pg.Client({ connectionString: url, types: postgresTypes });
		await client.connect();
		return {
			run: async <T>(sql: string, ...params: unknown[]) => (await client.query(numberedPlaceholders(sql), params)).rows as T[],
			close: () => client.end()
		};
	}
	const db = new Database(url, { readonly: !writable, fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	// The app stores timestamps as milliseconds and booleans as 0/1 on SQLite.
	const bindable = (value: unknown) => (value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value);
	return {
		run: async <T>(sql: string, ...params: unknown[]) => {
			const statement = db.prepare(sql);
			const values = params.map(bindable);
			return (statement.reader ? statement.all(...values) : (statement.run(...values), [])) as T[];
		},
		close: async () => {
			db.close();
		}
	};
}

/** The rows one statement reads. */
export async function queryRows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]> {
	const connection = await connect(false);
	try {
		return await connection.run<T>(sql, ...params);
	} finally {
		await connection.close();
	}
}

/** The first row one statement reads; throws when there is none. */
export async function queryRow<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T> {
	const [row] = await queryRows<T>(sql, ...params);
	if (row === undefined) throw new Error(`No row for: ${sql}`);
	return row;
}

/** The `n` one counting statement reads, e.g. `SELECT count(*) AS n FROM notices`. */
export async function countRows(sql: string, ...params: unknown[]): Promise<number> {
	return (await queryRow<{ n: number }>(sql, ...params)).n;
}

/** Changes made together: every statement `run` runs commits at once, or none does. */
export async function changeDatabase<T>(work: (run: Run) => Promise<T>): Promise<T> {
	const connection = await connect(true);
	try {
		await connection.run(isPostgres(inject('databaseUrl')) ? 'BEGIN' : 'BEGIN IMMEDIATE');
		try {
			const result = await work(connection.run);
			await connection.run('COMMIT');
			return result;
		} catch (error) {
			await connection.run('ROLLBACK');
			throw error;
		}
	} finally {
		await connection.close();
	}
}

/** A username no other test uses. */
export function uniqueName(prefix: string): string {
	return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

// ---- SQLite only, synchronous: for the files that run in the `e2e` project alone. A file that
// also runs on PostgreSQL (`e2e-postgres`) uses queryRows/changeDatabase above.

export function readDatabase<T>(query: (db: Database.Database) => T): T {
	const db = new Database(sqliteOnly(), { readonly: true, fileMustExist: true });
	try {
		return query(db);
	} finally {
		db.close();
	}
}

export function writeDatabase<T>(change: (db: Database.Database) => T): T {
	const db = new Database(sqliteOnly(), { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		return change(db);
	} finally {
		db.close();
	}
}

function sqliteOnly(): string {
	const url = inject('databaseUrl');
	if (isPostgres(url)) throw new Error('readDatabase/writeDatabase read SQLite only: use queryRows/changeDatabase in a file that runs on PostgreSQL');
	return url;
}
