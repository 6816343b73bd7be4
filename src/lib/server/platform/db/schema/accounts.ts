import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Stored as integer milliseconds since the epoch (UTC); shown in the viewer's locale. */
const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable('users', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	/** Lower-case, unique; what people type at login. */
	username: text('username').notNull().unique(),
	displayName: text('display_name').notNull(),
	passwordHash: text('password_hash').notNull(),
	/** Optional and never shown unmasked. */
	phone: text('phone'),
	locale: text('locale', { enum: ['zh-CN', 'en'] })
		.notNull()
		.default('zh-CN'),
	easyMode: integer('easy_mode', { mode: 'boolean' }).notNull().default(false),
	/** 'auto' follows the browser's Save-Data hint. */
	dataSaver: text('data_saver', { enum: ['auto', 'on', 'off'] })
		.notNull()
		.default('auto'),
	isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
	createdAt: createdAt()
});

export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		/** SHA-256 of the secret half of the token; the token itself is never stored. */
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		lastVerifiedAt: integer('last_verified_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/**
 * Browsers that have logged in to an account before. Failed logins from them are
 * counted per device, not against the account, so a stranger who exhausts the
 * account's failure budget cannot lock its owner out (OWASP "device cookies").
 */
export const trustedDevices = sqliteTable(
	'trusted_devices',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** One browser's token may be trusted by several accounts (a shared family phone). */
		tokenHash: blob('token_hash', { mode: 'buffer' }).notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('trusted_devices_user_token_unique').on(t.userId, t.tokenHash)]
);

/** Sliding-window counters for throttling: one row per counted event. */
export const throttleEvents = sqliteTable(
	'throttle_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		bucket: text('bucket').notNull(),
		key: text('key').notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('throttle_events_lookup_idx').on(t.bucket, t.key, t.at)]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
