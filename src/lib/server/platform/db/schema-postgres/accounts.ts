import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from './bytea';

/** Stored as integer milliseconds since the epoch (UTC); shown in the viewer's locale. */
const createdAt = () =>
	timestamp('created_at', { mode: 'date', withTimezone: true, precision: 3 })
		.notNull()
		.default(sql`now()`);

export const users = pgTable('users', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	/** Lower-case, unique; what people type at login. */
	username: text('username').notNull().unique(),
	displayName: text('display_name').notNull(),
	passwordHash: text('password_hash').notNull(),
	/** Optional and never shown unmasked. */
	phone: text('phone'),
	locale: text('locale', { enum: ['zh-CN', 'en'] })
		.notNull()
		.default('zh-CN'),
	easyMode: boolean('easy_mode').notNull().default(false),
	/** 'auto' follows the browser's Save-Data hint. */
	dataSaver: text('data_saver', { enum: ['auto', 'on', 'off'] })
		.notNull()
		.default('auto'),
	isAdmin: boolean('is_admin').notNull().default(false),
	createdAt: createdAt()
});

export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		/** SHA-256 of the secret half of the token; the token itself is never stored. */
		secretHash: bytea('secret_hash').notNull(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull(),
		lastVerifiedAt: timestamp('last_verified_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/**
 * Browsers that have logged in to an account before. Failed logins from them are
 * counted per device, not against the account, so a stranger who exhausts the
 * account's failure budget cannot lock its owner out (OWASP "device cookies").
 */
export const trustedDevices = pgTable(
	'trusted_devices',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** One browser's token may be trusted by several accounts (a shared family phone). */
		tokenHash: bytea('token_hash').notNull(),
		createdAt: createdAt()
	},
	(t) => [uniqueIndex('trusted_devices_user_token_unique').on(t.userId, t.tokenHash)]
);

/** Sliding-window counters for throttling: one row per counted event. */
export const throttleEvents = pgTable(
	'throttle_events',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		bucket: text('bucket').notNull(),
		key: text('key').notNull(),
		at: timestamp('at', { mode: 'date', withTimezone: true, precision: 3 }).notNull()
	},
	(t) => [index('throttle_events_lookup_idx').on(t.bucket, t.key, t.at)]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
