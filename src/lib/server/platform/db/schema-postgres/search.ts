import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * What search finds, for every pillar (see the SQLite schema). PostgreSQL keeps
 * the weighted tsvector of the three fields beside them, GIN-indexed; the
 * 'simple' configuration leaves the tokens as the segmenter made them.
 */
export const searchEntries = pgTable(
	'search_entries',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		kind: text('kind').notNull(),
		refId: integer('ref_id').notNull(),
		title: text('title').notNull(),
		extra: text('extra').notNull(),
		body: text('body').notNull(),
		document: tsvector('document').generatedAlwaysAs(
			sql`setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', extra), 'B') || setweight(to_tsvector('simple', body), 'C')`
		)
	},
	(t) => [uniqueIndex('search_entries_ref_unique').on(t.kind, t.refId), index('search_entries_document_idx').using('gin', t.document)]
);
