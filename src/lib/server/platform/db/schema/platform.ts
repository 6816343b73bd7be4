import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Background work that runs once per due time across every process: a process
 * takes a job's lease with one guarded UPDATE, runs it, and sets its next run.
 * A lease left by a process that died runs out, and another takes the job.
 */
export const jobs = sqliteTable('jobs', {
	name: text('name').primaryKey(),
	nextRunAt: integer('next_run_at', { mode: 'timestamp_ms' }).notNull(),
	leaseOwner: text('lease_owner'),
	leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
	lastStartedAt: integer('last_started_at', { mode: 'timestamp_ms' }),
	lastFinishedAt: integer('last_finished_at', { mode: 'timestamp_ms' }),
	lastError: text('last_error'),
	/** Failures in a row: each one waits longer before the retry, up to the job's own interval. */
	failures: integer('failures').notNull().default(0)
});

/** Each server process says it is alive every few seconds; what it left running is abandoned once it stops. */
export const serverProcesses = sqliteTable('server_processes', {
	bootId: text('boot_id').primaryKey(),
	startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
	seenAt: integer('seen_at', { mode: 'timestamp_ms' }).notNull()
});
