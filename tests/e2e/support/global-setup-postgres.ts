// The core journeys again as a county past one machine runs them: PostgreSQL, two app
// processes (two `node server.js`, as on two machines) on one database, and a round robin
// in front that sends each request to the next one. Chromium, like the `e2e` project's.
import type { TestProject } from 'vitest/node';
import { createDatabase, dropDatabase, startPostgres } from '../../../scripts/postgres-server.js';
import { startTestServer } from '../../../scripts/start-test-server.js';
import { launchChromium } from './chromium';
import { e2eServerEnv } from './global-setup';
import { startRoundRobin } from './round-robin';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	/** What is running, stopped last first: also when setup fails half way. */
	const started: (() => Promise<void>)[] = [];
	const teardown = async () => {
		for (const stop of started.reverse()) await stop().catch((error: unknown) => console.error('e2e-postgres teardown:', error));
	};
	try {
		const postgres = await startPostgres();
		started.push(postgres.stop);
		const databaseUrl = await createDatabase(postgres.url);
		// On a server of our own this goes with the server; on TEST_DATABASE_URL's it must not stay.
		started.push(() => dropDatabase(postgres.url, databaseUrl));

		// The browser knows only the round robin, so that is the origin both processes are told.
		const roundRobin = await startRoundRobin();
		started.push(roundRobin.close);
		const options = { timeoutMs: 180_000, databasePath: databaseUrl, origin: roundRobin.url, env: e2eServerEnv };
		// The first migrates and seeds the demo county; the second, started once the first is
		// healthy, finds both done (server.js seeds an empty database only).
		const first = await startTestServer(options);
		started.push(first.stop);
		const second = await startTestServer(options);
		started.push(second.stop);
		roundRobin.setTargets([first.baseURL, second.baseURL]);

		const browserServer = await launchChromium();
		started.push(() => browserServer.close());

		project.provide('baseURL', roundRobin.url);
		project.provide('appURLs', [first.baseURL, second.baseURL]);
		project.provide('wsEndpoint', browserServer.wsEndpoint());
		project.provide('databaseUrl', databaseUrl);
	} catch (error) {
		await teardown();
		throw error;
	}
	return teardown;
}
