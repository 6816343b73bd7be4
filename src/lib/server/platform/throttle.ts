import { and, asc, count, desc, eq, gt, lt } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, lockFor, throttleEvents, transaction, unwitnessed, type Tx } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import type { Job } from '$lib/server/platform/jobs';

/** A named limit: at most `max` counted events per key within `windowMs`. */
export type Limit = { bucket: string; max: number; windowMs: number };

/**
 * For a network address, which a whole village may share behind one mobile NAT:
 * never a refusal, only a wait. The first `free` events in the window cost
 * nothing; each one after adds `stepMs`, up to `maxDelayMs`. A stranger guessing
 * makes everyone on the address wait a few seconds, and nobody is shut out.
 */
export type SlowDown = { bucket: string; windowMs: number; free: number; stepMs: number; maxDelayMs: number };

/**
 * For an address that creates things (accounts): `free` in the window at once,
 * then one every `intervalMs`, each request waiting for its turn. A request whose
 * turn is more than `maxWaitMs` away is told how long to wait instead of held.
 */
export type Spacing = { bucket: string; windowMs: number; free: number; intervalMs: number; maxWaitMs: number };

const minute = 60 * 1000;
const hour = 60 * minute;

export const limits = {
	/** Failed logins for one account from browsers it has never logged in from. */
	loginAccount: { bucket: 'login-account', max: 100, windowMs: hour },
	/** Failed logins from one browser the account has logged in from before. */
	loginDevice: { bucket: 'login-device', max: 20, windowMs: hour },
	/** Wrong join codes typed by one account: that account waits, nobody else. */
	joinCode: { bucket: 'join-code', max: 10, windowMs: hour },
	// What one account may post, generous for a person and far below a script. Counted on success.
	comment: { bucket: 'comment', max: 20, windowMs: 10 * minute },
	// A live sale's chat moves fast, but ten lines a minute is more than anyone types by hand.
	liveComment: { bucket: 'live-comment', max: 10, windowMs: minute },
	letter: { bucket: 'letter', max: 10, windowMs: hour },
	review: { bucket: 'review', max: 20, windowMs: hour },
	listing: { bucket: 'listing', max: 20, windowMs: hour },
	/** For the Q&A pillar: questions asked by one account. */
	question: { bucket: 'question', max: 10, windowMs: hour },
	answer: { bucket: 'answer', max: 30, windowMs: hour },
	/** For charity: pledges from one account, each a row a cadre must confirm or cancel. */
	pledge: { bucket: 'pledge', max: 10, windowMs: hour }
} satisfies Record<string, Limit>;

export const slowDowns = {
	/**
	 * Failed logins from one address: a whole village's typos (100 an hour) cost nothing; past
	 * them each failure adds 0.1 s, so at 150 an hour every login from it waits 5 s, and still gets in.
	 */
	loginAddress: { bucket: 'login-address', windowMs: hour, free: 100, stepMs: 100, maxDelayMs: 5000 },
	/** Wrong join codes from one address: the next villager's right code still works, a little later. */
	joinCodeAddress: { bucket: 'join-code-address', windowMs: hour, free: 20, stepMs: 250, maxDelayMs: 5000 }
} satisfies Record<string, SlowDown>;

/** SIGNUP_BURST: sign-ups an address makes in an hour before they take turns (10 unless set). */
const signupBurst = /^\d{1,9}$/.test(process.env.SIGNUP_BURST ?? '') ? Number(process.env.SIGNUP_BURST) : 10;

export const spacings = {
	/**
	 * Sign-ups from one address: ten at once, then one every 15 s (240 an hour). A
	 * cadre signing up a queue of villagers at the village office waits seconds
	 * between them; a script makes 240 an hour instead of 100 a second.
	 */
	registerAddress: { bucket: 'register-address', windowMs: hour, free: signupBurst, intervalMs: 15_000, maxWaitMs: 60_000 }
} satisfies Record<string, Spacing>;

async function eventsSince(handle: Tx, bucket: string, key: string, since: Date): Promise<number> {
	const [row] = await handle
		.select({ n: count() })
		.from(throttleEvents)
		.where(and(eq(throttleEvents.bucket, bucket), eq(throttleEvents.key, key), gt(throttleEvents.at, since)));
	return row?.n ?? 0;
}

export async function isOverLimit(limit: Limit, key: string, now = new Date()): Promise<boolean> {
	return (await eventsSince(db, limit.bucket, key, new Date(now.getTime() - limit.windowMs))) >= limit.max;
}

