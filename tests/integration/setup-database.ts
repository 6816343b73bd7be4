// Each test file gets its own SQLite file, migrated by the app's own migrations
// when $lib/server/platform/db is first imported, and removed when the file's tests end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'village-square-test-'));
process.env.DATABASE_URL = join(dir, 'test.db');
process.env.DEMO = '0';

afterAll(() => rmSync(dir, { recursive: true, force: true }));
