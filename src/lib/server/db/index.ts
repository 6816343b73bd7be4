import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema';
import { witnessWrites } from './write-witness';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Where the generated SQL migrations live (one folder per engine); the server runs from the project root. */
const migrationsFolder = resolve(process.env.MIGRATIONS_DIR ?? 'drizzle', 'sqlite');

/**
 * Opens (and creates) the SQLite file, sets the pragmas every connection needs,
 * and applies pending migrations. Throws at once on a bad path or a broken
 * migration folder rather than serving requests against a half-made database.
 */
export function openDatabase(url: string): Db {
	const file = url.startsWith('file:') ? url.slice('file:'.length) : url;
	if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
	if (!existsSync(resolve(migrationsFolder, 'meta/_journal.json'))) {
		throw new Error(`No migrations at ${migrationsFolder}: set MIGRATIONS_DIR or run from the project root`);
	}
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// Stock and money tables live in this file too; FULL makes a committed sale survive a power cut.
	sqlite.pragma('synchronous = FULL');
	const db = drizzle(sqlite, { schema });
	migrate(db, { migrationsFolder });
	witnessWrites(sqlite);
	return db;
}

export const databaseUrl = process.env.DATABASE_URL || './data/village-square.db';

export const db: Db = openDatabase(databaseUrl);

export * from './schema';
export { recordWriteResult, unwitnessed, withWriteWitness, type WriteWitness } from './write-witness';
