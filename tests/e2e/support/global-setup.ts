// One production server (fresh database, demo data) and one Chromium for the whole e2e run.
// `npm test` builds first; this only checks that a build is there.
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { chromiumLaunchOptions, startTestServer } from '../../../scripts/start-test-server.js';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
		wsEndpoint: string;
		databasePath: string;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	// Every test signs people up from 127.0.0.1, more in a run than a village office in a year:
	// they go through without taking turns (tests/integration/abuse.test.ts checks the turns).
	const server = await startTestServer({ timeoutMs: 180_000, env: { SIGNUP_BURST: '100000' } });

	// Playwright gives each launch its own fresh, temporary --user-data-dir unless we pass one.
	// Its websocket defaults to `localhost`, which may be ::1 or more: pin it to 127.0.0.1.
	const options = chromiumLaunchOptions();
	if (options.args?.some((arg) => arg.startsWith('--user-data-dir'))) {
		await server.stop();
		throw new Error('Leave --user-data-dir to Playwright: it makes a fresh profile per launch.');
	}
	const browserServer = await chromium.launchServer({ ...options, host: '127.0.0.1' }).catch(async (error: unknown) => {
		await server.stop();
		throw error;
	});

	project.provide('baseURL', server.baseURL);
	project.provide('wsEndpoint', browserServer.wsEndpoint());
	project.provide('databasePath', server.databasePath);

	return async function teardown() {
		await browserServer.close();
		await server.stop();
	};
}
