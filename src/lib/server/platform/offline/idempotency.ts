import { createHash } from 'node:crypto';
import * as m from '$lib/paraglide/messages';
import { bootId, isAlive } from '$lib/server/platform/processes';
import type { Job } from '$lib/server/platform/jobs';
import { and, eq, isNull, lt } from 'drizzle-orm';
import { db, idempotentRequests, transaction, type IdempotentRequest, type Tx, type WriteWitness } from '$lib/server/platform/db';
import { idempotencyField, idempotencyKeyPattern, idempotencyRetentionMs } from '$lib/offline';
import { postedForm } from '$lib/server/platform/posted-form';

/** The stored answer to a keyed write, replayed byte for byte to any repeat of it. */
export type StoredResponse = Pick<IdempotentRequest, 'status' | 'location' | 'contentType' | 'contentSecurityPolicy' | 'body'>;

export type Claim =
	| { kind: 'first'; id: number }
	| { kind: 'repeat'; id: number; response: StoredResponse & { status: number } }
	| { kind: 'running' }
	| { kind: 'mismatch' };

export type KeyedWrite = { key: string; hash: string };

/**
 * Each claim records the boot of the process that runs it. A claim still running
 * under a process that is gone (kill -9, a power cut) will never be finished by
 * anyone; one under a live process (another worker, another machine) is waited for.
 */
export { bootId };

/**
 * The idempotency key and a fingerprint of everything else the form carries
 * (method, path, fields in order, files by content), or null when the form has
 * no usable key and is handled like any other post.
 */
export async function fingerprintWrite(request: Request, url: URL): Promise<KeyedWrite | null> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return null;
	let form: FormData;
	try {
		// The one parse of this body, which the action reads too.
		form = await postedForm(request);
	} catch {
		return null;
	}
	const key = form.get(idempotencyField);
	if (typeof key !== 'string' || !idempotencyKeyPattern.test(key)) return null;
	const hash = createHash('sha256').update(`${request.method} ${url.pathname}${url.search}\n`);
	for (const [name, value] of form) {
		if (name === idempotencyField) continue;
		hash.update(`${name}\0`);
		if (typeof value === 'string') hash.update(`s${value.length}:${value}\0`);
		else hash.update(`f${value.size}:`).update(new Uint8Array(await value.arrayBuffer())).update('\0');
	}
	return { key, hash: hash.digest('hex') };
}

/**
 * Claims a key for this write. The UNIQUE(scope, key) constraint decides who
 * is first, so two requests arriving together cannot both run. `formPage` is
 * where the form lives: the answer to a key whose write committed but whose
 * answer was lost in a crash.
 */
export async function claimKey(scope: string, write: KeyedWrite, formPage: string, now = new Date()): Promise<Claim> {
	const [inserted] = await transaction((tx) =>
		tx
			.insert(idempotentRequests)
			.values({ scope, key: write.key, requestHash: write.hash, owner: bootId, createdAt: now })
			.onConflictDoNothing()
			.returning({ id: idempotentRequests.id })
	);
	if (inserted) return { kind: 'first', id: inserted.id };
	const [existing] = await db
		.select()
		.from(idempotentRequests)
		.where(and(eq(idempotentRequests.scope, scope), eq(idempotentRequests.key, write.key)));
	// Released between the insert and the select: the first attempt was refused; try again.
	if (!existing) return claimKey(scope, write, formPage, now);
	if (existing.requestHash !== write.hash) return { kind: 'mismatch' };
	if (existing.status !== null) return { kind: 'repeat', id: existing.id, response: { ...existing, status: existing.status } };
	if (existing.owner !== null && (await isAlive(existing.owner, now))) return { kind: 'running' };
	return recoverAbandoned(existing, formPage);
}

/**
 * A claim a dead process left running. If its write committed, the write is not
 * run again: the answer is the page showing its result (the order it placed) or
 * else the form's page. If not, nothing happened, and this request takes the
 * claim over and runs the write.
 */
async function recoverAbandoned(claim: IdempotentRequest, formPage: string): Promise<Claim> {
	if (claim.committedAt) return { kind: 'repeat', id: claim.id, response: await answerCommitted(claim.id, claim.location ?? formPage) };
	const [taken] = await transaction((tx) =>
		tx
			.update(idempotentRequests)
			.set({ owner: bootId })
			.where(
				and(
					eq(idempotentRequests.id, claim.id),
					isNull(idempotentRequests.status),
					claim.owner === null ? isNull(idempotentRequests.owner) : eq(idempotentRequests.owner, claim.owner)
				)
			)
			.returning({ id: idempotentRequests.id })
	);
	// Another request of this process took it over a moment ago: wait for it like any running claim.
	return taken ? { kind: 'first', id: taken.id } : { kind: 'running' };
}

/** Stores, and returns, "see the result" as the answer to a key whose write committed without one. */
async function answerCommitted(id: number, location: string): Promise<StoredResponse & { status: number }> {
	const response = { status: 303, location, contentType: null, contentSecurityPolicy: null, body: null };
	await transaction((tx) =>
		tx
			.update(idempotentRequests)
			.set(response)
			.where(and(eq(idempotentRequests.id, id), isNull(idempotentRequests.status)))
	);
	return response;
}

/**
 * What the claim's writes leave behind: each transaction that writes on its
 * behalf also marks it committed, with the result page the write named.
 */
export function claimWitness(id: number): WriteWitness {
	const witness: WriteWitness = {
		result: null,
		record: async (tx: Tx) => {
			await tx.update(idempotentRequests).set({ committedAt: new Date(), location: witness.result }).where(eq(idempotentRequests.id, id));
		}
	};
	return witness;
}

/** Keeps the first answer; later repeats of the key get it. */
export async function completeKey(id: number, response: StoredResponse): Promise<void> {
	await transaction((tx) => tx.update(idempotentRequests).set(response).where(eq(idempotentRequests.id, id)));
}

/**
 * Forgets a key whose write was refused: nothing happened, so the same form may
 * be sent again (Stripe keeps no result for a request that did not run).
 */
export async function releaseKey(id: number): Promise<void> {
	await transaction((tx) => tx.delete(idempotentRequests).where(eq(idempotentRequests.id, id)));
}

/**
 * After a failure (a 5xx, a throw): a key whose write had committed keeps
 * "see the result" as its answer, so it never runs twice; any other is released.
 */
export async function settleFailedKey(id: number, formPage: string): Promise<void> {
	const [claim] = await db.select().from(idempotentRequests).where(eq(idempotentRequests.id, id));
	if (claim?.committedAt) await answerCommitted(id, claim.location ?? formPage);
	else await releaseKey(id);
}

/** Keys past their retention are forgotten once an hour, by one process. */
export const pruneKeysJob: Job = {
	name: 'offline.prune-idempotency-keys',
	label: m.job_offline_prune_idempotency_keys,
	everyMs: 60 * 60 * 1000,
	run: async (now) => {
		await transaction((tx) => tx.delete(idempotentRequests).where(lt(idempotentRequests.createdAt, new Date(now.getTime() - idempotencyRetentionMs))));
	}
};
