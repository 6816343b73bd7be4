import { count } from 'drizzle-orm';
import { db, databaseUrl, users } from '$lib/server/db';
import { startMarketSweeper } from '$lib/server/market/teams';
import { startMediaSweeper } from '$lib/server/media-sweep';
import { demoLogins, demoPassword, seedDemoCounty } from '$lib/server/demo/seed';

/** Demo data is on unless DEMO=0 (the production start sets it). */
export function demoEnabled(): boolean {
	return !['0', 'false', 'off', 'no'].includes((process.env.DEMO ?? '1').toLowerCase());
}

/** Runs once before the first request: the database is migrated by then (db/index.ts). */
export async function prepareDatabase(): Promise<void> {
	await seedIfEmpty();
	startMarketSweeper();
	startMediaSweeper();
}

async function seedIfEmpty(): Promise<void> {
	if (!demoEnabled()) return;
	const empty = (db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
	if (empty) {
		await seedDemoCounty();
		console.log(`Seeded the demo county into ${databaseUrl}`);
	}
	console.log(`Demo logins (password "${demoPassword}"): ${demoLogins.join(', ')}`);
}
