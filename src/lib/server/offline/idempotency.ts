import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { db, idempotentRequests, type IdempotentRequest } from '$lib/server/db';
import { idempotencyField, idempotencyKeyPattern, idempotencyRetentionMs } from '$lib/offline';
import { postedForm } from '$lib/server/posted-form';

/** The stored answer to a keyed write, replayed byte for byte to any repeat of it. */
export type StoredResponse = Pick<IdempotentRequest, 'status' | 'location' | 'contentType' | 'contentSecurityPolicy' | 'body'>;

export type Claim =
	| { kind: 'first'; id: number }
	| { kind: 'repeat'; response: StoredResponse & { status: number } }
	| { kind: 'running' }
	| { kind: 'mismatch' };

export type KeyedWrite = { key: string; hash: string };

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
 * is first, so two requests arriving together cannot both run.
 */
export function claimKey(scope: string, write: KeyedWrite, now = new Date()): Claim {
	pruneOldKeys(now);
	const inserted = db
		.insert(idempotentRequests)
		.values({ scope, key: write.key, requestHash: write.hash, createdAt: now })
		.onConflictDoNothing()
		.returning({ id: idempotentRequests.id })
		.get();
	if (inserted) return { kind: 'first', id: inserted.id };
	const existing = db
		.select()
		.from(idempotentRequests)
		.where(and(eq(idempotentRequests.scope, scope), eq(idempotentRequests.key, write.key)))
		.get();
	// Released between the insert and the select: the first attempt was refused; try again.
	if (!existing) return claimKey(scope, write, now);
	if (existing.requestHash !== write.hash) return { kind: 'mismatch' };
	if (existing.status === null) return { kind: 'running' };
	return { kind: 'repeat', response: { ...existing, status: existing.status } };
}

/** Keeps the first answer; later repeats of the key get it. */
export function completeKey(id: number, response: StoredResponse): void {
	db.update(idempotentRequests).set(response).where(eq(idempotentRequests.id, id)).run();
}

/**
 * Forgets a key whose write was refused or failed: nothing happened, so the
 * same form may be sent again (Stripe keeps no result for a request that did not run).
 */
export function releaseKey(id: number): void {
	db.delete(idempotentRequests).where(eq(idempotentRequests.id, id)).run();
}

const pruneEveryMs = 10 * 60 * 1000;
let lastPrunedAt = 0;

function pruneOldKeys(now: Date): void {
	if (now.getTime() - lastPrunedAt < pruneEveryMs) return;
	lastPrunedAt = now.getTime();
	db.delete(idempotentRequests)
		.where(lt(idempotentRequests.createdAt, new Date(now.getTime() - idempotencyRetentionMs)))
		.run();
}
