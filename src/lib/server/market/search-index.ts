// What market search finds for a product: its title, its village's name and its description,
// stored as search tokens (platform/search.ts) in the transaction that writes the product.
import { and, eq, isNull } from 'drizzle-orm';
import { db, products, searchEntries, transaction, villages, type Tx } from '$lib/server/platform/db';
import { indexForSearch } from '$lib/server/platform/search';

export const productSearchKind = 'product';

export async function indexProduct(tx: Tx, productId: number): Promise<void> {
	const [row] = await tx
		.select({ title: products.title, description: products.description, village: villages.name })
		.from(products)
		.innerJoin(villages, eq(villages.id, products.villageId))
		.where(eq(products.id, productId));
	if (row) await indexForSearch(tx, productSearchKind, productId, { title: row.title, extra: row.village, body: row.description });
}

/**
 * Indexes products that have no search entry: every product of a database made
 * before search moved to the segmenter, or copied in from elsewhere. Run at start.
 */
export async function indexUnindexedProducts(batch = 200): Promise<number> {
	let done = 0;
	for (;;) {
		const missing = await db
			.select({ id: products.id })
			.from(products)
			.leftJoin(searchEntries, and(eq(searchEntries.kind, productSearchKind), eq(searchEntries.refId, products.id)))
			.where(isNull(searchEntries.id))
			.limit(batch);
		if (missing.length === 0) return done;
		await transaction(async (tx) => {
			for (const { id } of missing) await indexProduct(tx, id);
		});
		done += missing.length;
	}
}
