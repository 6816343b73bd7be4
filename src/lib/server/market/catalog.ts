// The market as buyers see it: search across villages, one product's page, and the
// short lists the home and village pages show. Read-only; listings are written in products.ts.
import { and, asc, count, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import {
	db,
	orders,
	photos,
	preparedRead,
	products,
	reviews,
	teams,
	users,
	villages
} from '$lib/server/platform/db';
import { toPhotoView, type PhotoView } from '$lib/photos';
import type { MarketFilter } from '$lib/market/market-filter';
import type { ProductCategory, ProductStatus, ProductUnit } from '$lib/market/vocabulary';
import type { MarketItem } from '$lib/market/views';
import { matchSearch } from '$lib/server/platform/search';
import { productSearchKind } from './search-index';
import { maskPhone } from '$lib/format';
import { listProductPhotos } from './products';
import { inTeam } from './order-states';

export type MarketPage = { items: MarketItem[]; total: number; hasNext: boolean };

/** Statuses the market shows; sold-out ones stay, marked, below the ones for sale. */
const browsable: ProductStatus[] = ['listed', 'sold_out'];

const rating = (total: number, count: number) => (count > 0 ? Math.round((total * 10) / count) / 10 : null);

// The first photo, through the (product_id, position) primary key: one index lookup per row.
const firstPhotoId = sql<string | null>`(select photo_id from product_photos where product_photos.product_id = "products"."id" order by position limit 1)`;

const itemColumns = {
	id: products.id,
	title: products.title,
	villageName: villages.name,
	villageSlug: villages.slug,
	category: products.category,
	unit: products.unit,
	priceFen: products.priceFen,
	stock: products.stock,
	status: products.status,
	teamSize: products.teamSize,
	teamPriceFen: products.teamPriceFen,
	ratingTotal: products.ratingTotal,
	reviewCount: products.reviewCount,
	photoId: firstPhotoId
};

type ItemRow = Omit<MarketItem, 'rating' | 'photo'> & { ratingTotal: number; photoId: string | null };

/** Rows to items, with all their first photos read in one query. */
async function toItems(rows: ItemRow[]): Promise<MarketItem[]> {
	const ids = [...new Set(rows.map((row) => row.photoId).filter((id): id is string => id !== null))];
	const found = ids.length > 0 ? await db.select().from(photos).where(inArray(photos.id, ids)) : [];
	const byId = new Map(found.map((photo) => [photo.id, toPhotoView(photo)]));
	return rows.map(({ photoId, ratingTotal, reviewCount, ...item }) => ({
		...item,
		rating: rating(ratingTotal, reviewCount),
		reviewCount,
		photo: (photoId && byId.get(photoId)) || null
	}));
}

/** Sold out sinks below what is still for sale, whatever the sort. */
const availableFirst = sql`(${products.status} = 'sold_out')`;

/**
 * A page of the market: listed and sold-out products matching every word of the query (in the
 * title, the village's name or the description: platform/search.ts), in the village and
 * category asked for, sorted, `limit` at a time.
 */
export async function searchMarket(filter: MarketFilter, limit = 20): Promise<MarketPage> {
	const text = filter.query ? matchSearch(productSearchKind, products.id, filter.query) : null;
	const where = and(
		inArray(products.status, browsable),
		// Typed, but nothing in it to look for (punctuation alone): nothing is found.
		filter.query && !text ? sql`1 = 0` : undefined,
		filter.village ? eq(villages.slug, filter.village) : undefined,
		filter.category ? eq(products.category, filter.category) : undefined
	);
	const sort = filter.sort === 'relevance' && !text ? 'newest' : filter.sort;
	const order: SQL[] = [availableFirst];
	if (sort === 'relevance' && text) order.push(text.rank);
	if (sort === 'price_asc') order.push(asc(products.priceFen), asc(products.id));
	else if (sort === 'price_desc') order.push(desc(products.priceFen), desc(products.id));
	else order.push(desc(products.listedAt), desc(products.id));

	const listed = db.select(itemColumns).from(products).innerJoin(villages, eq(villages.id, products.villageId)).$dynamic();
	const rows = await (text ? listed.innerJoin(text.hits, text.on) : listed)
		.where(where)
		.orderBy(...order)
		.limit(limit + 1)
		.offset((filter.page - 1) * limit);
	const counted = db.select({ n: count() }).from(products).innerJoin(villages, eq(villages.id, products.villageId)).$dynamic();
	const [row] = await (text ? counted.innerJoin(text.found, text.on) : counted).where(where);
	return { items: await toItems(rows.slice(0, limit)), total: row?.n ?? 0, hasNext: rows.length > limit };
}

// The home page and every village page show these: each statement is prepared once per process.
const featuredRows = preparedRead<{ limit: number }, ItemRow[]>('featured_products', () => {
	const turn = sql<number>`row_number() over (partition by ${products.villageId} order by ${products.listedAt} desc, ${products.id} desc)`;
	const ranked = db
		.select({ id: products.id, turn: turn.as('turn') })
		.from(products)
		.where(and(eq(products.status, 'listed'), gt(products.stock, 0)))
		.as('ranked');
	return db
		.select(itemColumns)
		.from(ranked)
		.innerJoin(products, eq(products.id, ranked.id))
		.innerJoin(villages, eq(villages.id, products.villageId))
		.orderBy(asc(ranked.turn), desc(products.listedAt), desc(products.id))
		.limit(sql.placeholder('limit'));
});

const villageRows = preparedRead<{ villageId: number; limit: number }, ItemRow[]>('village_products', () =>
	db
		.select(itemColumns)
		.from(products)
		.innerJoin(villages, eq(villages.id, products.villageId))
		.where(and(eq(products.villageId, sql.placeholder('villageId')), inArray(products.status, browsable)))
		.orderBy(availableFirst, desc(products.listedAt), desc(products.id))
		.limit(sql.placeholder('limit'))
);

/**
 * A few products for sale from across the county for the home page: each village's newest
 * first, taken in turn, so one busy village does not fill the section.
 */
export async function listFeaturedProducts(limit: number): Promise<MarketItem[]> {
	return toItems(await featuredRows({ limit }));
}

/** One village's produce for its page: what is for sale first, then what has sold out, newest first. */
export async function listVillageProducts(villageId: number, limit: number): Promise<MarketItem[]> {
	return toItems(await villageRows({ villageId, limit }));
}

export type MarketReview = {
	id: number;
	rating: number;
	comment: string;
	photo: PhotoView | null;
	/** Null when the buyer has deleted their account. */
	buyerName: string | null;
	createdAt: Date;
};

/** `myOrderId`: the viewer's order in the team, when they are in it (they see that instead of "join"). */
export type OpenTeam = { id: number; size: number; joined: number; priceFen: number; expiresAt: Date; myOrderId: number | null };

/** Everything a product's page shows. */
export type MarketProduct = {
	id: number;
	title: string;
	description: string;
	category: ProductCategory;
	unit: ProductUnit;
	priceFen: number;
	stock: number;
	minOrder: number;
	status: ProductStatus;
	/** The viewer is its seller: they see it in every state. */
	mine: boolean;
	shipsFrom: string | null;
	shipsUntil: string | null;
	shipping: boolean;
	shipFeeFen: number;
	pickup: boolean;
	pickupPlace: string;
	pickupTime: string;
	team: { size: number; priceFen: number; hours: number } | null;
	cooperative: boolean;
	sellerName: string;
	sellerPhoneMasked: string;
	village: { name: string; slug: string; story: string };
	photos: PhotoView[];
	rating: number | null;
	reviewCount: number;
	reviews: MarketReview[];
	openTeams: OpenTeam[];
};

/** Statuses anyone may open a product's page in; drafts and archived listings are the seller's alone. */
const public_: ProductStatus[] = ['listed', 'sold_out', 'paused'];

const latestReviews = 10;

/** A product's page, or undefined when there is none the viewer may see (the page answers 404 either way). */
export async function findMarketProduct(id: number, viewerUserId: number | null, now = new Date()): Promise<MarketProduct | undefined> {
	const [row] = await db
		.select({ product: products, village: { name: villages.name, slug: villages.slug, story: villages.story }, sellerName: users.displayName, sellerPhone: users.phone })
		.from(products)
		.innerJoin(villages, eq(villages.id, products.villageId))
		.innerJoin(users, eq(users.id, products.sellerId))
		.where(eq(products.id, id))
		.limit(1);
	if (!row) return undefined;
	const { product, village, sellerName, sellerPhone } = row;
	const mine = viewerUserId !== null && product.sellerId === viewerUserId;
	if (!public_.includes(product.status) && !mine) return undefined;

	const reviewRows = await db
		.select({
			id: reviews.id,
			rating: reviews.rating,
			comment: reviews.comment,
			photo: photos,
			buyerName: users.displayName,
			createdAt: reviews.createdAt
		})
		.from(reviews)
		.leftJoin(users, eq(users.id, reviews.buyerId))
		.leftJoin(photos, eq(photos.id, reviews.photoId))
		.where(eq(reviews.productId, id))
		.orderBy(desc(reviews.createdAt), desc(reviews.id))
		.limit(latestReviews);

	// The outer column is written out whole: drizzle leaves columns unqualified in a one-table select.
	const joined = sql<number>`(select count(*) from ${orders} where ${inTeam(sql`"teams"."id"`)})`.mapWith(Number);
	const myOrder =
		viewerUserId === null ? sql<null>`null` : sql<number | null>`(select ${orders.id} from ${orders} where ${inTeam(sql`"teams"."id"`)} and ${orders.buyerId} = ${viewerUserId})`;
	const openTeams = await db
		.select({ id: teams.id, size: teams.size, joined, priceFen: teams.priceFen, expiresAt: teams.expiresAt, myOrderId: myOrder })
		.from(teams)
		.where(and(eq(teams.productId, id), eq(teams.status, 'open'), gt(teams.expiresAt, now)))
		.orderBy(asc(teams.expiresAt), asc(teams.id));

	const { teamSize, teamPriceFen, teamHours } = product;
	return {
		id: product.id,
		title: product.title,
		description: product.description,
		category: product.category,
		unit: product.unit,
		priceFen: product.priceFen,
		stock: product.stock,
		minOrder: product.minOrder,
		status: product.status,
		mine,
		shipsFrom: product.shipsFrom,
		shipsUntil: product.shipsUntil,
		shipping: product.shipping,
		shipFeeFen: product.shipFeeFen,
		pickup: product.pickup,
		pickupPlace: product.pickupPlace,
		pickupTime: product.pickupTime,
		team: teamSize && teamPriceFen && teamHours ? { size: teamSize, priceFen: teamPriceFen, hours: teamHours } : null,
		cooperative: product.cooperative,
		sellerName,
		// Whole only to the buyer of an order (its page); here enough to see there is a number.
		sellerPhoneMasked: maskPhone(sellerPhone),
		village,
		photos: (await listProductPhotos(id)).map(toPhotoView),
		rating: rating(product.ratingTotal, product.reviewCount),
		reviewCount: product.reviewCount,
		reviews: reviewRows.map(({ photo, ...review }) => ({ ...review, photo: photo ? toPhotoView(photo) : null })),
		openTeams
	};
}
