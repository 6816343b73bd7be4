import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { villages } from './villages';
import { photos } from './media';
import { orders, products } from './market';
import { liveStatuses, type LiveStatus, liveEventKinds, type LiveEventKind } from '../../../../live/vocabulary';

const at = (name: string) => timestamp(name, { mode: 'date', withTimezone: true, precision: 3 });
const now = sql`now()`;

/** A scheduled live sale (直播带货): hosted by a villager (their listings) or a cadre (the village cooperative's). */
export const liveSales = pgTable(
	'live_sales',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id, { onDelete: 'cascade' }),
		hostId: integer('host_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Hosted for the village cooperative by a cadre: its featured products are the cooperative's listings. */
		cooperative: boolean('cooperative').notNull().default(false),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		coverPhotoId: text('cover_photo_id').references(() => photos.id, { onDelete: 'set null' }),
		/** The host's stream on their streaming platform (https only); loaded only when a viewer asks for video. */
		streamUrl: text('stream_url'),
		/** The stream's recording, given by the host after the sale. */
		replayUrl: text('replay_url'),
		status: text('status', { enum: liveStatuses }).$type<LiveStatus>().notNull(),
		startsAt: at('starts_at').notNull(),
		plannedEndAt: at('planned_end_at').notNull(),
		startedAt: at('started_at'),
		endedAt: at('ended_at'),
		createdAt: at('created_at').notNull().default(now),
		updatedAt: at('updated_at').notNull().default(now)
	},
	(t) => [
		check('live_sales_times', sql`${t.plannedEndAt} > ${t.startsAt}`),
		index('live_sales_status_idx').on(t.status, t.startsAt),
		index('live_sales_village_idx').on(t.villageId, t.startsAt),
		index('live_sales_host_idx').on(t.hostId, t.startsAt)
	]
);

/** A featured product: sold at its flash price while the sale is live, up to its flash cap. */
export const liveItems = pgTable(
	'live_items',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		liveSaleId: integer('live_sale_id')
			.notNull()
			.references(() => liveSales.id, { onDelete: 'cascade' }),
		productId: integer('product_id')
			.notNull()
			.references(() => products.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		/** Per unit, in fen, below the listing's price. */
		flashPriceFen: integer('flash_price_fen').notNull(),
		/** Units offered at the flash price; taken from the product's stock as they sell. */
		flashCap: integer('flash_cap').notNull(),
		/** Units sold at the flash price in orders still standing (a cancelled order gives its units back). */
		sold: integer('sold').notNull().default(0),
		perBuyerLimit: integer('per_buyer_limit').notNull(),
		/** Within the live sale, when the flash price holds; open ends follow the sale's. */
		windowStartsAt: at('window_starts_at'),
		windowEndsAt: at('window_ends_at'),
		/** Set when the host pins it; the latest pinned is shown first. */
		pinnedAt: at('pinned_at')
	},
	(t) => [
		uniqueIndex('live_items_sale_product_unique').on(t.liveSaleId, t.productId),
		check('live_items_sold', sql`${t.sold} >= 0 AND ${t.sold} <= ${t.flashCap}`),
		check('live_items_price_positive', sql`${t.flashPriceFen} > 0`),
		check('live_items_limit_positive', sql`${t.perBuyerLimit} >= 1`),
		index('live_items_product_idx').on(t.productId)
	]
);

