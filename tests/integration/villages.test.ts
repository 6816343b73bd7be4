import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, db, memberships } from '$lib/server/db';
import { issueJoinCode, listOpenJoinCodes, redeemJoinCode, revokeJoinCode } from '$lib/server/villages/join-codes';
import { appointCadre, listUserVillages, revokeMembership, rolesIn } from '$lib/server/villages/memberships';
import { createVillage } from '$lib/server/villages/villages';
import { refusal } from './refusal';
import { makeAdmin, makeCadre, makeUser, makeVillage, makeVillager } from './factories';

const auditActions = (villageId: number) =>
	db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.villageId, villageId)).all().map((r) => r.action);

describe('villages', () => {
	it('an admin adds a village; slugs are unique and well-formed', async () => {
		const admin = await makeAdmin();
		const village = await createVillage(admin.id, { name: ' 新村 ', slug: 'Xin-Cun', county: '巨野县', story: '' });
		expect(village.slug).toBe('xin-cun');
		expect(village.name).toBe('新村');
		expect(village.coverPhoto).toBeNull();
		expect(auditActions(village.id)).toEqual(['village.created']);
		await refusal(createVillage(admin.id, { name: '另一个', slug: 'xin-cun', county: '巨野县' }));
		await refusal(createVillage(admin.id, { name: '坏', slug: '-bad-', county: '巨野县' }));
		await refusal(createVillage(admin.id, { name: '', slug: 'empty-name', county: '巨野县' }));
	});
});

describe('join codes', () => {
	it('a cadre issues a code, a villager redeems it once, a second redemption fails', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const first = await makeUser();
		const second = await makeUser();
		const issued = issueJoinCode(cadre.id, village.id, { forName: '赵大爷' });
		expect(issued.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(listOpenJoinCodes(village.id).map((c) => c.id)).toContain(issued.id);

		// Typed by hand: lower case and a space instead of the dash.
		const joined = redeemJoinCode(first.id, issued.code.toLowerCase().replace('-', ' '), '10.1.1.1');
		expect(joined.id).toBe(village.id);
		const membership = db
			.select()
			.from(memberships)
			.where(and(eq(memberships.userId, first.id), eq(memberships.villageId, village.id)))
			.get();
		expect(membership).toMatchObject({ role: 'villager', realName: '赵大爷', verifiedBy: cadre.id });
		expect(rolesIn(first.id, village.id).has('villager')).toBe(true);

		const again = await refusal(() => redeemJoinCode(second.id, issued.code, '10.1.1.2'));
		expect(again.message).toContain('加入码');
		expect(rolesIn(second.id, village.id).size).toBe(0);
		expect(listOpenJoinCodes(village.id).map((c) => c.id)).not.toContain(issued.id);
		expect(auditActions(village.id)).toEqual(expect.arrayContaining(['join_code.issued', 'join_code.redeemed']));
	});

	it('refuses revoked and expired codes and keeps the code for its owner when a villager retries', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const user = await makeUser();
		const revoked = issueJoinCode(cadre.id, village.id, { forName: '甲' });
		revokeJoinCode(cadre.id, village.id, revoked.id);
		await refusal(() => redeemJoinCode(user.id, revoked.code, '10.2.0.1'));
		await refusal(() => revokeJoinCode(cadre.id, village.id, revoked.id));

		const old = issueJoinCode(cadre.id, village.id, { forName: '乙' }, new Date(Date.now() - 15 * 24 * 60 * 60 * 1000));
		await refusal(() => redeemJoinCode(user.id, old.code, '10.2.0.1'));

		const villager = await makeVillager(village, cadre);
		const spare = issueJoinCode(cadre.id, village.id, { forName: '丙' });
		expect((await refusal(() => redeemJoinCode(villager.id, spare.code, '10.2.0.2'))).status).toBe(409);
		expect(redeemJoinCode(user.id, spare.code, '10.2.0.1').id).toBe(village.id);
	});

	it('refuses malformed input with a message and throttles guessing', async () => {
		const village = await makeVillage();
		const user = await makeUser();
		expect((await refusal(() => redeemJoinCode(user.id, '<script>', '10.3.0.1'))).message).toMatch(/8/);
		for (let i = 0; i < 9; i++) await refusal(() => redeemJoinCode(user.id, 'AAAA-AAAA', '10.3.0.1'));
		expect((await refusal(() => redeemJoinCode(user.id, 'AAAA-AAAA', '10.3.0.1'))).status).toBe(429);
		expect(rolesIn(user.id, village.id).size).toBe(0);
	});
});

describe('memberships', () => {
	it('a cadre may promote a villager of their village, not an outsider', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const villager = await makeVillager(village, cadre);
		const outsider = await makeUser();
		await refusal(() => appointCadre(cadre.id, village.id, { username: outsider.username }, 'cadre'));
		appointCadre(cadre.id, village.id, { username: villager.username }, 'cadre');
		expect(rolesIn(villager.id, village.id).has('cadre')).toBe(true);
		expect((await refusal(() => appointCadre(cadre.id, village.id, { username: villager.username }, 'cadre'))).status).toBe(409);
		await refusal(() => appointCadre(cadre.id, village.id, { username: 'no-such-person' }, 'cadre'));
	});

	it('revoking a villager ends their roles and keeps the record; nobody revokes themselves', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const villager = await makeVillager(village, cadre);
		const row = db.select().from(memberships).where(eq(memberships.userId, villager.id)).get()!;
		await refusal(() => revokeMembership(cadre.id, village.id, 999_999));
		const own = db.select().from(memberships).where(eq(memberships.userId, cadre.id)).get()!;
		await refusal(() => revokeMembership(cadre.id, village.id, own.id));
		revokeMembership(cadre.id, village.id, row.id);
		expect(rolesIn(villager.id, village.id).size).toBe(0);
		expect(listUserVillages(villager.id)).toEqual([]);
		const kept = db.select().from(memberships).where(eq(memberships.id, row.id)).get()!;
		expect(kept.revokedBy).toBe(cadre.id);
		expect(auditActions(village.id)).toContain('membership.revoked');
		await refusal(() => revokeMembership(cadre.id, village.id, row.id));
	});
});
