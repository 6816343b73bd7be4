import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { villages } from './villages';

/** Every cadre and admin action, append-only, so villagers can see who did what. */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
		villageId: integer('village_id').references(() => villages.id, { onDelete: 'set null' }),
		action: text('action').notNull(),
		subjectUserId: integer('subject_user_id').references(() => users.id, { onDelete: 'set null' }),
		/** JSON with what a reader needs to understand the entry (names, codes' hints). */
		detail: text('detail', { mode: 'json' }).$type<Record<string, string | number | null>>()
	},
	(t) => [index('audit_log_village_idx').on(t.villageId, t.at)]
);

export type AuditEntry = typeof auditLog.$inferSelect;
