// Payments out of a project on either engine, four eyes: proposed with receipt photos, approved by
// another cadre (or the admin where the village has one), objected to during the notice period,
// paid into the ledger with the receipts' hashes and both names; a balance that never goes below
// zero under concurrent approvals; reversal instead of editing.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { charityDisbursements, charityObjections, charityProjects, db, type User, type Village } from '$lib/server/platform/db';
import { parseDisbursementForm, parseGiftForm, parseNoticeDays, parseProjectForm } from '$lib/charity/forms';
import { verifyLedger } from '$lib/charity/ledger-verify.js';
import { mediaDir } from '$lib/server/platform/media';
import {
	approveDisbursement,
	changeProjectState,
	confirmGift,
	createProject,
	objectToDisbursement,
	payDueDisbursements,
	pledgeGift,
	proposeDisbursement,
	rejectDisbursement,
	reverseEntry,
	villageLedger
} from '$lib/server/charity';
import { makeAdmin, makeCadre, makeUser, makeVillage, makeVillager } from './factories';
import { asFile, plainImage } from './image-files';
import { refusal } from './refusal';

let village: Village;
let cadre: User;
let second: User;
let villager: User;

beforeAll(async () => {
	village = await makeVillage();
	cadre = await makeCadre(village);
	second = await makeCadre(village, '李主任');
	villager = await makeVillager(village, cadre);
});

const day = 24 * 60 * 60 * 1000;
const receipt = async (seed = 40) => asFile(await plainImage(seed, seed + 10, 'jpeg'), 'receipt.jpg');
const payout = (amount: string, purpose = '买路灯 4 盏') => parseDisbursementForm({ amount, payee: '县灯具厂', purpose });
const projectRowOf = async (id: number) => (await db.select().from(charityProjects).where(eq(charityProjects.id, id)))[0];

/** A project of `where` holding `fen` in confirmed gifts. */
async function fundedProject(fen: number, where = village, by = cadre): Promise<number> {
	const id = await createProject(by.id, where.id, parseProjectForm({ title: '村口路灯', category: 'infrastructure', goal: '20000' }));
	await changeProjectState(by.id, id, 'fundraising');
	const gift = await pledgeGift((await makeUser()).id, id, parseGiftForm({ kind: 'money', amount: String(fen / 100), method: 'cash' }));
	await confirmGift(by.id, gift.id);
	return id;
}

