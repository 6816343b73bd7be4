import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import * as m from '$lib/paraglide/messages';
import { db, joinCodes, lockFor, memberships, transaction, villages, type JoinCode, type Tx, type Village } from '$lib/server/platform/db';
import { recordAudit } from './audit-actions';
import { countEvent, limits, msUntilAllowed, slowDownMs, slowDowns } from '$lib/server/platform/throttle';
import { UserError } from '$lib/server/platform/user-error';
import { sha256 } from '$lib/server/auth';
import type { JoinCodeInput } from '$lib/villages/forms';
import { rolesIn, membershipLock } from './memberships';

/** No 0/O or 1/I: the code is read aloud and copied by hand. */
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const codeLength = 8;
export const joinCodeLifetimeMs = 14 * 24 * 60 * 60 * 1000;

function newCode(): string {
	let code = '';
	for (let i = 0; i < codeLength; i++) code += codeAlphabet[randomInt(codeAlphabet.length)];
	return code;
}

/** What the villager types, with spaces, dashes and lower case forgiven. */
export function normalizeJoinCode(input: string): string {
	return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function formatJoinCode(code: string): string {
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}

const hashCode = (code: string) => sha256(code).toString('hex');

export type IssuedCode = { id: number; code: string; forName: string; expiresAt: Date };

/** A cadre issues a code for a villager met in person; the code is shown once and only its hash kept. */
export async function issueJoinCode(actorId: number, villageId: number, { forName }: JoinCodeInput, now = new Date()): Promise<IssuedCode> {
	const code = newCode();
	const expiresAt = new Date(now.getTime() + joinCodeLifetimeMs);
	return transaction(async (tx) => {
		const [row] = await tx
			.insert(joinCodes)
			.values({ villageId, codeHash: hashCode(code), hint: code.slice(-2), forName, createdBy: actorId, createdAt: now, expiresAt })
			.returning({ id: joinCodes.id });
		await recordAudit(tx, { actorId, villageId, action: 'join_code.issued', detail: { forName, hint: code.slice(-2) } }, now);
		return { id: row.id, code: formatJoinCode(code), forName, expiresAt };
	});
}

export function listOpenJoinCodes(villageId: number, now = new Date()): Promise<JoinCode[]> {
	return db
		.select()
		.from(joinCodes)
		.where(
			and(
				eq(joinCodes.villageId, villageId),
				isNull(joinCodes.redeemedAt),
				isNull(joinCodes.revokedAt),
				gt(joinCodes.expiresAt, now)
			)
		)
		.orderBy(desc(joinCodes.createdAt));
}

export async function revokeJoinCode(actorId: number, villageId: number, codeId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const [row] = await tx
			.update(joinCodes)
			.set({ revokedAt: now })
			.where(and(eq(joinCodes.id, codeId), eq(joinCodes.villageId, villageId), isNull(joinCodes.redeemedAt), isNull(joinCodes.revokedAt)))
			.returning();
		if (!row) throw new UserError(m.error_join_code_not_open(), 404);
		await recordAudit(tx, { actorId, villageId, action: 'join_code.revoked', detail: { forName: row.forName, hint: row.hint } }, now);
	});
}

/**
 * How long a redemption from this address waits first. Wrong codes from an
 * address slow everyone on it down a little and refuse nobody: a village shares
 * one mobile NAT, and the next villager's right code must still work.
 */
export function joinCodeWaitMs(address: string, now = new Date()): Promise<number> {
	return slowDownMs(slowDowns.joinCodeAddress, address, now);
}

/**
 * Turns a signed-in account into a verified villager. The code is spent in the
 * same statement that checks it, so two redemptions cannot both succeed. An
 * account that typed too many wrong codes waits; others on its address do not.
 */
export async function redeemJoinCode(userId: number, input: string, address: string, now = new Date()): Promise<Village> {
	const waitMs = await msUntilAllowed(db, limits.joinCode, `user:${userId}`, now);
	if (waitMs > 0) throw new UserError(m.error_join_code_throttled({ minutes: Math.ceil(waitMs / 60_000) }), 429);
	const code = normalizeJoinCode(input);
	const village = await transaction((tx) => spendJoinCode(tx, userId, code, now));
	if (!village) {
		// Counted outside the transaction so the count survives the refusal.
		await countEvent(limits.joinCode, `user:${userId}`, now);
		await countEvent(slowDowns.joinCodeAddress, address, now);
		throw new UserError(code.length === codeLength ? m.error_join_code_invalid() : m.error_join_code_format());
	}
	return village;
}

/** The membership a code makes, or undefined when no open code matches. */
async function spendJoinCode(tx: Tx, userId: number, code: string, now: Date): Promise<Village | undefined> {
	const [spent] = await tx
		.update(joinCodes)
		.set({ redeemedAt: now, redeemedBy: userId })
		.where(and(eq(joinCodes.codeHash, hashCode(code)), isNull(joinCodes.redeemedAt), isNull(joinCodes.revokedAt), gt(joinCodes.expiresAt, now)))
		.returning();
	if (!spent) return undefined;
	// Two codes for one person redeemed at once: the second sees the first's membership.
	await lockFor(tx, membershipLock(userId, spent.villageId));
	// Throwing here rolls the spend back: the code stays usable for the right person.
	if ((await rolesIn(userId, spent.villageId, tx)).has('villager')) throw new UserError(m.error_already_villager(), 409);
	await tx.insert(memberships).values({
		userId,
		villageId: spent.villageId,
		role: 'villager',
		realName: spent.forName,
		verifiedBy: spent.createdBy,
		verifiedAt: now
	});
	await recordAudit(
		tx,
		{ actorId: userId, villageId: spent.villageId, action: 'join_code.redeemed', subjectUserId: userId, detail: { forName: spent.forName, hint: spent.hint } },
		now
	);
	const [village] = await tx.select().from(villages).where(eq(villages.id, spent.villageId)).limit(1);
	return village;
}
