import { describe, expect, it } from 'vitest';
import { authenticate, changePassword, findUserById, registerUser, trustDevice, updateProfile } from '$lib/server/auth/accounts';
import { findPasswordProblem } from '$lib/auth/passwords';
import { countEvent, isOverLimit, limits, pruneThrottleEventsJob } from '$lib/server/platform/throttle';
import { db, throttleEvents, transaction } from '$lib/server/platform/db';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { makeUser, testPassword } from './factories';
import { refusal } from './refusal';
import { UserError } from '$lib/server/platform/user-error';
import { parseWith } from '$lib/server/platform/forms';
import { profileForm, registrationForm } from '$lib/auth/forms';

const trusted = (userId: number) => transaction((tx) => trustDevice(tx, userId, undefined));

const attempt = (username: string, password: string, extra: { address?: string; deviceToken?: string } = {}) =>
	authenticate({ username, password, address: extra.address ?? '192.0.2.1', deviceToken: extra.deviceToken });


describe('registration', () => {
	it('stores an argon2id hash with OWASP parameters, never the password', async () => {
		const user = await registerUser(parseWith(registrationForm, { username: '  New_Farmer ', displayName: ' 老王 ', password: testPassword, phone: '138 1234-5678' }));
		expect(user.username).toBe('new_farmer');
		expect(user.displayName).toBe('老王');
		expect(user.phone).toBe('13812345678');
		expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(user.passwordHash).not.toContain(testPassword);
	});

	it('refuses a taken username, bad names, short, long and common passwords with a message', async () => {
		const existing = await makeUser();
		const cases: Record<string, unknown>[] = [
			{ username: existing.username.toUpperCase(), displayName: 'x', password: testPassword },
			{ username: 'ab', displayName: 'x', password: testPassword },
			{ username: 'has space', displayName: 'x', password: testPassword },
			{ username: 'fine-name', displayName: '', password: testPassword },
			{ username: 'fine-name', displayName: 'x', password: 'short' },
			{ username: 'fine-name', displayName: 'x', password: 'x'.repeat(129) },
			{ username: 'fine-name', displayName: 'x', password: 'Password1' },
			{ username: 'fine-name', displayName: 'x', password: 'woaini1314' },
			{ username: 'fine-name', displayName: 'x', password: testPassword, phone: 'call me' }
		];
		for (const input of cases) {
			const error = await refusal(() => registerUser(parseWith(registrationForm, input)));
			expect(error.message.length).toBeGreaterThan(4);
		}
	});

	it('two sign-ups racing for one name: one account, the other told the name is taken', async () => {
		const username = `race-${Date.now().toString(36)}`;
		const results = await Promise.allSettled([1, 2].map((n) => registerUser(parseWith(registrationForm, { username, displayName: `抢${n}`, password: testPassword }))));
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		const refused = results.find((r) => r.status === 'rejected')!.reason;
		expect(refused).toBeInstanceOf(UserError);
		expect(refused.status).toBe(409);
	});

	it('ships a list of well over 1,000 common passwords', () => {
		for (const common of ['password', '12345678', 'qwertyuiop', 'iloveyou', '1qaz2wsx', 'baseball', 'sunshine']) {
			expect(findPasswordProblem(common)).toBe('too_common');
		}
		expect(findPasswordProblem('cherry-orchard-7')).toBeNull();
	});
});

