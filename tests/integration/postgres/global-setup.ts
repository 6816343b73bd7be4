// One PostgreSQL for the whole `integration-postgres` run, with one database migrated by
// drizzle/postgres that every test file copies (setup-database.ts): a copy takes a fraction of
// a second, migrating anew for each file takes longer.
import type { TestProject } from 'vitest/node';
import { createDatabase, dropDatabasesNamed, startPostgres } from '../../../scripts/postgres-server.js';
import { migratePostgres } from '../migrations';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A superuser's postgres:// URL, for CREATE DATABASE. */
		postgresAdminUrl: string;
		/** The migrated database each test file's own database is copied from. */
		postgresTemplate: string;
		/** Every database of this run is named with it, so teardown finds them all. */
		postgresDatabasePrefix: string;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const server = await startPostgres();
	// Unique, so two runs against one TEST_DATABASE_URL server never share a database.
	const prefix = `village_square_run_${process.pid}_${Date.now().toString(36)}_`;
	const template = `${prefix}template`;
	try {
		await migratePostgres(await createDatabase(server.url, { name: template }));
	} catch (error) {
		await dropDatabasesNamed(server.url, prefix).catch(() => {});
		await server.stop();
		throw error;
	}

	project.provide('postgresAdminUrl', server.url);
	project.provide('postgresTemplate', template);
	project.provide('postgresDatabasePrefix', prefix);

	return async function teardown() {
		// A server of our own goes whole; on TEST_DATABASE_URL's, leave nothing behind.
		try {
			await dropDatabasesNamed(server.url, prefix);
		} finally {
			await server.stop();
		}
	};
}
