// The project's own migrations, applied the way the app applies them, for tests that build a
// database by hand: the PostgreSQL template, the schema-parity test, the upgrade test.
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqliteFolder } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgresFolder } from 'drizzle-orm/node-postgres/migrator';
import { resolve } from 'node:path';
import pg from 'pg';

export type Engine = 'sqlite' | 'postgres';

/** drizzle/sqlite and drizzle/postgres, each with its meta/_journal.json. */
export const migrationsFolder = (engine: Engine) => resolve('drizzle', engine);

/** Applies every migration in `folder` not yet applied to the SQLite file (created if missing). */
export function migrateSqlite(file: string, folder = migrationsFolder('sqlite')): void {
	const sqlite = new Database(file);
	try {
		sqlite.pragma('foreign_keys = ON');
		migrateSqliteFolder(drizzleSqlite(sqlite), { migrationsFolder: folder });
	} finally {
		sqlite.close();
	}
}

/** Applies every migration in `folder` not yet applied to the PostgreSQL database at `url`. */
export async function migratePostgres(url: string, folder = migrationsFolder('postgres')): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await migratePostgresFolder(drizzlePostgres(client), { migrationsFolder: folder });
	} finally {
		await client.end();
	}
}