/** How long until one more event fits under the limit (0 if it fits now). */
export async function msUntilAllowed(handle: Tx, limit: Limit, key: string, now = new Date()): Promise<number> {
	const since = new Date(now.getTime() - limit.windowMs);
	const n = await eventsSince(handle, limit.bucket, key, since);
	if (n < limit.max) return 0;
	// The window must drop the events that put it at the limit: the oldest (n - max + 1) of them.
	const [freeing] = await handle
		.select({ at: throttleEvents.at })
		.from(throttleEvents)
		.where(and(eq(throttleEvents.bucket, limit.bucket), eq(throttleEvents.key, key), gt(throttleEvents.at, since)))
		.orderBy(asc(throttleEvents.at))
		.limit(1)
		.offset(n - limit.max);
	return freeing ? Math.max(0, freeing.at.getTime() + limit.windowMs - now.getTime()) : 0;
}

/**
 * Refuses, with how many minutes to wait, when this account has used up its
 * allowance; otherwise counts one. Call it in the transaction that stores
 * the thing, after its own checks, so a refused post costs nothing. The
 * account's lock makes two requests that arrive together take turns, so they
 * cannot both take the last place.
 */
export async function spendAllowance(tx: Tx, limit: Limit, key: string | number, now = new Date()): Promise<void> {
	await lockFor(tx, `throttle:${limit.bucket}:${key}`);
	await checkAllowance(tx, limit, key, now);
	await recordEvent(tx, limit, String(key), now);
}

/** The refusal alone, for a check before slow work (storing photos) that spends the allowance afterwards. */
export async function checkAllowance(handle: Tx, limit: Limit, key: string | number, now = new Date()): Promise<void> {
	const waitMs = await msUntilAllowed(handle, limit, String(key), now);
	if (waitMs > 0) throw new UserError(m.error_rate_limited({ minutes: Math.max(1, Math.ceil(waitMs / minute)) }), 429);
}

/** The wait an address has earned by its failures in the window. */
export async function slowDownMs(rule: SlowDown, key: string, now = new Date()): Promise<number> {
	const n = await eventsSince(db, rule.bucket, key, new Date(now.getTime() - rule.windowMs));
	return n < rule.free ? 0 : Math.min(rule.maxDelayMs, (n - rule.free + 1) * rule.stepMs);
}

/**
 * Takes the next turn for this key and says how long to wait for it; a turn
 * more than `maxWaitMs` away is refused with the seconds to wait. The turn is
 * written before anyone waits, so requests that arrive together queue up
 * rather than all going at once.
 */
export function takeTurn(rule: Spacing, key: string, now = new Date()): Promise<number> {
	return unwitnessed(() =>
		transaction(async (tx) => {
			await lockFor(tx, `turn:${rule.bucket}:${key}`);
			const since = new Date(now.getTime() - rule.windowMs);
			if ((await eventsSince(tx, rule.bucket, key, since)) < rule.free) {
				await recordEvent(tx, rule, key, now);
				return 0;
			}
			const [last] = await tx
				.select({ at: throttleEvents.at })
				.from(throttleEvents)
				.where(and(eq(throttleEvents.bucket, rule.bucket), eq(throttleEvents.key, key)))
				.orderBy(desc(throttleEvents.at))
				.limit(1);
			const turn = Math.max(now.getTime(), (last?.at.getTime() ?? 0) + rule.intervalMs);
			const waitMs = turn - now.getTime();
			if (waitMs > rule.maxWaitMs) {
				throw new UserError(m.error_register_busy({ seconds: Math.ceil((waitMs - rule.maxWaitMs) / 1000) }), 429);
			}
			await recordEvent(tx, rule, key, new Date(turn));
			return waitMs;
		})
	);
}

/** The server's pause before answering; tests pass a recorder instead of waiting. */
export type Wait = (ms: number) => Promise<void>;
export const wait: Wait = (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

const longestWindowMs = Math.max(...[...Object.values(limits), ...Object.values(slowDowns), ...Object.values(spacings)].map((l) => l.windowMs));

/**
 * Counts one event in a transaction of its own (a failed login, a wrong code):
 * a count is not the request's write, so it never marks a keyed request's claim committed.
 */
export function countEvent(limit: Pick<Limit, 'bucket'>, key: string, now = new Date()): Promise<void> {
	return unwitnessed(() => transaction((tx) => recordEvent(tx, limit, key, now)));
}

async function recordEvent(tx: Tx, limit: Pick<Limit, 'bucket'>, key: string, now: Date): Promise<void> {
	await tx.insert(throttleEvents).values({ bucket: limit.bucket, key, at: now });
}

/**
 * Events older than every window count for nothing: forgotten every ten minutes by
 * one process, so a server that runs for months under guessing keeps a small table
 * and no request pays for the sweep.
 */
export const pruneThrottleEventsJob: Job = {
	name: 'throttle.prune-events',
	label: m.job_throttle_prune_events,
	everyMs: 10 * 60 * 1000,
	run: async (now) => {
		await transaction((tx) => tx.delete(throttleEvents).where(lt(throttleEvents.at, new Date(now.getTime() - longestWindowMs))));
	}
};
