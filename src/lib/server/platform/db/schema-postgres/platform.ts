import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Background work that runs once per due time across every process: a process
 * takes a job's lease with one guarded UPDATE, runs it, and sets its next run.
 * A lease left by a process that died runs out, and another takes the job.
 */
export const jobs = pgTable('jobs', {
	name: text('name').primaryKey(),
	nextRunAt: timestamp('next_run_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull(),
	leaseOwner: text('lease_owner'),
	leaseUntil: timestamp('lease_until', { mode: 'date', withTimezone: true, precision: 3 }),
	lastStartedAt: timestamp('last_started_at', { mode: 'date', withTimezone: true, precision: 3 }),
	lastFinishedAt: timestamp('last_finished_at', { mode: 'date', withTimezone: true, precision: 3 }),
	lastError: text('last_error'),
	/** Failures in a row: each one waits longer before the retry, up to the job's own interval. */
	failures: integer('failures').notNull().default(0)
});

/** Each server process says it is alive every few seconds; what it left running is abandoned once it stops. */
export const serverProcesses = pgTable('server_processes', {
	bootId: text('boot_id').primaryKey(),
	startedAt: timestamp('started_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull(),
	seenAt: timestamp('seen_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull()
});
