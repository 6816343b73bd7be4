// Read-only access to the e2e server's database, to check what the server stored.
import Database from 'better-sqlite3';
import { inject } from 'vitest';

export function readDatabase<T>(query: (db: Database.Database) => T): T {
	const db = new Database(inject('databasePath'), { readonly: true, fileMustExist: true });
	try {
		return query(db);
	} finally {
		db.close();
	}
}

/** A username no other test uses. */
export function uniqueName(prefix: string): string {
	return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

/** Changes the e2e server's database behind its back, as time or an operator would (e.g. expiring sessions). */
export function writeDatabase<T>(change: (db: Database.Database) => T): T {
	const db = new Database(inject('databasePath'), { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		return change(db);
	} finally {
		db.close();
	}
}
