import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './accounts';

const at = (name: string) => timestamp(name, { mode: 'date', withTimezone: true, precision: 3 });

/**
 * An in-app notice to one person that something happened (each pillar registers its kinds).
 * Stored as a kind and its parameters, not as text, so it reads in the reader's language.
 */
export const notifications = pgTable(
	'notifications',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		params: jsonb('params').$type<Record<string, string | number>>().notNull(),
		/** Where tapping it goes. */
		href: text('href').notNull(),
		createdAt: at('created_at').notNull(),
		readAt: at('read_at')
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.createdAt)]
);

export type Notification = typeof notifications.$inferSelect;
