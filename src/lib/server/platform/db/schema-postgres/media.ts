import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './accounts';
import { type PhotoFormat, type Rendition } from '../../../../media-types';

/**
 * An uploaded photo after the pipeline: upright, metadata stripped, re-encoded.
 * The id is a hash of the upright pixels' encoding, so the same photo uploaded
 * twice is stored once and its file names reveal nothing.
 */
export const photos = pgTable('photos', {
	id: text('id').primaryKey(),
	/** Of the largest rendition, so pages reserve the right box before it loads. */
	width: integer('width').notNull(),
	height: integer('height').notNull(),
	/** A tiny blurred image as a data: URI (≤ 300 bytes), shown inline while the photo loads. */
	placeholder: text('placeholder').notNull(),
	renditions: jsonb('renditions').$type<Rendition[]>().notNull(),
	uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { mode: 'date', withTimezone: true, precision: 3 })
		.notNull()
		.default(sql`now()`)
});

export type Photo = typeof photos.$inferSelect;

export { type PhotoFormat, type Rendition };
