// Background work for every pillar (team expiry, the media sweep, key pruning, later
// reminders and escalations): registered here, run once per due time across all
// processes, retried after a failure, and listed on /admin.
import { and, asc, eq, isNull, lt, lte, or } from 'drizzle-orm';
import { db, jobs, transaction } from '$lib/server/platform/db';
import { bootId } from './processes';

export type Job = {
	name: string;
	/** What the job does, in the reader's language: /admin lists it so. */
	label: () => string;
	everyMs: number;
	/** Longer than the job ever takes: past it, another process may take the job over. */
	leaseMs?: number;
	run(now: Date): Promise<void>;
};

export type JobStatus = {
	name: string;
	/** The job's own label, or its name when no process of this version registers it any more. */
	label: string;
	everyMs: number | null;
	lastStartedAt: Date | null;
	lastFinishedAt: Date | null;
	nextRunAt: Date;
	running: boolean;
	lastError: string | null;
	failures: number;
};

const registry = new Map<string, Job>();
const firstRetryMs = 30_000;
const defaultLeaseMs = 10 * 60_000;

export function registerJob(job: Job): void {
	registry.set(job.name, job);
}

/** Jobs this process has made a row for; a new job's row is due at once. */
const known = new Set<string>();

/** Takes the job if it is due and nobody holds it: one guarded UPDATE, so one process wins. */
async function claim(name: string, leaseMs: number, owner: string, now: Date): Promise<boolean> {
	if (!known.has(name)) {
		await transaction((tx) => tx.insert(jobs).values({ name, nextRunAt: now }).onConflictDoNothing());
		known.add(name);
	}
	const claimed = await transaction((tx) =>
		tx
			.update(jobs)
			.set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), lastStartedAt: now })
			.where(and(eq(jobs.name, name), dueAndFree(now)))
			.returning({ name: jobs.name })
	);
	return claimed.length > 0;
}

const dueAndFree = (now: Date) => and(lte(jobs.nextRunAt, now), or(isNull(jobs.leaseUntil), lt(jobs.leaseUntil, now)));

async function finish(job: Job, owner: string, now: Date, error: unknown): Promise<void> {
	const done = new Date();
	const mine = and(eq(jobs.name, job.name), eq(jobs.leaseOwner, owner));
	await transaction(async (tx) => {
		if (error === undefined) {
			await tx
				.update(jobs)
				.set({ leaseOwner: null, leaseUntil: null, lastFinishedAt: done, lastError: null, failures: 0, nextRunAt: new Date(now.getTime() + job.everyMs) })
				.where(mine);
			return;
		}
		const [row] = await tx.select({ failures: jobs.failures }).from(jobs).where(mine);
		const failures = (row?.failures ?? 0) + 1;
		const retryMs = Math.min(job.everyMs, firstRetryMs * 2 ** (failures - 1));
		const message = error instanceof Error ? error.message : String(error);
		await tx
			.update(jobs)
			.set({ leaseOwner: null, leaseUntil: null, lastFinishedAt: done, lastError: message.slice(0, 500), failures, nextRunAt: new Date(done.getTime() + retryMs) })
			.where(mine);
	});
}

/** Runs every registered job that is due and free, one after another; returns the names it ran. */
export async function runDueJobs(now = new Date(), owner: string = bootId): Promise<string[]> {
	const ran: string[] = [];
	// One read decides which jobs to try: an idle tick writes nothing (on SQLite it would queue for the writer).
	const due = new Set((await db.select({ name: jobs.name }).from(jobs).where(dueAndFree(now))).map((row) => row.name));
	for (const job of registry.values()) {
		if (known.has(job.name) && !due.has(job.name)) continue;
		if (!(await claim(job.name, job.leaseMs ?? defaultLeaseMs, owner, now))) continue;
		let failure: unknown;
		try {
			await job.run(now);
		} catch (error) {
			failure = error ?? new Error('failed');
			console.error(`job ${job.name}:`, error);
		}
		await finish(job, owner, now, failure);
		ran.push(job.name);
	}
	return ran;
}

const tickMs = 5_000;

/** Looks for due jobs now and every few seconds. */
export function startJobs(): void {
	let busy = false;
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			await runDueJobs();
		} catch (error) {
			console.error('jobs:', error);
		} finally {
			busy = false;
		}
	};
	void tick();
	setInterval(tick, tickMs).unref();
}

/** Every job this database has run, with when and how it last went, for /admin. */
export async function listJobs(now = new Date()): Promise<JobStatus[]> {
	const rows = await db.select().from(jobs).orderBy(asc(jobs.name));
	return rows.map((row) => ({
		name: row.name,
		label: registry.get(row.name)?.label() ?? row.name,
		everyMs: registry.get(row.name)?.everyMs ?? null,
		lastStartedAt: row.lastStartedAt,
		lastFinishedAt: row.lastFinishedAt,
		nextRunAt: row.nextRunAt,
		running: row.leaseUntil !== null && row.leaseUntil > now,
		lastError: row.lastError,
		failures: row.failures
	}));
}
