import { and, eq } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, transaction, trustedDevices, users, type Tx, type User } from '$lib/server/platform/db';
import { burnPasswordCheck, hashPassword, verifyPassword } from '$lib/server/auth/password';
import { findPasswordProblem } from '$lib/auth/passwords';
import { passwordMessage, registrationForm, type ProfileInput, type RegistrationInput, type Settings } from '$lib/auth/forms';
import { generateSecret, sha256 } from '$lib/server/auth/tokens';
import { invalidateUserSessions } from '$lib/server/auth/session';
import { countEvent, isOverLimit, limits, slowDownMs, slowDowns, spacings, takeTurn, wait as pause, type Wait } from '$lib/server/platform/throttle';
import { parseWith } from '$lib/server/platform/forms';
import { UserError } from '$lib/server/platform/user-error';

export async function findUserByUsername(username: string): Promise<User | undefined> {
	const [user] = await db.select().from(users).where(eq(users.username, username.trim().toLowerCase())).limit(1);
	return user;
}

/**
 * Creates a member account (anyone may sign up as a buyer). From a browser,
 * `from` is its network address: after a few sign-ups in an hour, sign-ups from
 * one address take turns (see `spacings.registerAddress`), so a script cannot
 * make a hundred accounts a second and a cadre at the village office still signs
 * up one villager after another.
 */
export async function registerUser(
	fields: RegistrationInput,
	settings: Partial<Settings> = {},
	from?: { address: string; wait?: Wait }
): Promise<User> {
	if (await findUserByUsername(fields.username)) throw new UserError(m.error_username_taken(), 409);
	if (from) await (from.wait ?? pause)(await takeTurn(spacings.registerAddress, from.address));
	const passwordHash = await hashPassword(fields.password);
	// Two sign-ups racing for one name: the unique index decides, and the second inserts nothing.
	const [user] = await transaction((tx) =>
		tx
			.insert(users)
			.values({ ...settings, ...fields, passwordHash })
			.onConflictDoNothing({ target: users.username })
			.returning()
	);
	if (!user) throw new UserError(m.error_username_taken(), 409);
	return user;
}

export type LoginAttempt = {
	username: string;
	password: string;
	/** The client's network address, for the per-address limit. */
	address: string;
	/** The device cookie, if this browser has logged in to some account before. */
	deviceToken: string | undefined;
};

/**
 * Checks a password. A browser the account has logged in from before (its
 * `vs_device` cookie) answers only to its own limit, so neither a stranger
 * guessing this account nor one guessing from the same address can lock the
 * owner out (OWASP's device-cookie design). Other browsers answer to the
 * account's limit, and to the address's slow-down: a village shares one mobile
 * NAT, so failures from an address never refuse anyone; they make every login
 * from it without a known device wait a few seconds before it is checked, and
 * the right password still gets in.
 */
export async function authenticate(attempt: LoginAttempt, now = new Date(), wait: Wait = pause): Promise<User> {
	const username = attempt.username.trim().toLowerCase();
	const user = username ? await findUserByUsername(username) : undefined;
	const device = user && attempt.deviceToken ? await findTrustedDevice(user.id, attempt.deviceToken) : undefined;
	const accountLimit = device ? limits.loginDevice : limits.loginAccount;
	const accountKey = device ? device.tokenHash.toString('hex') : username;

	if (await isOverLimit(accountLimit, accountKey, now)) throw new UserError(m.error_login_throttled(), 429);
	const delayMs = device ? 0 : await slowDownMs(slowDowns.loginAddress, attempt.address, now);
	await wait(delayMs);
	const ok = user ? await verifyPassword(user.passwordHash, attempt.password) : (await burnPasswordCheck(attempt.password), false);
	if (!user || !ok) {
		await countEvent(slowDowns.loginAddress, attempt.address, now);
		await countEvent(accountLimit, accountKey, now);
		// Someone behind the same address who waited is told why it was slow.
		throw new UserError(delayMs > 0 ? m.error_login_invalid_slowed() : m.error_login_invalid(), 400);
	}
	return user;
}

async function findTrustedDevice(userId: number, token: string): Promise<{ tokenHash: Buffer } | undefined> {
	const [device] = await db
		.select({ tokenHash: trustedDevices.tokenHash })
		.from(trustedDevices)
		.where(and(eq(trustedDevices.userId, userId), eq(trustedDevices.tokenHash, sha256(token))))
		.limit(1);
	return device;
}

/**
 * Marks this browser as one the user logs in from. One token per browser serves
 * every account used on it, so a shared family phone needs one cookie.
 */
export async function trustDevice(tx: Tx, userId: number, existingToken: string | undefined): Promise<string> {
	const token = existingToken && /^[a-z2-9]{32}$/.test(existingToken) ? existingToken : generateSecret();
	await tx.insert(trustedDevices).values({ userId, tokenHash: sha256(token) }).onConflictDoNothing();
	return token;
}

export async function updateSettings(userId: number, settings: Settings): Promise<void> {
	await transaction((tx) => tx.update(users).set(settings).where(eq(users.id, userId)));
}

/**
 * Saves the display name; a phone number typed in replaces the stored one, an
 * empty field keeps it, and only the explicit "remove" box deletes it.
 */
export async function updateProfile(userId: number, { displayName, phone, removePhone }: ProfileInput): Promise<void> {
	const phoneChange = removePhone ? { phone: null } : phone ? { phone } : {};
	await transaction((tx) => tx.update(users).set({ displayName, ...phoneChange }).where(eq(users.id, userId)));
}

export async function findUserById(id: number): Promise<User | undefined> {
	const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
	return user;
}

/**
 * Checks the current password and stores the new one, ending every session of
 * the account in the same transaction: a device that knew the old password is
 * signed out the moment the new one counts. The caller signs this browser in again.
 */
export async function changePassword(userId: number, current: string, next: string): Promise<void> {
	const user = await findUserById(userId);
	if (!user || !(await verifyPassword(user.passwordHash, current))) {
		throw new UserError(m.error_current_password_wrong());
	}
	const problem = findPasswordProblem(next);
	if (problem) throw new UserError(passwordMessage(problem));
	const passwordHash = await hashPassword(next);
	await transaction(async (tx) => {
		await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
		await invalidateUserSessions(tx, userId);
	});
}

/**
 * For the command line only (`npm run admin -- create-admin NAME`): creates a
 * county admin, or makes an existing account one, keeping its password.
 */
export async function createAdmin(
	username: string,
	password: string,
	displayName = username
): Promise<{ user: User; created: boolean }> {
	const existing = await findUserByUsername(username);
	const user = existing ?? (await registerUser(parseWith(registrationForm, { username, displayName, password })));
	await transaction((tx) => tx.update(users).set({ isAdmin: true }).where(eq(users.id, user.id)));
	return { user: { ...user, isAdmin: true }, created: !existing };
}
