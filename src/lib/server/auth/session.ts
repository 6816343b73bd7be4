import { eq, sql } from 'drizzle-orm';
import { db, preparedRead, sessions, transaction, users, type Session, type Tx, type User } from '$lib/server/platform/db';
import { generateSecret, sameHash, sha256 } from './tokens';

/**
 * Sessions after Lucia's current guide: the token (the cookie, src/lib/server/web/session-cookie.ts)
 * carries `id.secret`; the database keeps the id and only a SHA-256 of the secret, so a leaked
 * database cannot be replayed as cookies.
 */
/** A session unused for this long ends. */
export const idleTimeoutMs = 30 * 24 * 60 * 60 * 1000;
/** Activity is written back at most this often, to spare the disk. */
export const renewIntervalMs = 60 * 60 * 1000;
/** No session lives longer than this, however active. */
export const absoluteLifetimeMs = 180 * 24 * 60 * 60 * 1000;

export type SessionUser = Pick<
	User,
	'id' | 'username' | 'displayName' | 'locale' | 'easyMode' | 'dataSaver' | 'isAdmin'
>;

type SessionRow = { session: Session; user: SessionUser };

export type ValidSession = {
	session: { id: string; expiresAt: Date };
	user: SessionUser;
	/** The expiry moved: the cookie needs writing again. */
	renewed: boolean;
};

export async function createSession(tx: Tx, userId: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
	const id = generateSecret();
	const secret = generateSecret();
	await tx.insert(sessions).values({ id, secretHash: sha256(secret), userId, createdAt: now, lastVerifiedAt: now });
	return { token: `${id}.${secret}`, expiresAt: expiryOf(now, now) };
}

function expiryOf(createdAt: Date, lastVerifiedAt: Date): Date {
	return new Date(
		Math.min(lastVerifiedAt.getTime() + idleTimeoutMs, createdAt.getTime() + absoluteLifetimeMs)
	);
}

/** Every signed-in request looks its session up. */
const sessionWithUser = preparedRead<{ id: string }, SessionRow[]>('session_with_user', () =>
	db
		.select({
			session: sessions,
			user: {
				id: users.id,
				username: users.username,
				displayName: users.displayName,
				locale: users.locale,
				easyMode: users.easyMode,
				dataSaver: users.dataSaver,
				isAdmin: users.isAdmin
			}
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, sql.placeholder('id')))
		.limit(1)
);

/** The session and its user, or null for a malformed, unknown, forged or expired token. */
export async function validateSessionToken(token: string, now = new Date()): Promise<ValidSession | null> {
	const [id, secret, ...rest] = token.split('.');
	if (!id || !secret || rest.length > 0) return null;
	const [row] = await sessionWithUser({ id });
	if (!row || !sameHash(row.session.secretHash, sha256(secret))) return null;

	const { session } = row;
	const expiresAt = expiryOf(session.createdAt, session.lastVerifiedAt);
	if (now >= expiresAt) {
		await transaction((tx) => invalidateSession(tx, id));
		return null;
	}
	if (now.getTime() - session.lastVerifiedAt.getTime() >= renewIntervalMs) {
		await transaction((tx) => tx.update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, id)));
		return { session: { id, expiresAt: expiryOf(session.createdAt, now) }, user: row.user, renewed: true };
	}
	return { session: { id, expiresAt }, user: row.user, renewed: false };
}

export async function invalidateSession(tx: Tx, sessionId: string): Promise<void> {
	await tx.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(tx: Tx, userId: number): Promise<void> {
	await tx.delete(sessions).where(eq(sessions.userId, userId));
}
