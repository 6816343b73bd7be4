import { and, count, eq, gt, lt } from 'drizzle-orm';
import { db, throttleEvents, unwitnessed } from '$lib/server/db';

/** A named limit: at most `max` counted events per key within `windowMs`. */
export type Limit = { bucket: string; max: number; windowMs: number };

const hour = 60 * 60 * 1000;

export const limits = {
	/** Failed logins for one account from browsers it has never logged in from. */
	loginAccount: { bucket: 'login-account', max: 100, windowMs: hour },
	/** Failed logins from one network address; generous because a village may share one mobile NAT. */
	loginAddress: { bucket: 'login-address', max: 300, windowMs: hour },
	/** Failed logins from one browser the account has logged in from before. */
	loginDevice: { bucket: 'login-device', max: 20, windowMs: hour },
	/** Wrong join codes typed by one account. */
	joinCode: { bucket: 'join-code', max: 10, windowMs: hour }
} satisfies Record<string, Limit>;

export function isOverLimit(limit: Limit, key: string, now = new Date()): boolean {
	const since = new Date(now.getTime() - limit.windowMs);
	const row = db
		.select({ n: count() })
		.from(throttleEvents)
		.where(
			and(
				eq(throttleEvents.bucket, limit.bucket),
				eq(throttleEvents.key, key),
				gt(throttleEvents.at, since)
			)
		)
		.get();
	return (row?.n ?? 0) >= limit.max;
}

const longestWindowMs = Math.max(...Object.values(limits).map((l) => l.windowMs));
const pruneEveryMs = 10 * 60 * 1000;
let lastPrunedAt = 0;

/** A count is not the request's write: it never marks a keyed request's claim committed. */
export function countEvent(limit: Limit, key: string, now = new Date()): void {
	unwitnessed(() => recordEvent(limit, key, now));
}

function recordEvent(limit: Limit, key: string, now: Date): void {
	db.insert(throttleEvents).values({ bucket: limit.bucket, key, at: now }).run();
	// Events older than every window count for nothing: forget them now and then, so a
	// server that runs for months under guessing keeps a small table.
	if (now.getTime() - lastPrunedAt >= pruneEveryMs) {
		lastPrunedAt = now.getTime();
		db.delete(throttleEvents)
			.where(lt(throttleEvents.at, new Date(now.getTime() - longestWindowMs)))
			.run();
	}
}
