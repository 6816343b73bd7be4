import { count } from 'drizzle-orm';
import { db, databaseUrl, migrateDatabase, users } from '$lib/server/db';
import { marketSweepJobs } from '$lib/server/market/teams';
import { indexUnindexedProducts } from '$lib/server/market/search-index';
import { mediaSweepJob } from '$lib/server/media-sweep';
import { pruneKeysJob } from '$lib/server/offline/idempotency';
import { registerJob, startJobs } from '$lib/server/platform/jobs';
import { startBeating } from '$lib/server/platform/processes';
import { demoLogins, demoPassword, seedDemoCounty } from '$lib/server/demo/seed';

/** Demo data is on unless DEMO=0 (the production start sets it). */
export function demoEnabled(): boolean {
	return !['0', 'false', 'off', 'no'].includes((process.env.DEMO ?? '1').toLowerCase());
}

/** Runs once before the first request. */
export async function prepareDatabase(): Promise<void> {
	await migrateDatabase();
	await seedIfEmpty();
	// Products from before search had entries (an upgraded or copied database) become findable.
	await indexUnindexedProducts();
	for (const job of [...marketSweepJobs, mediaSweepJob, pruneKeysJob]) registerJob(job);
	await startBeating();
	startJobs();
}

async function seedIfEmpty(): Promise<void> {
	if (!demoEnabled()) return;
	const [row] = await db.select({ n: count() }).from(users);
	const empty = (row?.n ?? 0) === 0;
	if (empty) {
		await seedDemoCounty();
		console.log(`Seeded the demo county into ${databaseUrl}`);
	}
	console.log(`Demo logins (password "${demoPassword}"): ${demoLogins.join(', ')}`);
}
