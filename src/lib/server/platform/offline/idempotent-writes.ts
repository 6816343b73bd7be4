import { error, type Handle, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { visitorCacheTag } from '$lib/offline';
import { withWriteWitness } from '$lib/server/platform/db';
import { claimKey, claimWitness, completeKey, fingerprintWrite, releaseKey, settleFailedKey, type StoredResponse } from './idempotency';

/** How long a repeat waits for the first request with its key, running in this process, to finish before giving up. */
const waitForFirstMs = 30_000;
const pollMs = 50;

/**
 * Makes every keyed form post happen at most once: the first request runs and
 * its answer is stored; a double tap, a retry or an outbox replay of the same
 * key gets that answer again, even when both arrive at the same moment. The
 * same key with a different body is refused (422). A key left running by a
 * crash is never waited for: its write is run, or its result shown, at once.
 */
export const idempotentWrites: Handle = async ({ event, resolve }) => {
	if (event.request.method !== 'POST') return resolve(event);
	const write = await fingerprintWrite(event.request, event.url);
	if (!write) return resolve(event);
	const scope = event.locals.user ? `user:${event.locals.user.id}` : visitorCacheTag;
	// `/me?/redeem` belongs to /me: where a replay goes when its write committed but its answer was lost.
	const formPage = event.url.pathname;
	const deadline = Date.now() + waitForFirstMs;
	for (;;) {
		const claim = await claimKey(scope, write, formPage);
		if (claim.kind === 'first') return runFirst(claim.id, formPage, event, resolve);
		if (claim.kind === 'repeat') return replay(secretAnswer(claim.id) ?? claim.response);
		if (claim.kind === 'mismatch') error(422, m.error_idempotency_mismatch());
		if (Date.now() > deadline) error(409, m.error_idempotency_running());
		await new Promise((done) => setTimeout(done, pollMs));
	}
};

async function runFirst(id: number, formPage: string, event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
	let response: Response;
	try {
		// Every transaction the write commits marks the claim committed in the same transaction.
		response = await withWriteWitness(claimWitness(id), () => resolve(event));
	} catch (thrown) {
		await settleFailedKey(id, formPage);
		throw thrown;
	}
	if (response.status >= 500) {
		await settleFailedKey(id, formPage);
		return response;
	}
	// A refusal changed nothing, so nothing is remembered: the corrected form may reuse the key.
	if (response.status >= 400) {
		await releaseKey(id);
		return response;
	}
	const body = await response.text();
	const answer = {
		status: response.status,
		location: response.headers.get('location'),
		contentType: response.headers.get('content-type'),
		contentSecurityPolicy: response.headers.get('content-security-policy'),
		body
	};
	if (/\bno-store\b/.test(response.headers.get('cache-control') ?? '')) {
		keepSecretAnswer(id, answer);
		await completeKey(id, { status: 303, location: formPage, contentType: null, contentSecurityPolicy: null, body: null });
	} else {
		await completeKey(id, answer);
	}
	return new Response(body, { status: response.status, headers: response.headers });
}

/**
 * An answer that holds a secret shown once (a new join code) says `Cache-Control:
 * no-store`, and is never written to the table: that keeps "see the form's page".
 * The answer itself is kept in memory for a minute, for the double tap or quick
 * retry whose browser shows the second answer, not the first.
 */
const secretAnswers = new Map<number, { answer: StoredResponse & { status: number }; until: number }>();
const secretKeptMs = 60_000;

function keepSecretAnswer(id: number, answer: StoredResponse & { status: number }): void {
	const now = Date.now();
	for (const [kept, { until }] of secretAnswers) if (until < now) secretAnswers.delete(kept);
	secretAnswers.set(id, { answer, until: now + secretKeptMs });
}

function secretAnswer(id: number): (StoredResponse & { status: number }) | undefined {
	const kept = secretAnswers.get(id);
	return kept && kept.until >= Date.now() ? kept.answer : undefined;
}

/** The first answer again. Cookies are not stored (they may hold a session) and are not resent. */
function replay(stored: StoredResponse & { status: number }): Response {
	const headers = new Headers();
	if (stored.location) headers.set('location', stored.location);
	if (stored.contentType) headers.set('content-type', stored.contentType);
	if (stored.contentSecurityPolicy) headers.set('content-security-policy', stored.contentSecurityPolicy);
	return new Response(stored.body || null, { status: stored.status, headers });
}
