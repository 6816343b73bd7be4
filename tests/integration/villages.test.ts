import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, db, memberships, throttleEvents } from '$lib/server/platform/db';
import { slowDowns } from '$lib/server/platform/throttle';
import { issueJoinCode, listOpenJoinCodes, redeemJoinCode, revokeJoinCode, type IssuedCode } from '$lib/server/villages/join-codes';
import { appointCadre, listUserVillages, listVillageMembers, revokeMembership, rolesIn } from '$lib/server/villages/memberships';
import { createVillage, listVillages, villageFilter, villagesListedInFilters } from '$lib/server/villages/villages';
import { refusal } from './refusal';
import { makeAdmin, makeCadre, makeUser, makeVillage, makeVillager } from './factories';
import { parseWith } from '$lib/server/platform/forms';
import { appointmentForm, joinCodeForm, villageForm } from '$lib/villages/forms';

const auditActions = async (villageId: number) =>
	(await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.villageId, villageId))).map((r) => r.action);
const membershipsOf = (userId: number) => db.select().from(memberships).where(eq(memberships.userId, userId));

describe('villages', () => {
	it('an admin adds a village; slugs are unique and well-formed', async () => {
		const admin = await makeAdmin();
		const village = await createVillage(admin.id, parseWith(villageForm, { name: ' 新村 ', slug: 'Xin-Cun', county: '巨野县', story: '' }));
		expect(village.slug).toBe('xin-cun');
		expect(village.name).toBe('新村');
		expect(village.coverPhoto).toBeNull();
		expect(await auditActions(village.id)).toEqual(['village.created']);
		await refusal(() => createVillage(admin.id, parseWith(villageForm, { name: '另一个', slug: 'xin-cun', county: '巨野县' })));
		await refusal(() => createVillage(admin.id, parseWith(villageForm, { name: '坏', slug: '-bad-', county: '巨野县' })));
		await refusal(() => createVillage(admin.id, parseWith(villageForm, { name: '', slug: 'empty-name', county: '巨野县' })));
	});
});

describe('names in the order people look them up', () => {
	it('villages and members by pinyin on both engines, not by code point or the server collation', async () => {
		const admin = await makeAdmin();
		const tag = `${Date.now()}`.slice(-6);
		for (const name of ['张庄', '李庄', '阿庄']) await createVillage(admin.id, { name: `${name}${tag}`, slug: `pinyin-${name.codePointAt(0)}-${tag}`, county: '巨野县', story: '' });
		const ours = (await listVillages()).map((v) => v.name).filter((name) => name.endsWith(tag));
		expect(ours).toEqual([`阿庄${tag}`, `李庄${tag}`, `张庄${tag}`]);

		const village = await makeVillage();
		for (const realName of ['张三', '李四', '阿明']) {
			const user = await makeUser();
			await appointCadre(admin.id, village.id, { username: user.username, realName }, 'admin');
		}
		await makeVillager(village);
		const members = (await listVillageMembers(village.id)).map((member) => `${member.role}:${member.realName}`);
		expect(members).toEqual(['cadre:阿明', 'cadre:李四', 'cadre:王干部', 'cadre:张三', 'villager:李村民']);
	});
});

