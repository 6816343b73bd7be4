import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db, queryRows, sessions, transaction } from '$lib/server/platform/db';
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

const newSession = (userId: number, now?: Date) => transaction((tx) => createSession(tx, userId, now));
const lastVerified = async (id: string) => (await db.select().from(sessions).where(eq(sessions.id, id)))[0]?.lastVerifiedAt;

describe('sessions', () => {
	it('stores only a hash of the secret: nothing in the table equals the token or its secret', async () => {
		const user = await makeUser();
		const { token } = await newSession(user.id);
		const [id, secret] = token.split('.');
		expect(secret.length * 5).toBeGreaterThanOrEqual(128);
		const [raw] = await queryRows<Record<string, unknown>>(db, sql`SELECT * FROM sessions WHERE id = ${id}`);
		for (const value of Object.values(raw)) {
			const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
			expect(text).not.toBe(token);
			expect(text).not.toContain(secret);
		}
		expect(Buffer.compare(raw.secret_hash as Buffer, sha256(secret))).toBe(0);
	});

	it('accepts the token and refuses forged, unknown and malformed ones', async () => {
		const user = await makeUser();
		const { token } = await newSession(user.id);
		expect((await validateSessionToken(token))?.user.id).toBe(user.id);
		const [id, secret] = token.split('.');
		const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
		expect(await validateSessionToken(forged)).toBeNull();
		expect(await validateSessionToken(`nosuchid.${secret}`)).toBeNull();
		expect(await validateSessionToken(id)).toBeNull();
		expect(await validateSessionToken(`${token}.extra`)).toBeNull();
		expect(await validateSessionToken('')).toBeNull();
	});

	it('renews activity at most once an hour', async () => {
		const user = await makeUser();
		const start = new Date('2026-03-01T08:00:00Z');
		const { token } = await newSession(user.id, start);
		const id = token.split('.')[0];
		const soon = await validateSessionToken(token, new Date(start.getTime() + minutes(30)));
		expect(soon?.renewed).toBe(false);
		expect(await lastVerified(id)).toEqual(start);
		const later = new Date(start.getTime() + minutes(61));
		const renewed = await validateSessionToken(token, later);
		expect(renewed?.renewed).toBe(true);
		expect(await lastVerified(id)).toEqual(later);
	});

	it('ends a session left idle too long, and deletes it', async () => {
		const user = await makeUser();
		const start = new Date('2026-03-01T08:00:00Z');
		const { token } = await newSession(user.id, start);
		expect(await validateSessionToken(token, new Date(start.getTime() + idleTimeoutMs + 1))).toBeNull();
		expect(await db.select().from(sessions).where(eq(sessions.id, token.split('.')[0]))).toEqual([]);
	});

	it('ends even an active session at the absolute lifetime', async () => {
		const user = await makeUser();
		const start = new Date('2026-03-01T08:00:00Z');
		const { token } = await newSession(user.id, start);
		let at = start.getTime();
		while (at + days(20) < start.getTime() + absoluteLifetimeMs) {
			at += days(20);
			expect(await validateSessionToken(token, new Date(at))).not.toBeNull();
		}
		expect(await validateSessionToken(token, new Date(start.getTime() + absoluteLifetimeMs))).toBeNull();
	});

	it('logout ends one session; a password change ends them all', async () => {
		const user = await makeUser();
		const a = (await newSession(user.id)).token;
		const b = (await newSession(user.id)).token;
		await transaction((tx) => invalidateSession(tx, a.split('.')[0]));
		expect(await validateSessionToken(a)).toBeNull();
		expect(await validateSessionToken(b)).not.toBeNull();
		await transaction((tx) => invalidateUserSessions(tx, user.id));
		expect(await validateSessionToken(b)).toBeNull();
	});
});
