import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { indexProduct } from './search-index';
import * as m from '$lib/paraglide/messages';
import {
	db,
	memberships,
	transaction,
	photos,
	productPhotos,
	products,
	villages,
	type Photo,
	type Product,
	type Tx,
	type Village
} from '$lib/server/platform/db';
import { recordAudit } from './audit-actions';
import { parseId } from '$lib/server/platform/forms';
import { storePhotos } from '$lib/server/platform/media';
import { UserError } from '$lib/server/platform/user-error';
import { checkAllowance, limits, spendAllowance } from '$lib/server/platform/throttle';
import { findVillageById, findVillageBySlug, rolesIn } from '$lib/server/villages';
import { productStatusLabel } from '$lib/market/labels';
import { canMoveProduct } from '$lib/market/listing';
import type { ListingEdit, ListingIntent, NewListing } from '$lib/market/forms';
import { maxProductPhotos, type ProductStatus } from '$lib/market/vocabulary';

/** `handle`: the caller's `tx` when the row decides a write. */
export async function findProduct(productId: number, handle: Tx = db): Promise<Product | undefined> {
	const [product] = await handle.select().from(products).where(eq(products.id, productId)).limit(1);
	return product;
}

export async function listProductPhotos(productId: number): Promise<Photo[]> {
	const rows = await db
		.select({ photo: photos })
		.from(productPhotos)
		.innerJoin(photos, eq(photos.id, productPhotos.photoId))
		.where(eq(productPhotos.productId, productId))
		.orderBy(asc(productPhotos.position));
	return rows.map((row) => row.photo);
}

function checkPhotoCount(count: number): void {
	if (count > maxProductPhotos) throw new UserError(m.sell_error_photos_many({ max: maxProductPhotos, count }));
}


async function replacePhotos(tx: Tx, productId: number, all: Photo[]): Promise<void> {
	await tx.delete(productPhotos).where(eq(productPhotos.productId, productId));
	if (all.length > 0) await tx.insert(productPhotos).values(all.map((photo, position) => ({ productId, position, photoId: photo.id })));
}

/** Cadres act for the village on a cooperative listing, so what they do there goes in the village's audit log. */
async function auditCooperative(
	tx: Tx,
	product: Pick<Product, 'id' | 'title' | 'villageId' | 'cooperative'>,
	actorId: number,
	action: string,
	now: Date,
	detail: Record<string, string | number> = {}
): Promise<void> {
	if (!product.cooperative) return;
	await recordAudit(tx, { actorId, villageId: product.villageId, action, detail: { productId: product.id, title: product.title, ...detail } }, now);
}

/** The village the form names, by slug or id. */
async function namedVillage(text: string): Promise<Village> {
	if (!text) throw new UserError(m.sell_error_village_required());
	const id = parseId(text);
	const village = id !== null ? await findVillageById(id) : await findVillageBySlug(text);
	if (!village) throw new UserError(m.error_village_not_found(), 404);
	return village;
}

/**
 * A villager sells as themself in their own village; a cadre may also list for
 * the village cooperative. Everyone else is refused before anything is read further.
 */
async function checkMaySell(actorId: number, village: Village, cooperative: boolean): Promise<void> {
	const roles = await rolesIn(actorId, village.id);
	if (cooperative && !roles.has('cadre')) throw new UserError(m.sell_error_cooperative_cadre({ village: village.name }), 403);
	if (!roles.has('villager')) throw new UserError(m.sell_error_not_villager({ village: village.name }), 403);
}

/**
 * A new listing. Everything is checked before the first photo is stored, and
 * the rows go in one transaction, so a refused listing leaves nothing behind.
 */
export async function createProduct(actorId: number, listing: NewListing, files: File[], intent: ListingIntent): Promise<Product> {
	const village = await namedVillage(listing.village);
	const { cooperative, fields } = listing;
	await checkMaySell(actorId, village, cooperative);
	checkPhotoCount(files.length);
	await checkAllowance(db, limits.listing, actorId);
	const stored = await storePhotos(files, actorId);
	return transaction(async (tx) => {
		const now = new Date();
		await spendAllowance(tx, limits.listing, actorId, now);
		const [product] = await tx
			.insert(products)
			.values({
				...fields,
				villageId: village.id,
				sellerId: actorId,
				cooperative,
				status: intent === 'list' ? 'listed' : 'draft',
				createdAt: now,
				updatedAt: now,
				listedAt: intent === 'list' ? now : null
			})
			.returning();
		await replacePhotos(tx, product.id, stored);
		await indexProduct(tx, product.id);
		await auditCooperative(tx, product, actorId, intent === 'list' ? 'product.listed' : 'product.drafted', now);
		return product;
	});
}

