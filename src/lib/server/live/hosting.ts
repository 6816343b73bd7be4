// What the schedule form offers a host: the villages they may host in and, in each, the
// listings they may feature (their own; for a cadre also the village cooperative's).
import { and, asc, eq } from 'drizzle-orm';
import { db, products } from '$lib/server/platform/db';
import { listUserVillages } from '$lib/server/villages';
import type { ProductUnit } from '$lib/market/vocabulary';

export type FeaturableProduct = { id: number; title: string; priceFen: number; stock: number; unit: ProductUnit; minOrder: number; cooperative: boolean };
export type HostingChoice = { village: { id: number; slug: string; name: string }; cadre: boolean; products: FeaturableProduct[] };

export async function listHostingChoices(userId: number): Promise<HostingChoice[]> {
	const choices: HostingChoice[] = [];
	for (const { village, roles } of await listUserVillages(userId)) {
		const cadre = roles.includes('cadre');
		if (!roles.includes('villager') && !cadre) continue;
		const listed = await db
			.select({ id: products.id, title: products.title, priceFen: products.priceFen, stock: products.stock, unit: products.unit, minOrder: products.minOrder, cooperative: products.cooperative, sellerId: products.sellerId })
			.from(products)
			.where(and(eq(products.villageId, village.id), eq(products.status, 'listed')))
			.orderBy(asc(products.title));
		choices.push({
			village: { id: village.id, slug: village.slug, name: village.name },
			cadre,
			products: listed.filter((p) => (p.cooperative ? cadre : p.sellerId === userId)).map(({ sellerId: _seller, ...product }) => product)
		});
	}
	return choices;
}

export async function mayHostAnywhere(userId: number): Promise<boolean> {
	return (await listUserVillages(userId)).some(({ roles }) => roles.includes('villager') || roles.includes('cadre'));
}
