// Background jobs run once per due time whichever process asks, retry after a failure,
// and are taken over when the process running one dies.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { jobs, transaction } from '$lib/server/platform/db';
import { listJobs, registerJob, runDueJobs } from '$lib/server/platform/jobs';

const minute = 60_000;

describe('jobs', () => {
	it('runs a due job once, even when two processes look at the same moment', async () => {
		let runs = 0;
		registerJob({ name: 'test.once', label: () => 'Once', everyMs: 10 * minute, run: async () => void runs++ });
		const now = new Date('2026-12-01T08:00:00Z');
		const [a, b] = await Promise.all([runDueJobs(now, 'process-a'), runDueJobs(now, 'process-b')]);
		expect(runs).toBe(1);
		expect([...a, ...b].filter((name) => name === 'test.once')).toHaveLength(1);
		// Not due again until its interval has passed.
		await runDueJobs(new Date(now.getTime() + 9 * minute), 'process-b');
		expect(runs).toBe(1);
		await runDueJobs(new Date(now.getTime() + 10 * minute), 'process-b');
		expect(runs).toBe(2);
	});

	it('keeps the last error, retries sooner than its interval, and clears the error when it works', async () => {
		let fail = true;
		registerJob({
			name: 'test.flaky',
			label: () => 'Flaky',
			everyMs: 60 * minute,
			run: async () => {
				if (fail) throw new Error('disk full');
			}
		});
		const now = new Date('2026-12-01T09:00:00Z');
		await runDueJobs(now, 'process-a');
		let status = (await listJobs(now)).find((job) => job.name === 'test.flaky')!;
		expect(status.lastError).toBe('disk full');
		expect(status.label).toBe('Flaky');
		expect(status.failures).toBe(1);
		expect(status.nextRunAt.getTime() - Date.now()).toBeLessThan(60 * minute);
		fail = false;
		await runDueJobs(new Date(Date.now() + 2 * minute), 'process-a');
		status = (await listJobs()).find((job) => job.name === 'test.flaky')!;
		expect(status.lastError).toBeNull();
		expect(status.failures).toBe(0);
	});

	it('lets another process take a job whose runner died before its lease ran out', async () => {
		let runs = 0;
		registerJob({ name: 'test.orphan', label: () => 'Orphan', everyMs: 60 * minute, leaseMs: 5 * minute, run: async () => void runs++ });
		const now = new Date('2026-12-01T10:00:00Z');
		// A process took the job and died (kill -9) while running it.
		await transaction((tx) =>
			tx.insert(jobs).values({ name: 'test.orphan', nextRunAt: now, leaseOwner: 'dead', leaseUntil: new Date(now.getTime() + 5 * minute) })
		);
		await runDueJobs(new Date(now.getTime() + minute), 'process-b');
		expect(runs).toBe(0);
		await runDueJobs(new Date(now.getTime() + 6 * minute), 'process-b');
		expect(runs).toBe(1);
		const [row] = await transaction((tx) => tx.select().from(jobs).where(eq(jobs.name, 'test.orphan')));
		expect(row.leaseOwner).toBeNull();
	});
});