/** Whether this person may change the listing: its seller, or for a cooperative listing any cadre of its village. */
export async function canManageProduct(userId: number, product: Pick<Product, 'sellerId' | 'cooperative' | 'villageId'>): Promise<boolean> {
	if (product.cooperative) return (await rolesIn(userId, product.villageId)).has('cadre');
	return product.sellerId === userId;
}

/** The same refusal whether the listing does not exist or is someone else's. */
const notYours = () => new UserError(m.sell_error_not_yours(), 404);

/** The listing, if this person may change it; a 404 otherwise, as if it were not there. */
export async function findManagedProduct(userId: number, productId: number): Promise<Product> {
	const product = await findProduct(productId);
	if (!product || !(await canManageProduct(userId, product))) throw notYours();
	return product;
}

/** Listing again needs a unit to sell and, for a villager's own listing, that they are still a villager. */
async function checkMayList(product: Pick<Product, 'sellerId' | 'villageId' | 'cooperative'>, stock: number): Promise<void> {
	if (stock < 1) throw new UserError(m.sell_error_stock_zero());
	if (!product.cooperative && !(await rolesIn(product.sellerId, product.villageId)).has('villager')) {
		throw new UserError(m.sell_error_not_villager({ village: (await findVillageById(product.villageId))?.name ?? '' }), 403);
	}
}

export type ProductEdit = { removePhotos: string[]; newFiles: File[] };

/**
 * Saves the edit form. Stock is changed by the difference between what the seller
 * typed and what they saw (`stockSeen`), so units sold while the form was open stay
 * sold; a change that would go below zero is refused and says how many sold meanwhile.
 * Orders keep the price they were placed at: nothing here touches them.
 */
export async function updateProduct(actorId: number, productId: number, listing: ListingEdit, edit: ProductEdit): Promise<Product> {
	const product = await findManagedProduct(actorId, productId);
	if (product.status === 'archived') throw new UserError(m.sell_error_archived_final(), 409);
	const { fields, stockSeen: seen } = listing;
	const change = fields.stock - seen;
	checkStockChange(product, seen, change);
	const kept = (await listProductPhotos(product.id)).filter((photo) => !edit.removePhotos.includes(photo.id));
	checkPhotoCount(kept.length + edit.newFiles.length);
	const added = await storePhotos(edit.newFiles, actorId);
	return transaction(async (tx) => {
		const now = new Date();
		if (change !== 0) {
			const moved = await tx
				.update(products)
				.set({ stock: sql`${products.stock} + ${change}` })
				.where(and(eq(products.id, product.id), sql`${products.stock} + ${change} >= 0`))
				.returning({ id: products.id });
			// Sold between the check above and now: the same message, with the numbers as they are now.
			if (moved.length === 0) checkStockChange((await findProduct(product.id, tx))!, seen, change);
		}
		const { stock: _typed, ...rest } = fields;
		const [saved] = await tx
			.update(products)
			.set({
				...rest,
				// The last unit gone sells a listing out; units back put it on sale again.
				status: sql`CASE WHEN ${products.status} = 'listed' AND ${products.stock} = 0 THEN 'sold_out'
					WHEN ${products.status} = 'sold_out' AND ${products.stock} > 0 THEN 'listed' ELSE ${products.status} END`,
				updatedAt: now
			})
			.where(eq(products.id, product.id))
			.returning();
		await replacePhotos(tx, product.id, [...kept, ...added]);
		await indexProduct(tx, product.id);
		await auditCooperative(tx, saved, actorId, 'product.edited', now, saved.status === product.status ? {} : { from: product.status, to: saved.status });
		return saved;
	});
}

/** Units sold while the edit form was open took more than the edit would remove: the form comes back with the stock as it is now. */
export class StockConflict extends UserError {
	constructor(
		message: string,
		readonly left: number
	) {
		super(message, 409);
	}
}

