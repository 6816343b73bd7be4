// Each test file gets its own PostgreSQL database, a copy of the migrated template made once
// for the run (global-setup.ts). Like ../setup-database.ts for SQLite, DATABASE_URL is set
// before any app module is imported.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { createDatabase, dropDatabase } from '../../../scripts/postgres-server.js';

const adminUrl = inject('postgresAdminUrl');
const url = await createDatabase(adminUrl, {
	name: `${inject('postgresDatabasePrefix')}${randomBytes(6).toString('hex')}`,
	template: inject('postgresTemplate')
});
// Photos go beside a SQLite file; a PostgreSQL URL has no folder, so they get one of their own.
const mediaDir = mkdtempSync(join(tmpdir(), 'village-square-test-media-'));
process.env.DATABASE_URL = url;
process.env.MEDIA_DIR = mediaDir;
process.env.DEMO = '0';

afterAll(async () => {
	rmSync(mediaDir, { recursive: true, force: true });
	// The app's pool and event connections let go of the database, so it can be dropped now.
	await (await import('$lib/server/platform/events')).stopEvents();
	await (await import('$lib/server/platform/db')).closeDatabase();
	try {
		await dropDatabase(adminUrl, url, { force: false });
	} catch (error) {
		// 55006: the app's pool is still connected. Ending its sessions would make the pool throw
		// in this process, so the database waits for the run's teardown, which drops it.
		if ((error as { code?: string }).code !== '55006') throw error;
	}
});