describe('login', () => {
	it('accepts the right password and refuses a wrong one or an unknown user alike', async () => {
		const user = await makeUser();
		expect((await attempt(user.username.toUpperCase(), testPassword)).id).toBe(user.id);
		const wrong = await refusal(attempt(user.username, 'not-the-password'));
		const unknown = await refusal(attempt('nobody-here', 'not-the-password'));
		expect(wrong.message).toBe(unknown.message);
	});

	// A hundred argon2 checks: slow on a busy 2-core machine, so it gets more than the default 5 s.
	it('refuses the 101st failure within an hour for one account, even with the right password', { timeout: 60_000 }, async () => {
		const user = await makeUser();
		for (let i = 0; i < 100; i++) {
			const error = await refusal(attempt(user.username, `wrong-${i}`, { address: `198.51.100.${i % 50}` }));
			expect(error.status).toBe(400);
		}
		const throttled = await refusal(attempt(user.username, testPassword, { address: '203.0.113.9' }));
		expect(throttled.status).toBe(429);
		// An hour later the account opens again.
		const later = await authenticate(
			{ username: user.username, password: testPassword, address: '203.0.113.9', deviceToken: undefined },
			new Date(Date.now() + 61 * 60 * 1000)
		);
		expect(later.id).toBe(user.id);
	});

	it('does not let a stranger lock the owner out: a browser the owner used before still logs in', async () => {
		const user = await makeUser();
		const ownersDevice = await trusted(user.id);
		for (let i = 0; i < limits.loginAccount.max; i++) await countEvent(limits.loginAccount, user.username);
		expect((await refusal(attempt(user.username, testPassword))).status).toBe(429);
		expect((await attempt(user.username, testPassword, { deviceToken: ownersDevice })).id).toBe(user.id);
		// Another account's device token earns nothing.
		const other = await makeUser();
		const strangersDevice = await trusted(other.id);
		expect((await refusal(attempt(user.username, testPassword, { deviceToken: strangersDevice }))).status).toBe(429);
	});
});

describe('password change', () => {
	it('needs the current password and a good new one, and ends every session with the change', async () => {
		const user = await makeUser();
		const { token } = await transaction((tx) => createSession(tx, user.id));
		await refusal(changePassword(user.id, 'wrong-current', 'a-new-long-secret'));
		await refusal(changePassword(user.id, testPassword, '12345678'));
		expect(await validateSessionToken(token)).not.toBeNull();
		await changePassword(user.id, testPassword, 'a-new-long-secret');
		expect(await validateSessionToken(token)).toBeNull();
		await refusal(attempt(user.username, testPassword));
		expect((await attempt(user.username, 'a-new-long-secret')).id).toBe(user.id);
	});
});

describe('profile', () => {
	it('keeps the phone number when the field is left empty; removes it only when asked', async () => {
		const user = await registerUser(parseWith(registrationForm, { username: `phone-${Date.now()}`, displayName: '甲', password: testPassword, phone: '13812345678' }));
		await updateProfile(user.id, parseWith(profileForm, { displayName: '乙', phone: '' }));
		expect(await findUserById(user.id)).toMatchObject({ displayName: '乙', phone: '13812345678' });
		await updateProfile(user.id, parseWith(profileForm, { displayName: '乙', phone: '139 0000 1111' }));
		expect((await findUserById(user.id))?.phone).toBe('13900001111');
		await updateProfile(user.id, parseWith(profileForm, { displayName: '乙', phone: '', removePhone: 'on' }));
		expect((await findUserById(user.id))?.phone).toBeNull();
		await refusal(() => updateProfile(user.id, parseWith(profileForm, { displayName: '', phone: '' })));
		expect((await findUserById(user.id))?.displayName).toBe('乙');
	});
});

describe('throttle table', () => {
	it('a background job forgets events older than every window, and keeps the ones that still count', async () => {
		const longAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
		await transaction((tx) => tx.insert(throttleEvents).values({ bucket: 'login-account', key: 'old-news', at: longAgo }));
		await countEvent(limits.loginAccount, 'fresh');
		await pruneThrottleEventsJob.run(new Date());
		const keys = (await db.select({ key: throttleEvents.key }).from(throttleEvents)).map((r) => r.key);
		expect(keys).not.toContain('old-news');
		expect(keys).toContain('fresh');
		expect(await isOverLimit(limits.loginAccount, 'fresh')).toBe(false);
	});
});
