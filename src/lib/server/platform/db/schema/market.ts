import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { villages } from './villages';
import { photos } from './media';
import { productCategories, type ProductCategory, productUnits, type ProductUnit, productStatuses, type ProductStatus, teamStatuses, type TeamStatus, orderStatuses, type OrderStatus, deliveryMethods, type DeliveryMethod, paymentMethods, type PaymentMethod } from '../../../../market/vocabulary';

const at = (name: string) => integer(name, { mode: 'timestamp_ms' });
const now = sql`(unixepoch('subsec') * 1000)`;

/**
 * A listing's life. `sold_out` is set by the order that takes the last unit and
 * cleared by a cancellation or a restock, so the market never offers what is gone.
 */

export const products = sqliteTable(
	'products',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id, { onDelete: 'cascade' }),
		sellerId: integer('seller_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Listed by a cadre for the village cooperative rather than by a villager for themself. */
		cooperative: integer('cooperative', { mode: 'boolean' }).notNull().default(false),
		title: text('title').notNull(),
		description: text('description').notNull(),
		category: text('category', { enum: productCategories }).notNull(),
		unit: text('unit', { enum: productUnits }).notNull(),
		/** Per unit, in fen. Orders copy it, so a later edit never changes an order already placed. */
		priceFen: integer('price_fen').notNull(),
		/** Units still for sale: placing an order takes from it in the same transaction, never below zero. */
		stock: integer('stock').notNull(),
		minOrder: integer('min_order').notNull().default(1),
		/** Harvest / ship window as calendar days (YYYY-MM-DD, China time); either end may be open. */
		shipsFrom: text('ships_from'),
		shipsUntil: text('ships_until'),
		/** Shipping by courier, with one fee per order (not per unit). */
		shipping: integer('shipping', { mode: 'boolean' }).notNull().default(true),
		shipFeeFen: integer('ship_fee_fen').notNull().default(0),
		/** Pickup in the village, at a named place and time ("村委会门口，每天下午4点后"). */
		pickup: integer('pickup', { mode: 'boolean' }).notNull().default(false),
		pickupPlace: text('pickup_place').notNull().default(''),
		pickupTime: text('pickup_time').notNull().default(''),
		/** 拼团: teams of `teamSize` within `teamHours` each pay `teamPriceFen` per unit. All null when not offered. */
		teamSize: integer('team_size'),
		teamPriceFen: integer('team_price_fen'),
		teamHours: integer('team_hours'),
		status: text('status', { enum: productStatuses }).notNull(),
		/** Kept beside the product so a list shows the stars without reading every review. */
		reviewCount: integer('review_count').notNull().default(0),
		ratingTotal: integer('rating_total').notNull().default(0),
		createdAt: at('created_at').notNull().default(now),
		updatedAt: at('updated_at').notNull().default(now),
		/** First listed: "newest" in the market sorts by it. */
		listedAt: at('listed_at')
	},
	(t) => [
		check('products_stock_not_negative', sql`${t.stock} >= 0`),
		check('products_price_positive', sql`${t.priceFen} > 0`),
		check('products_min_order_positive', sql`${t.minOrder} >= 1`),
		check('products_ship_fee_not_negative', sql`${t.shipFeeFen} >= 0`),
		check('products_team_price', sql`${t.teamPriceFen} IS NULL OR (${t.teamPriceFen} > 0 AND ${t.teamPriceFen} < ${t.priceFen})`),
		index('products_market_idx').on(t.status, t.listedAt, t.id),
		index('products_market_price_idx').on(t.status, t.priceFen, t.id),
		index('products_village_idx').on(t.villageId, t.status, t.listedAt),
		index('products_seller_idx').on(t.sellerId, t.status)
	]
);

export const productPhotos = sqliteTable(
	'product_photos',
	{
		productId: integer('product_id')
			.notNull()
			.references(() => products.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		photoId: text('photo_id')
			.notNull()
			.references(() => photos.id)
	},
	(t) => [primaryKey({ columns: [t.productId, t.position] })]
);

/** A signed-in buyer's cart; a visitor's lives in a cookie and is merged here on sign-in. */
export const cartItems = sqliteTable(
	'cart_items',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		productId: integer('product_id')
			.notNull()
			.references(() => products.id, { onDelete: 'cascade' }),
		quantity: integer('quantity').notNull(),
		addedAt: at('added_at').notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.userId, t.productId] }), check('cart_items_quantity_positive', sql`${t.quantity} > 0`)]
);

/** A 拼团: its orders are the team's members; the price is the listing's team price when it started. */
export const teams = sqliteTable(
	'teams',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		productId: integer('product_id')
			.notNull()
			.references(() => products.id),
		starterId: integer('starter_id')
			.notNull()
			.references(() => users.id),
		size: integer('size').notNull(),
		priceFen: integer('price_fen').notNull(),
		status: text('status', { enum: teamStatuses }).notNull(),
		createdAt: at('created_at').notNull(),
		expiresAt: at('expires_at').notNull(),
		closedAt: at('closed_at')
	},
	(t) => [check('teams_size', sql`${t.size} >= 2`), index('teams_open_idx').on(t.status, t.expiresAt), index('teams_product_idx').on(t.productId, t.status)]
);

