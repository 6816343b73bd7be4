import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, sessions } from '$lib/server/db';
import {
	absoluteLifetimeMs,
	createSession,
	idleTimeoutMs,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from '$lib/server/auth/session';
import { sha256 } from '$lib/server/auth/tokens';
import { makeUser } from './factories';

const minutes = (n: number) => n * 60 * 1000;
const days = (n: number) => n * 24 * 60 * 60 * 1000;

describe('sessions', () => {
	it('stores only a hash of the secret: nothing in the table equals the token or its secret', async () => {
		const user = await makeUser();
		const { token } = createSession(user.id);
		const [id, secret] = token.split('.');
		expect(secret.length * 5).toBeGreaterThanOrEqual(128);
		const raw = db.$client.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as Record<string, unknown>;
		for (const value of Object.values(raw)) {
			const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
			expect(text).not.toBe(token);
			expect(text).not.toContain(secret);
		}
		expect(Buffer.compare(raw.secret_hash as Buffer, sha256(secret))).toBe(0);
	});

	it('accepts the token and refuses forged, unknown and malformed ones', async () => {
		const user = await makeUser();
		const { token } = createSession(user.id);
		expect(validateSessionToken(token)?.user.id).toBe(user.id);
		const [id, secret] = token.split('.');
		const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
		expect(validateSessionToken(forged)).toBeNull();
		expect(validateSessionToken(`nosuchid.${secret}`)).toBeNull();
		expect(validateSessionToken(id)).toBeNull();
		expect(validateSessionToken(`${token}.extra`)).toBeNull();
		expect(validateSessionToken('')).toBeNull();
	});

	it('renews activity at most once an hour', async () => {
		const user = await makeUser();
		const start = new Date('2026-03-01T08:00:00Z');
		const { token } = createSession(user.id, start);
		const id = token.split('.')[0];
		const soon = validateSessionToken(token, new Date(start.getTime() + minutes(30)));
		expect(soon?.renewed).toBe(false);
		expect(db.select().from(sessions).where(eq(sessions.id, id)).get()?.lastVerifiedAt).toEqual(start);
		const later = new Date(start.getTime() + minutes(61));
		const renewed = validateSessionToken(token, later);
		expect(renewed?.renewed).toBe(true);
		expect(db.select().from(sessions).where(eq(sessions.id, id)).get()?.lastVerifiedAt).toEqual(later);
	});

	it('ends a session left idle too long, and deletes it', async () => {
		const user = await makeUser();
		const start = new Date('2026-03-01T08:00:00Z');
		const { token } = createSession(user.id, start);
		expect(validateSessionToken(token, new Date(start.getTime() + idleTimeoutMs + 1))).toBeNull();
		expect(db.select().from(sessions).where(eq(sessions.id, token.split('.')[0])).get()).toBeUndefined();
	});

	it('ends even an active session at the absolute lifetime', async () => {
		const user = await makeUser();
		const start = new Date('2026-03-01T08:00:00Z');
		const { token } = createSession(user.id, start);
		let at = start.getTime();
		while (at + days(20) < start.getTime() + absoluteLifetimeMs) {
			at += days(20);
			expect(validateSessionToken(token, new Date(at))).not.toBeNull();
		}
		expect(validateSessionToken(token, new Date(start.getTime() + absoluteLifetimeMs))).toBeNull();
	});

	it('logout ends one session; a password change ends them all', async () => {
		const user = await makeUser();
		const a = createSession(user.id).token;
		const b = createSession(user.id).token;
		invalidateSession(a.split('.')[0]);
		expect(validateSessionToken(a)).toBeNull();
		expect(validateSessionToken(b)).not.toBeNull();
		invalidateUserSessions(user.id);
		expect(validateSessionToken(b)).toBeNull();
	});
});
