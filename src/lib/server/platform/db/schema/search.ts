import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * What search finds, for every pillar: one row per searchable thing (a product,
 * later a question), holding its text as tokens (platform/search-tokens.ts), in
 * three fields weighted title > extra > body. The SQLite full-text index over
 * it (search_fts, FTS5) is made and kept in step by a migration's triggers.
 */
export const searchEntries = sqliteTable(
	'search_entries',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind').notNull(),
		refId: integer('ref_id').notNull(),
		title: text('title').notNull(),
		extra: text('extra').notNull(),
		body: text('body').notNull()
	},
	(t) => [uniqueIndex('search_entries_ref_unique').on(t.kind, t.refId)]
);
