// One production server (fresh database, demo data) and one Chromium for the whole e2e run.
// `npm test` builds first; this only checks that a build is there.
import { rm } from 'node:fs/promises';
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { startTestServer } from '../../../scripts/start-test-server.js';
import { launchChromium } from './chromium';
import { snapshotDemo } from './demo-snapshot';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Where the browser goes: the server, or the round robin in front of the servers. */
		baseURL: string;
		/** Each app process's own address (one on SQLite; two behind the round robin on PostgreSQL). */
		appURLs: string[];
		wsEndpoint: string;
		/** The servers' DATABASE_URL: a SQLite file or a postgres:// URL (support/database.ts reads either). */
		databaseUrl: string;
		/** The demo county as seeded, before any test: a folder for support/demo-snapshot.ts (SQLite runs only). */
		demoSnapshot: string;
	}
}

/** Every test signs people up from 127.0.0.1, more in a run than a village office in a year:
 * they go through without taking turns (tests/integration/abuse.test.ts checks the turns). */
export const e2eServerEnv = { SIGNUP_BURST: '100000' };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const server = await startTestServer({ timeoutMs: 180_000, env: e2eServerEnv });
	let snapshot: string | undefined;
	const stopAll = async () => {
		await server.stop();
		if (snapshot) await rm(snapshot, { recursive: true, force: true });
	};
	let browserServer: BrowserServer;
	try {
		snapshot = await snapshotDemo(server);
		browserServer = await launchChromium();
	} catch (error) {
		await stopAll();
		throw error;
	}

	project.provide('baseURL', server.baseURL);
	project.provide('appURLs', [server.baseURL]);
	project.provide('wsEndpoint', browserServer.wsEndpoint());
	project.provide('databaseUrl', server.databasePath);
	project.provide('demoSnapshot', snapshot);

	return async function teardown() {
		await browserServer.close();
		await stopAll();
	};
}
