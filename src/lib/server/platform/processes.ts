// Who is serving: every server process has a boot id and says it is alive now and
// then, so work one process left half-done (an idempotency claim) can be told apart
// from work another live process is still doing.
import { randomUUID } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import { db, engine, serverProcesses, transaction } from '$lib/server/platform/db';

/** This process. */
export const bootId = randomUUID();

const beatEveryMs = 10_000;
/** A process not seen for this long is gone (three missed beats). */
const goneAfterMs = 3 * beatEveryMs;

/**
 * More than one process may serve this database: PostgreSQL always may (other
 * machines), SQLite when WORKERS > 1. Alone, any other boot's work was left by a
 * process that is gone, and can be taken over at once after a crash.
 */
export const sharedByProcesses = engine === 'postgres' || Number(process.env.WORKERS ?? 1) > 1;

export async function beat(now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		await tx
			.insert(serverProcesses)
			.values({ bootId, startedAt: now, seenAt: now })
			.onConflictDoUpdate({ target: serverProcesses.bootId, set: { seenAt: now } });
		await tx.delete(serverProcesses).where(lt(serverProcesses.seenAt, new Date(now.getTime() - 10 * goneAfterMs)));
	});
}

/** Whether the process with this boot id may still be running. */
export async function isAlive(owner: string, now = new Date()): Promise<boolean> {
	if (owner === bootId) return true;
	if (!sharedByProcesses) return false;
	const [row] = await db.select({ seenAt: serverProcesses.seenAt }).from(serverProcesses).where(eq(serverProcesses.bootId, owner));
	return row !== undefined && now.getTime() - row.seenAt.getTime() < goneAfterMs;
}

/** Beats now and every few seconds; the timer never keeps the process alive on its own. */
export async function startBeating(): Promise<void> {
	await beat();
	setInterval(() => beat().catch((error) => console.error('heartbeat:', error)), beatEveryMs).unref();
}
