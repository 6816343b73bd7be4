// Seeds the demo county into an empty database; built by vite.demo.config.ts, run by server.js.
import { count } from 'drizzle-orm';
import { closeDatabase, db, migrateDatabase, users } from '$lib/server/platform/db';
import { indexUnindexedProducts } from '$lib/server/market/search-index';
import { demoLogins, demoPassword, seedDemoCounty } from './seed';

export async function seedIfEmpty(): Promise<void> {
	await migrateDatabase();
	const [row] = await db.select({ n: count() }).from(users);
	if ((row?.n ?? 0) === 0) {
		await seedDemoCounty();
		await indexUnindexedProducts();
		console.log('Seeded the demo county.');
	}
	console.log(`Demo logins (password "${demoPassword}"): ${demoLogins.join(', ')}`);
	await closeDatabase();
}
