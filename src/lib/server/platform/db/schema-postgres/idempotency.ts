import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * A write that carried an idempotency key, and the response it got. A retry,
 * a double tap or the outbox replaying it gets that response again instead of
 * a second effect (Stripe's design; the IETF Idempotency-Key draft).
 */
export const idempotentRequests = pgTable(
	'idempotent_requests',
	{
		id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
		/** `user:<id>` or `visitor`: a key only ever answers the account that made it. */
		scope: text('scope').notNull(),
		key: text('key').notNull(),
		/** SHA-256 of method, path and body: the same key with another body is refused. */
		requestHash: text('request_hash').notNull(),
		/**
		 * The process (its boot id) running the first request. After a crash a row
		 * still running under another boot is abandoned: nobody will finish it.
		 */
		owner: text('owner'),
		/**
		 * Set in the same transaction as the write the key made, so after a crash
		 * it says whether that write happened.
		 */
		committedAt: timestamp('committed_at', { mode: 'date', withTimezone: true, precision: 3 }),
		/** Null while the first request is still running. */
		status: integer('status'),
		/** The answer's Location; while running, the page the write said shows its result (an order). */
		location: text('location'),
		contentType: text('content_type'),
		contentSecurityPolicy: text('content_security_policy'),
		body: text('body'),
		createdAt: timestamp('created_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull()
	},
	(t) => [uniqueIndex('idempotent_requests_key_unique').on(t.scope, t.key), index('idempotent_requests_created_idx').on(t.createdAt)]
);

export type IdempotentRequest = typeof idempotentRequests.$inferSelect;