/** Units one buyer holds of one featured product, so the per-buyer limit is taken by one guarded statement. */
export const liveBuyerTotals = pgTable(
	'live_buyer_totals',
	{
		liveItemId: integer('live_item_id')
			.notNull()
			.references(() => liveItems.id, { onDelete: 'cascade' }),
		buyerId: integer('buyer_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		quantity: integer('quantity').notNull()
	},
	(t) => [primaryKey({ columns: [t.liveItemId, t.buyerId] }), check('live_buyer_totals_quantity', sql`${t.quantity} >= 0`)]
);

/** A market order placed from a live sale's page, at the flash price. */
export const liveOrders = pgTable(
	'live_orders',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		orderId: integer('order_id')
			.notNull()
			.references(() => orders.id, { onDelete: 'cascade' }),
		liveSaleId: integer('live_sale_id')
			.notNull()
			.references(() => liveSales.id, { onDelete: 'cascade' }),
		liveItemId: integer('live_item_id')
			.notNull()
			.references(() => liveItems.id, { onDelete: 'cascade' }),
		buyerId: integer('buyer_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		quantity: integer('quantity').notNull(),
		/** When its units went back to the flash cap (the order was cancelled, declined or lapsed). */
		releasedAt: at('released_at'),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [
		uniqueIndex('live_orders_order_unique').on(t.orderId),
		index('live_orders_sale_idx').on(t.liveSaleId, t.createdAt),
		check('live_orders_quantity_positive', sql`${t.quantity} > 0`)
	]
);

/** What the host shows from the phone in text-and-photo mode: a line, a photo, or both. */
export const liveMoments = pgTable(
	'live_moments',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		liveSaleId: integer('live_sale_id')
			.notNull()
			.references(() => liveSales.id, { onDelete: 'cascade' }),
		authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
		text: text('text').notNull().default(''),
		photoId: text('photo_id').references(() => photos.id, { onDelete: 'set null' }),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [index('live_moments_sale_idx').on(t.liveSaleId, t.id)]
);

export const liveComments = pgTable(
	'live_comments',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		liveSaleId: integer('live_sale_id')
			.notNull()
			.references(() => liveSales.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		text: text('text').notNull(),
		hiddenAt: at('hidden_at'),
		hiddenBy: integer('hidden_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [index('live_comments_sale_idx').on(t.liveSaleId, t.id)]
);

/** Viewers the host stopped from commenting on one live sale. */
export const liveMutes = pgTable(
	'live_mutes',
	{
		liveSaleId: integer('live_sale_id')
			.notNull()
			.references(() => liveSales.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		mutedBy: integer('muted_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.liveSaleId, t.userId] })]
);

/** "提醒我": told in the inbox when the sale starts. */
export const liveReminders = pgTable(
	'live_reminders',
	{
		liveSaleId: integer('live_sale_id')
			.notNull()
			.references(() => liveSales.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: at('created_at').notNull().default(now),
		notifiedAt: at('notified_at')
	},
	(t) => [primaryKey({ columns: [t.liveSaleId, t.userId] }), index('live_reminders_due_idx').on(t.notifiedAt, t.liveSaleId)]
);

/**
 * Everything a live sale's viewers are sent, in order: the id is the stream's event id, so a
 * viewer who reconnects with `Last-Event-ID` is sent the rows after it. A row names what changed
 * (`refId`: the moment, comment, order or item); the stream reads it as it is when sent.
 */
export const liveEvents = pgTable(
	'live_events',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		liveSaleId: integer('live_sale_id')
			.notNull()
			.references(() => liveSales.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: liveEventKinds }).$type<LiveEventKind>().notNull(),
		refId: integer('ref_id'),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [index('live_events_sale_idx').on(t.liveSaleId, t.id)]
);

/** Distinct viewers each process saw in the last minute, so every process can show the sum. */
export const liveViewerCounts = pgTable(
	'live_viewer_counts',
	{
		liveSaleId: integer('live_sale_id')
			.notNull()
			.references(() => liveSales.id, { onDelete: 'cascade' }),
		processId: text('process_id').notNull(),
		viewers: integer('viewers').notNull(),
		updatedAt: at('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.liveSaleId, t.processId] })]
);

export type LiveSale = typeof liveSales.$inferSelect;
export type LiveItem = typeof liveItems.$inferSelect;
export type LiveMoment = typeof liveMoments.$inferSelect;
export type LiveComment = typeof liveComments.$inferSelect;
export type LiveEvent = typeof liveEvents.$inferSelect;
