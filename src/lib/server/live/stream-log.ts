// The log every live sale's stream is made from: one row per thing viewers are told, written
// in the transaction of the change itself, so nothing is announced that did not happen and
// nothing that happened goes unannounced. After the commit, `announce` tells every process
// (platform events: the payload is the sale's id); each reads the new rows once for all its viewers.
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import { db, liveEvents, lockFor, type LiveEvent, type Tx } from '$lib/server/platform/db';
import { publish } from '$lib/server/platform/events';
import type { LiveEventKind } from '$lib/live/vocabulary';

export const liveChannel = 'live';

/**
 * Appends one row to the sale's log. On PostgreSQL two transactions could take ids 10 and 11 and
 * commit 11 first, and a viewer who had read 11 would never be sent 10: a lock per sale, held to
 * the commit, makes a sale's rows commit in the order of their ids. Taken last in every
 * transaction that writes to the log, so it never waits while holding what another needs.
 */
export async function appendLiveEvent(tx: Tx, saleId: number, kind: LiveEventKind, refId: number | null, now = new Date()): Promise<number> {
	await lockFor(tx, `live-events:${saleId}`);
	const [row] = await tx.insert(liveEvents).values({ liveSaleId: saleId, kind, refId, createdAt: now }).returning({ id: liveEvents.id });
	return row.id;
}

/** Tells every process that the sale's log grew; call after the commit. A lost message is caught by the rooms' polling. */
export async function announce(saleId: number): Promise<void> {
	await publish(liveChannel, String(saleId)).catch((error: unknown) => console.error(`live ${saleId}: announce failed:`, error));
}

/** The rows after `afterId`, oldest first, at most `limit`. */
export function liveEventsAfter(saleId: number, afterId: number, limit = 200): Promise<LiveEvent[]> {
	return db
		.select()
		.from(liveEvents)
		.where(and(eq(liveEvents.liveSaleId, saleId), gt(liveEvents.id, afterId)))
		.orderBy(asc(liveEvents.id))
		.limit(limit);
}

/** The id of the sale's last row, 0 before the first: where a page rendered now leaves its stream off. */
export async function lastLiveEventId(saleId: number): Promise<number> {
	const [row] = await db
		.select({ id: liveEvents.id })
		.from(liveEvents)
		.where(eq(liveEvents.liveSaleId, saleId))
		.orderBy(desc(liveEvents.id))
		.limit(1);
	return row?.id ?? 0;
}
