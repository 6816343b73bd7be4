// What the live pages read: the lists (live now, coming, replays), one sale with its products,
// moments, comments and purchases, and an ended sale's totals and orders. Totals come from the
// orders themselves, never from counters, so the replay and the orders can never disagree.
import { and, asc, desc, eq, inArray, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import { db, liveBuyerTotals, liveComments, liveItems, liveMoments, liveOrders, liveSales, orderLines, orders, photos, products, users, villages } from '$lib/server/platform/db';
import { toPhotoView, type PhotoView } from '$lib/photos';
import { photoViewsById } from '$lib/server/platform/media';
import type { LiveCard, LiveCommentView, LiveItemView, LiveMomentView, LiveOrderLine, LivePurchaseView, LiveSaleView, LiveTotals } from '$lib/live/views';
import { lastLiveEventId } from './stream-log';

const cardColumns = {
	id: liveSales.id,
	title: liveSales.title,
	status: liveSales.status,
	startsAt: liveSales.startsAt,
	plannedEndAt: liveSales.plannedEndAt,
	villageName: villages.name,
	villageSlug: villages.slug,
	hostName: users.displayName,
	coverPhotoId: liveSales.coverPhotoId,
	fromFen: sql<number | null>`(select min(flash_price_fen) from live_items where live_items.live_sale_id = ${liveSales.id})`
};

async function cards(where: SQL | undefined, order: SQL[], limit: number): Promise<LiveCard[]> {
	const rows = await db
		.select(cardColumns)
		.from(liveSales)
		.innerJoin(villages, eq(villages.id, liveSales.villageId))
		.innerJoin(users, eq(users.id, liveSales.hostId))
		.where(where)
		.orderBy(...order)
		.limit(limit);
	const covers = await photoViewsById(rows.map((row) => row.coverPhotoId));
	return rows.map(({ coverPhotoId, fromFen, ...card }) => ({ ...card, fromFen: fromFen === null ? null : Number(fromFen), cover: (coverPhotoId && covers.get(coverPhotoId)) || null }));
}

export type LiveLists = { live: LiveCard[]; upcoming: LiveCard[]; replays: LiveCard[] };

/** /live, a village's page (`villageId`), the home page: live now first, then coming soonest first, then the latest replays. */
export async function listLiveSales(villageId: number | null = null, limits = { live: 20, upcoming: 20, replays: 10 }): Promise<LiveLists> {
	const inVillage = villageId === null ? undefined : eq(liveSales.villageId, villageId);
	const [live, upcoming, replays] = await Promise.all([
		cards(and(eq(liveSales.status, 'live'), inVillage), [desc(liveSales.startedAt)], limits.live),
		cards(and(eq(liveSales.status, 'scheduled'), inVillage), [asc(liveSales.startsAt)], limits.upcoming),
		limits.replays > 0 ? cards(and(eq(liveSales.status, 'ended'), inVillage), [desc(liveSales.endedAt)], limits.replays) : []
	]);
	return { live, upcoming, replays };
}

/** Live sales on now, then the next to come: a few, for a page that is not /live (home, a village). */
export async function listLiveAndNext(villageId: number | null, limit = 3): Promise<LiveCard[]> {
	const { live, upcoming } = await listLiveSales(villageId, { live: limit, upcoming: limit, replays: 0 });
	return [...live, ...upcoming].slice(0, limit);
}

/** A buyer's name as the ticker shows it: the first character, then stars (王**). */
export function maskName(name: string): string {
	const first = [...name.trim()][0];
	return first ? `${first}**` : '**';
}

async function itemsOf(saleId: number): Promise<LiveItemView[]> {
	const rows = await db
		.select({
			id: liveItems.id,
			productId: liveItems.productId,
			title: products.title,
			unit: products.unit,
			priceFen: products.priceFen,
			flashPriceFen: liveItems.flashPriceFen,
			flashCap: liveItems.flashCap,
			sold: liveItems.sold,
			stock: products.stock,
			status: products.status,
			perBuyerLimit: liveItems.perBuyerLimit,
			minOrder: products.minOrder,
			windowStartsAt: liveItems.windowStartsAt,
			windowEndsAt: liveItems.windowEndsAt,
			pinnedAt: liveItems.pinnedAt,
			shipping: products.shipping,
			pickup: products.pickup,
			shipFeeFen: products.shipFeeFen,
			sellerId: products.sellerId,
			photoId: sql<string | null>`(select photo_id from product_photos where product_photos.product_id = ${products.id} order by position limit 1)`
		})
		.from(liveItems)
		.innerJoin(products, eq(products.id, liveItems.productId))
		.where(eq(liveItems.liveSaleId, saleId))
		.orderBy(asc(liveItems.position));
	const found = await photoViewsById(rows.map((row) => row.photoId));
	const pinnedAt = Math.max(0, ...rows.map((row) => row.pinnedAt?.getTime() ?? 0));
	return rows
		.map(({ flashCap, sold, stock, status, pinnedAt: itemPinnedAt, photoId, ...item }) => ({
			...item,
			left: status === 'listed' ? Math.max(0, Math.min(flashCap - sold, stock)) : 0,
			pinned: pinnedAt > 0 && itemPinnedAt?.getTime() === pinnedAt,
			photo: (photoId && found.get(photoId)) || null
		}))
		.sort((a, b) => Number(b.pinned) - Number(a.pinned));
}

/** The moments in the order they were posted. */
export async function listMoments(saleId: number, ids?: number[]): Promise<LiveMomentView[]> {
	const rows = await db
		.select({ id: liveMoments.id, text: liveMoments.text, photoId: liveMoments.photoId, at: liveMoments.createdAt })
		.from(liveMoments)
		.where(and(eq(liveMoments.liveSaleId, saleId), ids ? inArray(liveMoments.id, ids) : undefined))
		.orderBy(asc(liveMoments.id));
	const found = await photoViewsById(rows.map((row) => row.photoId));
	return rows.map(({ photoId, ...moment }) => ({ ...moment, photo: (photoId && found.get(photoId)) || null }));
}

/** Comments not hidden, oldest first; the latest `limit` of them. */
export async function listComments(saleId: number, { ids, limit = 50 }: { ids?: number[]; limit?: number } = {}): Promise<LiveCommentView[]> {
	const rows = await db
		.select({ id: liveComments.id, userId: liveComments.userId, name: users.displayName, text: liveComments.text, at: liveComments.createdAt })
		.from(liveComments)
		.innerJoin(users, eq(users.id, liveComments.userId))
		.where(and(eq(liveComments.liveSaleId, saleId), isNull(liveComments.hiddenAt), ids ? inArray(liveComments.id, ids) : undefined))
		.orderBy(desc(liveComments.id))
		.limit(limit);
	return rows.reverse();
}

/** The latest purchases, newest last, names masked. */
export async function listPurchases(saleId: number, { orderIds, limit = 10 }: { orderIds?: number[]; limit?: number } = {}): Promise<LivePurchaseView[]> {
	const rows = await db
		.select({ orderId: liveOrders.orderId, itemId: liveOrders.liveItemId, recipient: orders.recipientName, quantity: liveOrders.quantity, at: liveOrders.createdAt })
		.from(liveOrders)
		.innerJoin(orders, eq(orders.id, liveOrders.orderId))
		.where(and(eq(liveOrders.liveSaleId, saleId), orderIds ? inArray(liveOrders.orderId, orderIds) : undefined))
		.orderBy(desc(liveOrders.orderId))
		.limit(limit);
	return rows.reverse().map(({ recipient, ...purchase }) => ({ ...purchase, name: maskName(recipient) }));
}

/** One live sale as its page shows it, or null for none. */
export async function findLiveSale(saleId: number): Promise<LiveSaleView | null> {
	const [row] = await db
		.select({ sale: liveSales, villageName: villages.name, villageSlug: villages.slug, hostName: users.displayName })
		.from(liveSales)
		.innerJoin(villages, eq(villages.id, liveSales.villageId))
		.innerJoin(users, eq(users.id, liveSales.hostId))
		.where(eq(liveSales.id, saleId))
		.limit(1);
	if (!row) return null;
	// The stream carries on from here: read first, so nothing written while the rest is read is missed.
	const lastEventId = await lastLiveEventId(saleId);
	const { sale } = row;
	const [items, moments, comments, purchases, covers] = await Promise.all([
		itemsOf(saleId),
		listMoments(saleId),
		listComments(saleId),
		listPurchases(saleId),
		photoViewsById([sale.coverPhotoId])
	]);
	return {
		id: sale.id,
		title: sale.title,
		description: sale.description,
		status: sale.status,
		startsAt: sale.startsAt,
		plannedEndAt: sale.plannedEndAt,
		startedAt: sale.startedAt,
		endedAt: sale.endedAt,
		streamUrl: sale.streamUrl,
		replayUrl: sale.replayUrl,
		cooperative: sale.cooperative,
		hostId: sale.hostId,
		hostName: row.hostName,
		villageId: sale.villageId,
		villageName: row.villageName,
		villageSlug: row.villageSlug,
		cover: (sale.coverPhotoId && covers.get(sale.coverPhotoId)) || null,
		items,
		moments,
		comments,
		purchases,
		lastEventId
	};
}

/** The orders that count: every order the sale made that was neither cancelled (its units went back) nor refunded. */
const standing = (saleId: number) => and(eq(liveOrders.liveSaleId, saleId), notInArray(orders.status, ['cancelled', 'refunded']));

/** An ended sale's totals, per product and overall, from its standing orders. */
export async function liveTotals(saleId: number): Promise<LiveTotals> {
	const rows = await db
		.select({
			itemId: liveOrders.liveItemId,
			title: orderLines.title,
			unit: orderLines.unit,
			orders: sql<number>`count(*)`.mapWith(Number),
			units: sql<number>`sum(${orderLines.quantity})`.mapWith(Number),
			revenueFen: sql<number>`sum(${orderLines.lineTotalFen})`.mapWith(Number)
		})
		.from(liveOrders)
		.innerJoin(orders, eq(orders.id, liveOrders.orderId))
		.innerJoin(orderLines, eq(orderLines.orderId, orders.id))
		.where(standing(saleId))
		.groupBy(liveOrders.liveItemId, orderLines.title, orderLines.unit)
		.orderBy(asc(liveOrders.liveItemId));
	const [buyers] = await db
		.select({ n: sql<number>`count(distinct ${orders.buyerId})`.mapWith(Number) })
		.from(liveOrders)
		.innerJoin(orders, eq(orders.id, liveOrders.orderId))
		.where(standing(saleId));
	return {
		buyers: buyers?.n ?? 0,
		orders: rows.reduce((sum, row) => sum + row.orders, 0),
		units: rows.reduce((sum, row) => sum + row.units, 0),
		revenueFen: rows.reduce((sum, row) => sum + row.revenueFen, 0),
		byItem: rows
	};
}


/** Every order the sale made, for the host's CSV: cancelled ones too, marked so. */
export async function listLiveOrders(saleId: number): Promise<LiveOrderLine[]> {
	return db
		.select({
			orderId: orders.id,
			createdAt: orders.createdAt,
			status: orders.status,
			title: orderLines.title,
			quantity: orderLines.quantity,
			unitPriceFen: orderLines.unitPriceFen,
			totalFen: orders.totalFen,
			delivery: orders.delivery,
			recipientName: orders.recipientName,
			recipientPhone: orders.recipientPhone,
			address: orders.address
		})
		.from(liveOrders)
		.innerJoin(orders, eq(orders.id, liveOrders.orderId))
		.innerJoin(orderLines, eq(orderLines.orderId, orders.id))
		.where(eq(liveOrders.liveSaleId, saleId))
		.orderBy(asc(orders.id));
}

/** How many units of each of the sale's items this buyer holds (the per-buyer limit counts them). */
export async function heldByBuyer(buyerId: number, saleId: number): Promise<Record<number, number>> {
	const rows = await db
		.select({ itemId: liveBuyerTotals.liveItemId, quantity: liveBuyerTotals.quantity })
		.from(liveBuyerTotals)
		.innerJoin(liveItems, eq(liveItems.id, liveBuyerTotals.liveItemId))
		.where(and(eq(liveBuyerTotals.buyerId, buyerId), eq(liveItems.liveSaleId, saleId)));
	return Object.fromEntries(rows.map((row) => [row.itemId, row.quantity]));
}
