import { eq } from 'drizzle-orm';
import { db, memberships, products, type Product, type User, type Village } from '$lib/server/db';
import { makeVillage, makeVillager } from './factories';

let counter = 0;

/** A verified villager of a fresh village: someone who may sell there. */
export async function makeSeller(): Promise<{ seller: User; village: Village }> {
	const village = await makeVillage();
	return { seller: await makeVillager(village), village };
}

/** A listed product of this seller's (first) village, as the listing form would store it. */
export async function insertProduct(seller: User, fields: Partial<typeof products.$inferInsert> = {}): Promise<Product> {
	const villageId = fields.villageId ?? db.select().from(memberships).where(eq(memberships.userId, seller.id)).get()!.villageId;
	const now = new Date();
	return db
		.insert(products)
		.values({
			villageId,
			sellerId: seller.id,
			title: `大樱桃 ${++counter}`,
			description: '五月上市，个大汁甜。',
			category: 'fruit',
			unit: 'jin',
			priceFen: 1500,
			stock: 10,
			minOrder: 1,
			shipping: true,
			shipFeeFen: 800,
			pickup: true,
			pickupPlace: '村委会门口',
			pickupTime: '每天下午 4 点后',
			status: 'listed',
			listedAt: now,
			...fields
		})
		.returning()
		.get();
}