describe('join codes', () => {
	it('a cadre issues a code, a villager redeems it once, a second redemption fails', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const first = await makeUser();
		const second = await makeUser();
		const issued = await issueJoinCode(cadre.id, village.id, parseWith(joinCodeForm, { forName: '赵大爷' }));
		expect(issued.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect((await listOpenJoinCodes(village.id)).map((c) => c.id)).toContain(issued.id);

		// Typed by hand: lower case and a space instead of the dash.
		const joined = await redeemJoinCode(first.id, issued.code.toLowerCase().replace('-', ' '), '10.1.1.1');
		expect(joined.id).toBe(village.id);
		const [membership] = await db
			.select()
			.from(memberships)
			.where(and(eq(memberships.userId, first.id), eq(memberships.villageId, village.id)));
		expect(membership).toMatchObject({ role: 'villager', realName: '赵大爷', verifiedBy: cadre.id });
		expect((await rolesIn(first.id, village.id)).has('villager')).toBe(true);

		const again = await refusal(() => redeemJoinCode(second.id, issued.code, '10.1.1.2'));
		expect(again.message).toContain('加入码');
		expect((await rolesIn(second.id, village.id)).size).toBe(0);
		expect((await listOpenJoinCodes(village.id)).map((c) => c.id)).not.toContain(issued.id);
		expect(await auditActions(village.id)).toEqual(expect.arrayContaining(['join_code.issued', 'join_code.redeemed']));
	});

	it('refuses revoked and expired codes and keeps the code for its owner when a villager retries', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const user = await makeUser();
		const revoked = await issueJoinCode(cadre.id, village.id, parseWith(joinCodeForm, { forName: '甲' }));
		await revokeJoinCode(cadre.id, village.id, revoked.id);
		await refusal(() => redeemJoinCode(user.id, revoked.code, '10.2.0.1'));
		await refusal(() => revokeJoinCode(cadre.id, village.id, revoked.id));

		const old = await issueJoinCode(cadre.id, village.id, parseWith(joinCodeForm, { forName: '乙' }), new Date(Date.now() - 15 * 24 * 60 * 60 * 1000));
		await refusal(() => redeemJoinCode(user.id, old.code, '10.2.0.1'));

		const villager = await makeVillager(village, cadre);
		const spare = await issueJoinCode(cadre.id, village.id, parseWith(joinCodeForm, { forName: '丙' }));
		expect((await refusal(() => redeemJoinCode(villager.id, spare.code, '10.2.0.2'))).status).toBe(409);
		expect((await redeemJoinCode(user.id, spare.code, '10.2.0.1')).id).toBe(village.id);
	});

	it('refuses malformed input with a message and throttles guessing', async () => {
		const village = await makeVillage();
		const user = await makeUser();
		expect((await refusal(() => redeemJoinCode(user.id, '<script>', '10.3.0.1'))).message).toMatch(/8/);
		for (let i = 0; i < 9; i++) await refusal(() => redeemJoinCode(user.id, 'AAAA-AAAA', '10.3.0.1'));
		expect((await refusal(() => redeemJoinCode(user.id, 'AAAA-AAAA', '10.3.0.1'))).status).toBe(429);
		expect((await rolesIn(user.id, village.id)).size).toBe(0);
	});

	it('several codes for one person redeemed at once make one membership; the other codes stay open', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const user = await makeUser();
		const codes: IssuedCode[] = [];
		for (let i = 0; i < 6; i++) codes.push(await issueJoinCode(cadre.id, village.id, parseWith(joinCodeForm, { forName: '丁' })));
		const results = await Promise.allSettled(codes.map(({ code }) => redeemJoinCode(user.id, code, '10.4.0.1')));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const refused of results.filter((r) => r.status === 'rejected')) expect(refused.reason.status).toBe(409);
		expect(await membershipsOf(user.id)).toHaveLength(1);
		expect(await listOpenJoinCodes(village.id)).toHaveLength(codes.length - 1);
	});

	it("one code redeemed by two people at once makes one membership, and the loser's miss is counted", async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const [a, b] = [await makeUser(), await makeUser()];
		const { code } = await issueJoinCode(cadre.id, village.id, parseWith(joinCodeForm, { forName: '戊' }));
		const results = await Promise.allSettled([a, b].map((user) => redeemJoinCode(user.id, code, '10.5.0.1')));
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect([...(await membershipsOf(a.id)), ...(await membershipsOf(b.id))]).toHaveLength(1);
		const misses = await db
			.select()
			.from(throttleEvents)
			.where(and(eq(throttleEvents.bucket, slowDowns.joinCodeAddress.bucket), eq(throttleEvents.key, '10.5.0.1')));
		expect(misses).toHaveLength(1);
	});
});

