import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * What search finds, for every pillar (see the SQLite schema). PostgreSQL keeps
 * the weighted tsvector of the three fields beside them and the title's alone, GIN-indexed; the
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
		),
		/**
		 * The title's alone, for similar titles: `document` holds the answers too (2.5 KB a
		 * question, compressed out of line), and unpacking it for every title looked at cost a
		 * title being typed 100 ms or more at 200,000 questions; this stays in the row.
		 */
		titleDocument: tsvector('title_document').generatedAlwaysAs(sql`to_tsvector('simple', title)`)
	},
	(t) => [
		uniqueIndex('search_entries_ref_unique').on(t.kind, t.refId),
		index('search_entries_document_idx').using('gin', t.document),
		index('search_entries_title_document_idx').using('gin', t.titleDocument)
	]
);