/** Refuses a stock change that would take more than is left; `product` is read fresh. */
function checkStockChange(product: Product, seen: number, change: number): void {
	if (product.stock + change >= 0) return;
	throw new StockConflict(m.sell_error_stock_sold_meanwhile({ sold: Math.max(0, seen - product.stock), left: product.stock }), product.stock);
}

/**
 * Moves a listing by hand: draft→listed, listed↔paused, sold_out→paused, any→archived.
 * Archived is final. Asking for the state it is already in changes nothing.
 */
export async function setProductStatus(actorId: number, productId: number, to: ProductStatus): Promise<Product> {
	const product = await findManagedProduct(actorId, productId);
	if (product.status === to) return product;
	if (product.status === 'archived') throw new UserError(m.sell_error_archived_final(), 409);
	if (!canMoveProduct(product.status, to)) {
		throw new UserError(m.sell_error_status_change({ from: productStatusLabel(product.status), to: productStatusLabel(to) }), 409);
	}
	if (to === 'listed') await checkMayList(product, product.stock);
	return transaction(async (tx) => {
		const now = new Date();
		const [saved] = await tx
			.update(products)
			.set({ status: to, updatedAt: now, ...(to === 'listed' && !product.listedAt ? { listedAt: now } : {}) })
			// Only from the state it was read in: a sale that sold it out meanwhile wins.
			.where(and(eq(products.id, product.id), eq(products.status, product.status), to === 'listed' ? sql`${products.stock} > 0` : undefined))
			.returning();
		if (!saved) throw new UserError(m.sell_error_changed_meanwhile(), 409);
		await auditCooperative(tx, saved, actorId, 'product.status_changed', now, { from: product.status, to });
		return saved;
	});
}

export type MyProductLine = Pick<Product, 'id' | 'title' | 'status' | 'priceFen' | 'unit' | 'stock' | 'cooperative' | 'updatedAt'> & {
	village: { name: string; slug: string };
	photo: Photo | null;
};

/** Live listings first, then drafts, then archived ones. */
const statusRank = sql`CASE ${products.status} WHEN 'listed' THEN 0 WHEN 'sold_out' THEN 1 WHEN 'paused' THEN 2 WHEN 'draft' THEN 3 ELSE 4 END`;

/** The seller's page: their own listings, and the cooperative listings of every village where they are a cadre. */
export function listMyProducts(userId: number): Promise<MyProductLine[]> {
	const cadreVillages = db
		.select({ id: memberships.villageId })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), eq(memberships.role, 'cadre'), isNull(memberships.revokedAt)));
	return db
		.select({
			id: products.id,
			title: products.title,
			status: products.status,
			priceFen: products.priceFen,
			unit: products.unit,
			stock: products.stock,
			cooperative: products.cooperative,
			updatedAt: products.updatedAt,
			village: { name: villages.name, slug: villages.slug },
			photo: photos
		})
		.from(products)
		.innerJoin(villages, eq(villages.id, products.villageId))
		.leftJoin(productPhotos, and(eq(productPhotos.productId, products.id), eq(productPhotos.position, 0)))
		.leftJoin(photos, eq(photos.id, productPhotos.photoId))
		.where(
			or(
				and(eq(products.sellerId, userId), eq(products.cooperative, false)),
				and(eq(products.cooperative, true), inArray(products.villageId, cadreVillages))
			)
		)
		.orderBy(statusRank, desc(products.updatedAt), desc(products.id));
}

export type SellingVillage = { name: string; slug: string; cadre: boolean };

/** Where this person may list: villages where they are a verified villager, and whether they are its cadre. */
export async function listSellingVillages(userId: number): Promise<SellingVillage[]> {
	const rows = await db
		.select({ name: villages.name, slug: villages.slug, role: memberships.role })
		.from(memberships)
		.innerJoin(villages, eq(villages.id, memberships.villageId))
		.where(and(eq(memberships.userId, userId), isNull(memberships.revokedAt)))
		.orderBy(asc(memberships.verifiedAt), asc(memberships.id));
	const bySlug = new Map<string, SellingVillage>();
	for (const { name, slug, role } of rows) {
		const entry = bySlug.get(slug) ?? { name, slug, cadre: false };
		if (role === 'cadre') entry.cadre = true;
		bySlug.set(slug, entry);
	}
	return [...bySlug.values()];
}
