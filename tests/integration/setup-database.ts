// Each test file gets its own SQLite file, migrated by the app's own migrations
// when $lib/server/db is first imported.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.DATABASE_URL = join(mkdtempSync(join(tmpdir(), 'village-square-test-')), 'test.db');
process.env.DEMO = '0';