describe('disbursements', () => {
	it('go from a proposal with receipts, through another cadre’s approval and the notice period, into the ledger', async () => {
		const id = await fundedProject(50_000);
		const now = new Date('2026-12-01T02:00:00Z');
		await refusal(proposeDisbursement(cadre.id, id, payout('100'), []));
		// A receipt that is not a photo is named in the refusal, and nothing is proposed.
		expect((await refusal(proposeDisbursement(cadre.id, id, payout('100'), [asFile('%PDF-1.4 发票', 'invoice.pdf', 'application/pdf')]))).message).toMatch(/^第 1 张照片/);
		expect(await db.select().from(charityDisbursements).where(eq(charityDisbursements.projectId, id))).toEqual([]);
		await refusal(proposeDisbursement(villager.id, id, payout('100'), [await receipt()]));
		await refusal(proposeDisbursement(cadre.id, id, payout('500.01'), [await receipt()]));
		const proposal = await proposeDisbursement(cadre.id, id, payout('300'), [await receipt()], now);

		expect((await refusal(approveDisbursement(cadre.id, proposal, 3, now))).message).toBe('提出支出的人不能自己批准，请另一位村干部批准。');
		await refusal(approveDisbursement(villager.id, proposal, 3, now));
		await approveDisbursement(second.id, proposal, 3, now);
		await refusal(approveDisbursement(second.id, proposal, 3, now));
		expect(await projectRowOf(id)).toMatchObject({ raisedFen: 50_000, availableFen: 20_000 });

		// During the notice period a villager may object; after it nobody can, and it is paid.
		await objectToDisbursement(villager.id, proposal, '路灯只要三盏', new Date(now.getTime() + day));
		await refusal(objectToDisbursement((await makeUser()).id, proposal, '不是本村的', new Date(now.getTime() + day)));
		expect(await payDueDisbursements(new Date(now.getTime() + 2 * day))).toBe(0);
		expect(await payDueDisbursements(new Date(now.getTime() + 3 * day))).toBe(1);
		await refusal(objectToDisbursement(villager.id, proposal, '晚了', new Date(now.getTime() + 3 * day)));
		expect(await db.select({ body: charityObjections.body }).from(charityObjections).where(eq(charityObjections.disbursementId, proposal))).toEqual([{ body: '路灯只要三盏' }]);

		const ledger = await villageLedger(village.slug);
		const paid = ledger!.entries.find((entry) => entry.kind === 'disbursement' && entry.project === id)!;
		expect(paid).toMatchObject({ amountFen: -30_000, label: '买路灯 4 盏（县灯具厂）', approvers: ['王干部', '李主任'] });
		const [row] = await db.select().from(charityDisbursements).where(eq(charityDisbursements.id, proposal));
		expect(row).toMatchObject({ state: 'paid', ledgerSeq: paid.seq });
		// The receipt's hash in the ledger is the hash of the file anyone can download.
		expect(paid.receipts).toHaveLength(1);
		const files = await readdir(mediaDir);
		const hashes = await Promise.all(files.filter((name) => name.endsWith('.jpg')).map(async (name) => createHash('sha256').update(await readFile(join(mediaDir, name))).digest('hex')));
		expect(hashes).toContain(paid.receipts[0]);
		expect(await verifyLedger(ledger)).toMatchObject({ problem: null, balances: { [id]: 20_000 } });
	});

	it('never take a project below zero, however many approvals race', async () => {
		const id = await fundedProject(10_000);
		const proposals = [];
		for (let n = 0; n < 4; n++) proposals.push(await proposeDisbursement(cadre.id, id, payout('40', `第 ${n + 1} 笔`), [await receipt(40 + n)]));
		const results = await Promise.allSettled(proposals.map((proposal) => approveDisbursement(second.id, proposal, 0)));
		expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
		expect(results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason.message)).toEqual([
			'项目余额不够：还有 ¥20.00 可以支出。',
			'项目余额不够：还有 ¥20.00 可以支出。'
		]);
		expect(await projectRowOf(id)).toMatchObject({ availableFen: 2_000 });
		const check = await verifyLedger(await villageLedger(village.slug));
		expect(check.problem).toBeNull();
		expect(check.balances[id]).toBe(2_000);
	});

	it('need the county admin where the village has one cadre, and give money back when rejected', async () => {
		const lone = await makeVillage();
		const only = await makeCadre(lone);
		const admin = await makeAdmin();
		const id = await fundedProject(10_000, lone, only);
		const proposal = await proposeDisbursement(only.id, id, payout('50'), [await receipt()]);
		await refusal(approveDisbursement(only.id, proposal, 3));
		await approveDisbursement(admin.id, proposal, 3);
		expect(await projectRowOf(id)).toMatchObject({ availableFen: 5_000 });
		await refusal(rejectDisbursement(villager.id, proposal, '不该付'));
		await rejectDisbursement(admin.id, proposal, '村民有异议，重新报价');
		expect(await projectRowOf(id)).toMatchObject({ availableFen: 10_000 });
		expect(await payDueDisbursements(new Date(Date.now() + 8 * day))).toBe(0);

		// In a village with two cadres the admin does not approve in their stead.
		const other = await fundedProject(10_000);
		const theirs = await proposeDisbursement(cadre.id, other, payout('10'), [await receipt()]);
		await refusal(approveDisbursement(admin.id, theirs, 3));
	});

	it('are corrected by a reversal entry, once, never by an edit', async () => {
		const id = await fundedProject(10_000);
		const proposal = await proposeDisbursement(cadre.id, id, payout('60'), [await receipt()]);
		await approveDisbursement(second.id, proposal, 0);
		const [row] = await db.select().from(charityDisbursements).where(eq(charityDisbursements.id, proposal));
		await refusal(reverseEntry(villager.id, village.id, row.ledgerSeq!, '付错了'));
		await reverseEntry(cadre.id, village.id, row.ledgerSeq!, '付错了，厂家退款');
		await refusal(reverseEntry(cadre.id, village.id, row.ledgerSeq!, '再冲一次'));
		expect(await projectRowOf(id)).toMatchObject({ availableFen: 10_000 });

		// A gift already spent cannot be taken back below zero.
		const spent = await fundedProject(1_000);
		const gone = await proposeDisbursement(cadre.id, spent, payout('10'), [await receipt()]);
		await approveDisbursement(second.id, gone, 0);
		const ledger = await villageLedger(village.slug);
		const gift = ledger!.entries.find((entry) => entry.kind === 'donation' && entry.project === spent)!;
		expect((await refusal(reverseEntry(cadre.id, village.id, gift.seq, '退款'))).message).toBe('项目余额不够：还有 ¥0.00 可以支出。');
		expect(await verifyLedger(await villageLedger(village.slug))).toMatchObject({ problem: null });
	});

	it('refuse a form filled in carelessly', () => {
		for (const [fields, message] of [
			[{ amount: '0', payee: '厂', purpose: '灯' }, '支出金额要大于 0，最多 ¥10000000。'],
			[{ amount: '1.234', payee: '厂', purpose: '灯' }, '金额请写成数字，最多两位小数，比如 100 或 50.5。'],
			[{ amount: '10', payee: '', purpose: '灯' }, '请写收款人。'],
			[{ amount: '10', payee: '厂', purpose: ' ' }, '请写这笔钱用来做什么。']
		] as const)
			expect(() => parseDisbursementForm(fields)).toThrow(message);
		expect(parseNoticeDays({})).toBe(3);
		for (const days of ['8', '-1', '1.5', 'abc']) expect(() => parseNoticeDays({ noticeDays: days })).toThrow('公示期请选 0 到 7 天。');
	});
});
