// What the charity pages read, on either engine: who sees a draft, a donor's receipt codes and
// an objection's words; the open lists; the console's pledges, payments and money per month.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDisbursementForm, parseGiftForm, parseProjectForm } from '$lib/charity/forms';
import { anonymousDonorLabel } from '$lib/charity/vocabulary';
import type { User, Village } from '$lib/server/platform/db';
import {
	approveDisbursement,
	changeProjectState,
	confirmGift,
	consoleVillages,
	createProject,
	findCharityConsole,
	findProjectPage,
	listOpenProjects,
	objectToDisbursement,
	pledgeGift,
	proposeDisbursement
} from '$lib/server/charity';
import { makeAdmin, makeCadre, makeUser, makeVillage, makeVillager } from './factories';
import { asFile, plainImage } from './image-files';

let village: Village;
let cadre: User;
let second: User;
let villager: User;
let donor: User;

beforeAll(async () => {
	village = await makeVillage();
	cadre = await makeCadre(village);
	second = await makeCadre(village, '李主任');
	villager = await makeVillager(village, cadre);
	donor = await makeUser();
});

const newProject = (title = '村口路灯') => createProject(cadre.id, village.id, parseProjectForm({ title, category: 'infrastructure', goal: '18000' }));

describe('charity pages', () => {
	it('a draft is the cadres’ alone; once open it is listed, and its page names donors by label, never by account', async () => {
		const id = await newProject('敬老院修屋顶');
		expect(await findProjectPage(id, null)).toBeUndefined();
		expect(await findProjectPage(id, villager.id)).toBeUndefined();
		expect((await findProjectPage(id, cadre.id))?.project.state).toBe('draft');
		expect((await listOpenProjects(village.id)).map((card) => card.id)).not.toContain(id);

		await changeProjectState(cadre.id, id, 'fundraising');
		const anonymous = await pledgeGift(donor.id, id, parseGiftForm({ kind: 'money', amount: '50', method: 'bank_transfer', anonymous: 'on' }));
		const named = await pledgeGift(villager.id, id, parseGiftForm({ kind: 'hours', hours: '8', work: '搬瓦' }));
		await confirmGift(cadre.id, anonymous.id);
		await confirmGift(cadre.id, named.id);
		const open = await listOpenProjects(village.id);
		expect(open.find((card) => card.id === id)).toMatchObject({ title: '敬老院修屋顶', raisedFen: 5000, gifts: 2, villageSlug: village.slug });

		const page = (await findProjectPage(id, null))!;
		expect(page.donors.map((d) => [d.label, d.anonymous, d.kind])).toEqual([
			[villager.displayName, false, 'hours'],
			[anonymousDonorLabel, true, 'money']
		]);
		expect(page.totals).toEqual({ donors: 2, goods: 0, hours: 8 });
		expect(page.myGifts).toEqual([]);
		expect(page.entries.map((entry) => entry.kind)).toEqual(['hours', 'donation']);
		// The receipt code is its donor's alone.
		expect((await findProjectPage(id, donor.id))!.myGifts.map((gift) => gift.receiptCode)).toEqual([anonymous.receiptCode]);
		expect((await findProjectPage(id, villager.id))!.myGifts.map((gift) => gift.receiptCode)).toEqual([named.receiptCode]);
	});

	it('an objection’s words reach the cadres and the admin only; the console lists what waits and the money per month', async () => {
		const id = await newProject();
		await changeProjectState(cadre.id, id, 'fundraising');
		const gift = await pledgeGift(donor.id, id, parseGiftForm({ kind: 'money', amount: '500', method: 'cash' }));
		await confirmGift(cadre.id, gift.id);
		const waiting = await pledgeGift(donor.id, id, parseGiftForm({ kind: 'goods', goods: '水泥 10 袋', anonymous: 'on' }));
		const receipt = asFile(await plainImage(40, 50, 'jpeg'), 'receipt.jpg');
		const paymentId = await proposeDisbursement(cadre.id, id, parseDisbursementForm({ amount: '120', payee: '县灯具厂', purpose: '路灯' }), [receipt]);
		await approveDisbursement(second.id, paymentId, 3);
		await objectToDisbursement(villager.id, paymentId, '价格太高了');

		const seen = async (userId: number | null) => (await findProjectPage(id, userId))!.payments.find((payment) => payment.id === paymentId)!;
		const admin = await makeAdmin();
		for (const who of [null, villager.id, donor.id]) expect(await seen(who)).toMatchObject({ objectionCount: 1, objections: [] });
		for (const who of [cadre.id, admin.id]) expect((await seen(who)).objections.map((o) => o.body)).toEqual(['价格太高了']);
		const payment = await seen(null);
		expect(payment).toMatchObject({ state: 'approved', amountFen: 12000, payee: '县灯具厂', receipts: [expect.objectContaining({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })] });

		const console = await findCharityConsole(village.id);
		// The cadres see who really gave an anonymous pledge, to match it with what arrived.
		expect(console.pledges.find((pledge) => pledge.id === waiting.id)).toMatchObject({ donorName: donor.displayName, anonymous: true, kind: 'goods', goods: '水泥 10 袋' });
		expect(console.payments.map((p) => p.id)).toContain(paymentId);
		expect(console.months).toHaveLength(12);
		const thisMonth = console.months.at(-1)!;
		expect(thisMonth.inFen).toBeGreaterThanOrEqual(50_000);
		expect(console.projects.map((project) => project.id)).toContain(id);
	});

	it('the console is open to a village’s cadres for their villages, and to the admin for every village', async () => {
		const other = await makeVillage();
		expect((await consoleVillages(cadre.id, false)).map((v) => v.slug)).toEqual([village.slug]);
		expect(await consoleVillages(villager.id, false)).toEqual([]);
		const all = (await consoleVillages((await makeAdmin()).id, true)).map((v) => v.slug);
		expect(all).toEqual(expect.arrayContaining([village.slug, other.slug]));
	});
});
