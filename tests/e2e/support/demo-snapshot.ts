// The demo county as the shared e2e server seeded it, before any test ran: the fuzzers each
// start a server of their own on a copy, rather than seeding (and encoding every photo) again.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer, type TestServerOptions } from '../../../scripts/start-test-server.js';

/** A consistent copy of a running server's database and its photos; returns the folder. */
export async function snapshotDemo(server: TestServer): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'village-square-demo-'));
	const db = new Database(server.databasePath, { readonly: true, fileMustExist: true });
	try {
		// One read transaction: what a write of the running server left half-way is not in it.
		db.prepare('VACUUM INTO ?').run(join(dir, 'demo.db'));
	} finally {
		db.close();
	}
	await cp(join(server.tempDir, 'media'), join(dir, 'media'), { recursive: true });
	return dir;
}

/** A server of its own on a fresh copy of the snapshot; `stop()` removes the copy too. */
export async function startFromSnapshot(snapshot: string, options: Omit<TestServerOptions, 'databasePath'> = {}): Promise<TestServer> {
	const dir = await mkdtemp(join(tmpdir(), 'village-square-copy-'));
	try {
		await cp(snapshot, dir, { recursive: true });
		const server = await startTestServer({
			...options,
			databasePath: join(dir, 'demo.db'),
			env: { ...options.env, MEDIA_DIR: join(dir, 'media') }
		});
		return {
			...server,
			stop: async () => {
				await server.stop();
				await rm(dir, { recursive: true, force: true });
			},
			crash: async () => {
				await server.crash();
				await rm(dir, { recursive: true, force: true });
			}
		};
	} catch (error) {
		await rm(dir, { recursive: true, force: true });
		throw error;
	}
}
