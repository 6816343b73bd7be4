import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';

const at = (name: string) => integer(name, { mode: 'timestamp_ms' });

/**
 * An in-app notice to one person that something happened (each pillar registers its kinds).
 * Stored as a kind and its parameters, not as text, so it reads in the reader's language.
 */
export const notifications = sqliteTable(
	'notifications',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		params: text('params', { mode: 'json' }).$type<Record<string, string | number>>().notNull(),
		/** Where tapping it goes. */
		href: text('href').notNull(),
		createdAt: at('created_at').notNull(),
		readAt: at('read_at')
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.createdAt)]
);

export type Notification = typeof notifications.$inferSelect;