export const orders = sqliteTable(
	'orders',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Groups the orders one checkout made (one per seller), for the "your orders" page after it. */
		checkoutId: text('checkout_id').notNull(),
		buyerId: integer('buyer_id')
			.notNull()
			.references(() => users.id),
		sellerId: integer('seller_id')
			.notNull()
			.references(() => users.id),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id),
		status: text('status', { enum: orderStatuses }).notNull(),
		delivery: text('delivery', { enum: deliveryMethods }).notNull(),
		recipientName: text('recipient_name').notNull(),
		recipientPhone: text('recipient_phone').notNull(),
		/** Empty for pickup. */
		address: text('address').notNull().default(''),
		/** Where and when, copied from the listing at ordering time. */
		pickupPlace: text('pickup_place').notNull().default(''),
		note: text('note').notNull().default(''),
		/** Computed on the server from the listing's price when the order was placed. */
		subtotalFen: integer('subtotal_fen').notNull(),
		shipFeeFen: integer('ship_fee_fen').notNull(),
		totalFen: integer('total_fen').notNull(),
		paymentProvider: text('payment_provider').notNull(),
		paymentMethod: text('payment_method', { enum: paymentMethods }).notNull(),
		/** What the buyer writes on a bank transfer, so the seller can match it. */
		paymentReference: text('payment_reference'),
		paidAt: at('paid_at'),
		teamId: integer('team_id').references(() => teams.id),
		trackingNote: text('tracking_note'),
		cancelReason: text('cancel_reason'),
		/**
		 * While `placed` and unpaid: when the order lapses unless the seller confirms it
		 * (stock back, nobody pays). Null for orders from before the window existed.
		 */
		expiresAt: at('expires_at'),
		createdAt: at('created_at').notNull(),
		updatedAt: at('updated_at').notNull()
	},
	(t) => [
		check('orders_totals', sql`${t.subtotalFen} >= 0 AND ${t.shipFeeFen} >= 0 AND ${t.totalFen} = ${t.subtotalFen} + ${t.shipFeeFen}`),
		index('orders_buyer_idx').on(t.buyerId, t.createdAt),
		index('orders_seller_idx').on(t.sellerId, t.status, t.createdAt),
		index('orders_checkout_idx').on(t.checkoutId),
		index('orders_team_idx').on(t.teamId),
		index('orders_expiry_idx').on(t.status, t.expiresAt)
	]
);

/** What was bought, as it was when bought: title, unit and price are copies. */
export const orderLines = sqliteTable(
	'order_lines',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		orderId: integer('order_id')
			.notNull()
			.references(() => orders.id, { onDelete: 'cascade' }),
		productId: integer('product_id')
			.notNull()
			.references(() => products.id),
		title: text('title').notNull(),
		unit: text('unit', { enum: productUnits }).notNull(),
		unitPriceFen: integer('unit_price_fen').notNull(),
		quantity: integer('quantity').notNull(),
		lineTotalFen: integer('line_total_fen').notNull()
	},
	(t) => [
		check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
		check('order_lines_total', sql`${t.lineTotalFen} = ${t.unitPriceFen} * ${t.quantity}`),
		index('order_lines_order_idx').on(t.orderId),
		index('order_lines_product_idx').on(t.productId)
	]
);

/** The order's timeline: one row per state it entered, who moved it and any note. */
export const orderEvents = sqliteTable(
	'order_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		orderId: integer('order_id')
			.notNull()
			.references(() => orders.id, { onDelete: 'cascade' }),
		status: text('status', { enum: orderStatuses }).notNull(),
		/**
		 * `paid` marks the payment confirmed without changing the state; `declined` and
		 * `expired` say why an order was cancelled: the seller said no (the note says
		 * why), or nobody confirmed it in time.
		 */
		kind: text('kind', { enum: ['status', 'paid', 'declined', 'expired'] }).notNull().default('status'),
		actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
		note: text('note'),
		at: at('at').notNull()
	},
	(t) => [index('order_events_order_idx').on(t.orderId, t.at)]
);

/** One review per product of a completed order. */
export const reviews = sqliteTable(
	'reviews',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		orderId: integer('order_id')
			.notNull()
			.references(() => orders.id, { onDelete: 'cascade' }),
		productId: integer('product_id')
			.notNull()
			.references(() => products.id, { onDelete: 'cascade' }),
		buyerId: integer('buyer_id').references(() => users.id, { onDelete: 'set null' }),
		rating: integer('rating').notNull(),
		comment: text('comment').notNull().default(''),
		photoId: text('photo_id').references(() => photos.id),
		createdAt: at('created_at').notNull()
	},
	(t) => [
		check('reviews_rating', sql`${t.rating} BETWEEN 1 AND 5`),
		uniqueIndex('reviews_order_product_unique').on(t.orderId, t.productId),
		index('reviews_product_idx').on(t.productId, t.createdAt)
	]
);

export type Product = typeof products.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type OrderEvent = typeof orderEvents.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Review = typeof reviews.$inferSelect;

