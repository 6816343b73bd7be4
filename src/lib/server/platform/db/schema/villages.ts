import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { villageRoles, type VillageRole } from '../../../../villages/vocabulary';

export const villages = sqliteTable('villages', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	/** Part of shared links and printed QR posters: never changes once set. */
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	county: text('county').notNull(),
	story: text('story').notNull().default(''),
	/** File stem of the cover photo under the media folder, if any. */
	coverPhoto: text('cover_photo'),
	createdAt: integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch('subsec') * 1000)`)
});

/**
 * A person's role in one village. A row is never deleted: revoking sets
 * revoked_at, so who verified whom, and when, stays on record.
 */
export const memberships = sqliteTable(
	'memberships',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id, { onDelete: 'cascade' }),
		role: text('role', { enum: villageRoles }).notNull(),
		/** The name the cadre checked in person. */
		realName: text('real_name').notNull(),
		verifiedBy: integer('verified_by').references(() => users.id, { onDelete: 'set null' }),
		verifiedAt: integer('verified_at', { mode: 'timestamp_ms' }).notNull(),
		revokedBy: integer('revoked_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('memberships_active_unique')
			.on(t.userId, t.villageId, t.role)
			.where(sql`${t.revokedAt} IS NULL`),
		index('memberships_village_idx').on(t.villageId)
	]
);

/** A one-time code a cadre hands to a villager met in person. Only its hash is kept. */
export const joinCodes = sqliteTable(
	'join_codes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull().unique(),
		/** Last characters of the code, so a cadre can tell codes apart in the list. */
		hint: text('hint').notNull(),
		forName: text('for_name').notNull(),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		redeemedBy: integer('redeemed_by').references(() => users.id, { onDelete: 'set null' }),
		redeemedAt: integer('redeemed_at', { mode: 'timestamp_ms' }),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('join_codes_village_idx').on(t.villageId)]
);

export type Village = typeof villages.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type JoinCode = typeof joinCodes.$inferSelect;

