import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { villageRoles, type VillageRole } from '../../../../villages/vocabulary';

export const villages = pgTable('villages', {
	id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
	/** Part of shared links and printed QR posters: never changes once set. */
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	county: text('county').notNull(),
	story: text('story').notNull().default(''),
	/** File stem of the cover photo under the media folder, if any. */
	coverPhoto: text('cover_photo'),
	createdAt: timestamp('created_at', { mode: 'date', withTimezone: true, precision: 3 })
		.notNull()
		.default(sql`now()`)
});

/**
 * A person's role in one village. A row is never deleted: revoking sets
 * revoked_at, so who verified whom, and when, stays on record.
 */
export const memberships = pgTable(
	'memberships',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
		verifiedAt: timestamp('verified_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull(),
		revokedBy: integer('revoked_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: timestamp('revoked_at', { mode: 'date', withTimezone: true, precision: 3 })
	},
	(t) => [
		uniqueIndex('memberships_active_unique')
			.on(t.userId, t.villageId, t.role)
			.where(sql`${t.revokedAt} IS NULL`),
		index('memberships_village_idx').on(t.villageId)
	]
);

/** A one-time code a cadre hands to a villager met in person. Only its hash is kept. */
export const joinCodes = pgTable(
	'join_codes',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull().unique(),
		/** Last characters of the code, so a cadre can tell codes apart in the list. */
		hint: text('hint').notNull(),
		forName: text('for_name').notNull(),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull(),
		expiresAt: timestamp('expires_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull(),
		redeemedBy: integer('redeemed_by').references(() => users.id, { onDelete: 'set null' }),
		redeemedAt: timestamp('redeemed_at', { mode: 'date', withTimezone: true, precision: 3 }),
		revokedAt: timestamp('revoked_at', { mode: 'date', withTimezone: true, precision: 3 })
	},
	(t) => [index('join_codes_village_idx').on(t.villageId)]
);

export type Village = typeof villages.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type JoinCode = typeof joinCodes.$inferSelect;

