import { and, asc, countDistinct, eq, exists, isNotNull, isNull, min, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { byName } from '$lib/collation';
import { alias, db, existsPerRow, preparedRead, lockFor, memberships, transaction, users, villages, type Tx, type Village } from '$lib/server/platform/db';
import type { VillageRole } from '$lib/villages/vocabulary';
import { recordAudit } from './audit-actions';
import { UserError } from '$lib/server/platform/user-error';
import { findUserByUsername } from '$lib/server/auth';
import type { AppointmentInput } from '$lib/villages/forms';

/**
 * The one definition of a village's villagers, which every "N villagers" count uses (read
 * receipts, poll turnout, the village page, the committee): people with an unrevoked
 * membership of the village, of either role (a cadre is a villager too), each once.
 * `villageId` may be a column, for counts inside a larger query.
 */
function activeMembershipIn(villageId: number | SQLWrapper): SQL {
	return and(eq(memberships.villageId, villageId), isNull(memberships.revokedAt))!;
}

function villagerMembership(villageId: number | SQLWrapper, userId: number | SQLWrapper) {
	return db
		.select({ one: sql`1` })
		.from(memberships)
		.where(and(activeMembershipIn(villageId), eq(memberships.userId, userId)));
}

/** Whether `userId` (a value or a column) is one of the village's villagers now: a condition for `where`. */
export function isVillagerOf(villageId: number | SQLWrapper, userId: number | SQLWrapper): SQL {
	return exists(villagerMembership(villageId, userId));
}

/** The same as `isVillagerOf`, as a value in a select list: probed by index for each row (see `existsPerRow`). */
export function villagerFlag(villageId: number | SQLWrapper, userId: number | SQLWrapper): SQL<number | boolean> {
	return existsPerRow(villagerMembership(villageId, userId));
}

export async function countVillagers(villageId: number): Promise<number> {
	const [row] = await db.select({ n: countDistinct(memberships.userId) }).from(memberships).where(activeMembershipIn(villageId));
	return row?.n ?? 0;
}

export type Villager = { userId: number; realName: string; displayName: string };

/** Each villager once, with the name a cadre checked. */
export async function listVillagers(villageId: number): Promise<Villager[]> {
	const rows = await db
		.select({ userId: users.id, realName: min(memberships.realName), displayName: users.displayName })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(activeMembershipIn(villageId))
		.groupBy(users.id);
	return rows.map(({ userId, realName, displayName }) => ({ userId, realName: realName ?? displayName, displayName }));
}

/** The committee's numbers, for a buyer whose seller left none: cadres who gave one, first appointed first. */
export async function listCommitteePhones(villageId: number): Promise<{ name: string; phone: string }[]> {
	const rows = await db
		.select({ name: users.displayName, phone: users.phone })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(activeMembershipIn(villageId), eq(memberships.role, 'cadre'), isNotNull(users.phone)))
		.orderBy(asc(memberships.verifiedAt));
	return rows.map(({ name, phone }) => ({ name, phone: phone! }));
}

/** Roles a user holds in one village. A cadre is also counted as a villager. Inside a transaction, pass its `tx`. */
export async function rolesIn(userId: number, villageId: number, handle: Tx = db): Promise<Set<VillageRole>> {
	const rows = await handle
		.select({ role: memberships.role })
		.from(memberships)
		.where(and(activeMembershipIn(villageId), eq(memberships.userId, userId)));
	const roles = new Set(rows.map((r) => r.role));
	if (roles.has('cadre')) roles.add('villager');
	return roles;
}

export type UserVillage = { village: Village; roles: VillageRole[] };

/** The villages a user belongs to, with their roles, home village first (the oldest). */
/** Every signed-in page's top bar and home show them. */
const userMemberships = preparedRead<{ userId: number }, { village: Village; role: VillageRole }[]>('user_villages', () =>
	db
		.select({ village: villages, role: memberships.role })
		.from(memberships)
		.innerJoin(villages, eq(villages.id, memberships.villageId))
		.where(and(eq(memberships.userId, sql.placeholder('userId')), isNull(memberships.revokedAt)))
		.orderBy(asc(memberships.verifiedAt))
);