describe('memberships', () => {
	it('a cadre may promote a villager of their village, not an outsider', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const villager = await makeVillager(village, cadre);
		const outsider = await makeUser();
		await refusal(() => appointCadre(cadre.id, village.id, parseWith(appointmentForm, { username: outsider.username }), 'cadre'));
		await appointCadre(cadre.id, village.id, parseWith(appointmentForm, { username: villager.username }), 'cadre');
		expect((await rolesIn(villager.id, village.id)).has('cadre')).toBe(true);
		expect((await refusal(() => appointCadre(cadre.id, village.id, parseWith(appointmentForm, { username: villager.username }), 'cadre'))).status).toBe(409);
		await refusal(() => appointCadre(cadre.id, village.id, parseWith(appointmentForm, { username: 'no-such-person' }), 'cadre'));
	});

	it('revoking a villager ends their roles and keeps the record; nobody revokes themselves', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const villager = await makeVillager(village, cadre);
		const [row] = await membershipsOf(villager.id);
		await refusal(() => revokeMembership(cadre.id, village.id, 999_999));
		const [own] = await membershipsOf(cadre.id);
		await refusal(() => revokeMembership(cadre.id, village.id, own.id));
		await revokeMembership(cadre.id, village.id, row.id);
		expect((await rolesIn(villager.id, village.id)).size).toBe(0);
		expect(await listUserVillages(villager.id)).toEqual([]);
		const [kept] = await db.select().from(memberships).where(eq(memberships.id, row.id));
		expect(kept.revokedBy).toBe(cadre.id);
		expect(await auditActions(village.id)).toContain('membership.revoked');
		await refusal(() => revokeMembership(cadre.id, village.id, row.id));
	});
});

describe('the village field of a list filter', () => {
	it('lists a small county and asks a big one to type; resolves a slug, a name or a unique part of one', async () => {
		const admin = await makeAdmin();
		const tag = `${Date.now()}`.slice(-6);
		const cherry = await createVillage(admin.id, { name: `樱桃沟${tag}`, slug: `cherry-${tag}`, county: '巨野县', story: '' });
		await createVillage(admin.id, { name: `大王庄${tag}`, slug: `dawang-${tag}`, county: '巨野县', story: '' });
		await createVillage(admin.id, { name: `小王庄${tag}`, slug: `xiaowang-${tag}`, county: '巨野县', story: '' });
		const listed = await listVillages();
		const small = await villageFilter(null);
		// Whatever this file's database holds by now, the menu is every village or none.
		expect(small.choices?.map((v) => v.slug) ?? null).toEqual(listed.length <= villagesListedInFilters ? listed.map((v) => v.slug) : null);
		expect(small).toMatchObject({ chosen: null, unknown: null });

		const chosen = { slug: cherry.slug, name: cherry.name };
		expect((await villageFilter(cherry.slug)).chosen).toEqual(chosen);
		expect((await villageFilter(cherry.name)).chosen).toEqual(chosen);
		expect((await villageFilter(`樱桃沟${tag}`.slice(1))).chosen).toEqual(chosen);
		expect((await villageFilter(`Cherry-${tag}`)).chosen).toEqual(chosen);
		expect((await villageFilter(`rry-${tag}`)).chosen).toEqual(chosen);
		// Two villages answer to 王庄 and none to 火星村: neither is a guess, and the typed text comes back as typed.
		expect(await villageFilter(`王庄${tag}`)).toMatchObject({ chosen: null, unknown: `王庄${tag}` });
		expect(await villageFilter('<b>火星村</b>')).toMatchObject({ chosen: null, unknown: '<b>火星村</b>' });
		// LIKE's wildcards typed are taken as themselves, not as "any village".
		for (const wild of ['%', '_', `樱桃%${tag}`, '!', '!%']) expect(await villageFilter(wild)).toMatchObject({ chosen: null, unknown: wild });

		for (let n = listed.length; n <= villagesListedInFilters; n++) await makeVillage();
		const big = await villageFilter(cherry.name);
		expect(big.choices).toBeNull();
		expect(big.chosen).toEqual(chosen);
	});
});
