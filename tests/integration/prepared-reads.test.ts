// Reads most pages make are built and prepared once per process (platform/db preparedRead):
// the statement is made once, each call sees the data as it is now, and like any read on the
// shared handle it is refused inside a transaction, on both engines.
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db, preparedRead, transaction, villages } from '$lib/server/platform/db';
import { GlobalHandleInTransaction } from '$lib/server/platform/db/transaction-scope';
import { makeVillage } from './factories';

describe('a prepared read', () => {
	it('is built once, and each call reads the rows as they are then', async () => {
		let built = 0;
		const villageNamed = preparedRead<{ slug: string }, { name: string }[]>('test_village_name', () => {
			built++;
			return db.select({ name: villages.name }).from(villages).where(eq(villages.slug, sql.placeholder('slug')));
		});
		const first = await makeVillage();
		const second = await makeVillage();
		expect(await villageNamed({ slug: first.slug })).toEqual([{ name: first.name }]);
		expect(await villageNamed({ slug: second.slug })).toEqual([{ name: second.name }]);
		await transaction((tx) => tx.update(villages).set({ name: '改名村' }).where(eq(villages.id, first.id)));
		expect(await villageNamed({ slug: first.slug })).toEqual([{ name: '改名村' }]);
		expect(await villageNamed({ slug: 'no-such-village' })).toEqual([]);
		expect(built).toBe(1);
	});

	it('is refused inside a transaction, where reads that decide a write go through tx', async () => {
		const village = await makeVillage();
		const villageNamed = preparedRead<{ slug: string }, { name: string }[]>('test_village_in_tx', () =>
			db.select({ name: villages.name }).from(villages).where(eq(villages.slug, sql.placeholder('slug')))
		);
		await expect(transaction(() => villageNamed({ slug: village.slug }))).rejects.toThrow(GlobalHandleInTransaction);
		// Already prepared, still refused.
		await villageNamed({ slug: village.slug });
		await expect(transaction(() => villageNamed({ slug: village.slug }))).rejects.toThrow(GlobalHandleInTransaction);
	});
});