export async function listUserVillages(userId: number): Promise<UserVillage[]> {
	const rows = await userMemberships({ userId });
	const byVillage = new Map<number, UserVillage>();
	for (const { village, role } of rows) {
		const entry = byVillage.get(village.id) ?? { village, roles: [] };
		entry.roles.push(role);
		byVillage.set(village.id, entry);
	}
	return [...byVillage.values()];
}

export type MemberLine = {
	membershipId: number;
	userId: number;
	username: string;
	displayName: string;
	realName: string;
	role: VillageRole;
	verifiedAt: Date;
	verifiedByName: string | null;
};

const verifier = alias(users, 'verifier');

export async function listVillageMembers(villageId: number): Promise<MemberLine[]> {
	const members = await db
		.select({
			membershipId: memberships.id,
			userId: users.id,
			username: users.username,
			displayName: users.displayName,
			realName: memberships.realName,
			role: memberships.role,
			verifiedAt: memberships.verifiedAt,
			verifiedByName: verifier.displayName
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.leftJoin(verifier, eq(verifier.id, memberships.verifiedBy))
		.where(activeMembershipIn(villageId));
	// Cadres first, then villagers; each by name.
	return members.sort((a, b) => Number(a.role !== 'cadre') - Number(b.role !== 'cadre') || byName(a.realName, b.realName));
}

/** Changes to one person's roles in one village take turns (PostgreSQL; SQLite runs one transaction at a time). */
export const membershipLock = (userId: number, villageId: number) => `membership:${userId}:${villageId}`;

/**
 * Makes an account a cadre of the village. The county admin appoints the first
 * cadre from any account (real name required); a cadre promotes one of the
 * village's verified villagers, whose checked name carries over.
 */
export async function appointCadre(
	actorId: number,
	villageId: number,
	fields: AppointmentInput,
	by: 'admin' | 'cadre'
): Promise<void> {
	const user = await findUserByUsername(fields.username);
	if (!user) throw new UserError(m.error_no_such_user({ username: fields.username }), 404);
	await transaction(async (tx) => {
		await lockFor(tx, membershipLock(user.id, villageId));
		const roles = await rolesIn(user.id, villageId, tx);
		if (roles.has('cadre')) throw new UserError(m.error_already_cadre(), 409);
		if (by === 'cadre' && !roles.has('villager')) throw new UserError(m.error_not_villager_here());
		const [villager] = await tx
			.select({ realName: memberships.realName })
			.from(memberships)
			.where(and(eq(memberships.userId, user.id), eq(memberships.villageId, villageId), eq(memberships.role, 'villager'), isNull(memberships.revokedAt)))
			.limit(1);
		const realName = fields.realName || villager?.realName;
		if (!realName) throw new UserError(m.error_real_name_required());
		const now = new Date();
		await tx.insert(memberships).values({ userId: user.id, villageId, role: 'cadre', realName, verifiedBy: actorId, verifiedAt: now });
		await recordAudit(tx, { actorId, villageId, action: 'cadre.appointed', subjectUserId: user.id, detail: { realName } }, now);
	});
}

/**
 * Ends one membership of the village. Nobody ends their own membership here,
 * so a village cannot lose its last cadre by a slip of the finger.
 */
export async function revokeMembership(actorId: number, villageId: number, membershipId: number): Promise<void> {
	await transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(memberships)
			.where(and(eq(memberships.id, membershipId), eq(memberships.villageId, villageId), isNull(memberships.revokedAt)))
			.limit(1);
		if (!row) throw new UserError(m.error_membership_not_found(), 404);
		if (row.userId === actorId) throw new UserError(m.error_cannot_revoke_self());
		const now = new Date();
		// A villager who loses their villager role loses the cadre role with it.
		const ended = await tx
			.update(memberships)
			.set({ revokedAt: now, revokedBy: actorId })
			.where(
				and(
					eq(memberships.villageId, villageId),
					eq(memberships.userId, row.userId),
					isNull(memberships.revokedAt),
					row.role === 'villager' ? or(eq(memberships.role, 'villager'), eq(memberships.role, 'cadre')) : eq(memberships.role, row.role)
				)
			)
			.returning({ id: memberships.id });
		if (ended.length === 0) throw new UserError(m.error_membership_not_found(), 404);
		await recordAudit(
			tx,
			{ actorId, villageId, action: 'membership.revoked', subjectUserId: row.userId, detail: { role: row.role, realName: row.realName } },
			now
		);
	});
}
