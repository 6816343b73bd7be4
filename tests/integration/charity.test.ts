// Charity projects and gifts on either engine: only the village's cadres open and move a project;
// gifts are pledged while it takes them and enter the ledger only when a cadre confirms them, once;
// the donor's receipt code finds their entry in a ledger that verifies; bad input changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, charityGifts, charityProjects, db, ledgerEntries, transaction, users, type User, type Village } from '$lib/server/platform/db';
import { parseGiftForm, parseProjectForm } from '$lib/charity/forms';
import { receiptHash, verifyLedger } from '$lib/charity/ledger-verify.js';
import { cancelGift, changeProjectState, confirmGift, createProject, pledgeGift, villageLedger } from '$lib/server/charity';
import { makeCadre, makeUser, makeVillage, makeVillager } from './factories';
import { refusal } from './refusal';

let village: Village;
let cadre: User;
let villager: User;
let buyer: User;

beforeAll(async () => {
	village = await makeVillage();
	cadre = await makeCadre(village);
	villager = await makeVillager(village, cadre);
	buyer = await makeUser();
});

const project = (fields: Record<string, string> = {}) => parseProjectForm({ title: '村口路灯', category: 'infrastructure', goal: '20000', description: '', startsOn: '', endsOn: '', ...fields });
const money = (amount: string, more: Record<string, string> = {}) => parseGiftForm({ kind: 'money', amount, method: 'bank_transfer', ...more });
const ledgerRows = async (villageId: number) => db.select().from(ledgerEntries).where(eq(ledgerEntries.villageId, villageId));

async function openProject(): Promise<number> {
	const id = await createProject(cadre.id, village.id, project());
	await changeProjectState(cadre.id, id, 'fundraising');
	return id;
}

describe('projects', () => {
	it('are opened by the village’s cadres as drafts and moved on one step at a time', async () => {
		await refusal(createProject(villager.id, village.id, project()));
		const id = await createProject(cadre.id, village.id, project({ startsOn: '2026-12-01', endsOn: '2027-03-01' }));
		const [row] = await db.select().from(charityProjects).where(eq(charityProjects.id, id));
		expect(row).toMatchObject({ state: 'draft', goalFen: 2_000_000, startsOn: '2026-12-01', responsibleId: cadre.id, raisedFen: 0 });

		expect((await refusal(changeProjectState(cadre.id, id, 'completed'))).message).toBe('项目不能从“草稿”改为“已完成”。');
		await refusal(changeProjectState(villager.id, id, 'fundraising'));
		await refusal(pledgeGift(buyer.id, id, money('100')));
		await changeProjectState(cadre.id, id, 'fundraising');
		await changeProjectState(cadre.id, id, 'closed');
		await refusal(changeProjectState(cadre.id, id, 'fundraising'));
		await refusal(pledgeGift(buyer.id, id, money('100')));
		const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.villageId, village.id))).map((row) => row.action);
		expect(actions).toEqual(expect.arrayContaining(['charity.project_created', 'charity.project_state']));
	});

	it('refuses a form a careless or hostile hand filled in, with what to fix', () => {
		const problems: [Record<string, string>, string][] = [
			[{ title: '' }, '请写项目名称。'],
			[{ title: '灯' }, '项目名称至少 2 个字。'],
			[{ category: 'casino' }, '请选项目类别。'],
			[{ goal: '' }, '请写目标金额。'],
			[{ goal: '0' }, '目标金额要大于 0，最多 ¥10000000。'],
			[{ goal: '-5' }, '目标金额要大于 0，最多 ¥10000000。'],
			[{ goal: '1.005' }, '目标金额请写成数字，比如 20000 或 20000.50。'],
			[{ goal: '二十万' }, '目标金额请写成数字，比如 20000 或 20000.50。'],
			[{ startsOn: '2026-02-30' }, '日期请写成 年-月-日，比如 2026-12-01。'],
			[{ startsOn: '2026-12-02', endsOn: '2026-12-01' }, '结束日期不能早于开始日期。']
		];
		for (const [fields, message] of problems) expect(() => project(fields), JSON.stringify(fields)).toThrow(message);
		expect(project({ goal: '￥２０，０００.５' }).goalFen).toBe(2_000_050);
	});
});

describe('gifts', () => {
	it('enter the ledger when a cadre confirms them: cash in the balance, goods and hours beside it', async () => {
		const id = await openProject();
		const named = await pledgeGift(villager.id, id, money('500', { message: '给村里出点力' }));
		const anonymous = await pledgeGift(buyer.id, id, money('100.5', { anonymous: 'on', method: 'cash' }));
		const goods = await pledgeGift(buyer.id, id, parseGiftForm({ kind: 'goods', goods: '化肥 20 袋' }));
		const hours = await pledgeGift(villager.id, id, parseGiftForm({ kind: 'hours', hours: '12', work: '挖坑' }));
		expect(named.receiptCode).toMatch(/^([2-9A-HJKMNP-Z]{4}-){3}[2-9A-HJKMNP-Z]{4}$/);
		const before = (await ledgerRows(village.id)).length;

		await refusal(confirmGift(villager.id, named.id));
		for (const gift of [named, anonymous, goods, hours]) await confirmGift(cadre.id, gift.id);
		await refusal(confirmGift(cadre.id, named.id));

		const ledger = await villageLedger(village.slug);
		const mine = ledger!.entries.slice(before);
		expect(mine.map((entry) => [entry.kind, entry.amountFen, entry.donor, entry.label])).toEqual([
			['donation', 50_000, villager.displayName, ''],
			['donation', 10_050, '爱心人士', ''],
			['goods', 0, buyer.displayName, '化肥 20 袋'],
			['hours', 0, villager.displayName, '12 小时（挖坑）']
		]);
		const check = await verifyLedger(ledger);
		expect(check.problem).toBeNull();
		expect(check.balances[id]).toBe(60_050);
		const [row] = await db.select().from(charityProjects).where(eq(charityProjects.id, id));
		expect(row).toMatchObject({ raisedFen: 60_050, availableFen: 60_050 });

		// The receipt code, however it is typed back, finds that gift's entry and no other.
		const hash = await receiptHash(anonymous.receiptCode.toLowerCase().replaceAll('-', ' '));
		expect(ledger!.entries.filter((entry) => entry.receipt === hash).map((entry) => entry.amountFen)).toEqual([10_050]);
	});

	it('are cancelled by their donor or a cadre while pledged, never once confirmed, and one confirm wins a race', async () => {
		const id = await openProject();
		const mine = await pledgeGift(buyer.id, id, money('50'));
		await refusal(cancelGift(villager.id, mine.id));
		await cancelGift(buyer.id, mine.id);
		await refusal(confirmGift(cadre.id, mine.id));
		const other = await pledgeGift(buyer.id, id, money('60'));
		await cancelGift(cadre.id, other.id);

		const raced = await pledgeGift(villager.id, id, money('70'));
		const second = await makeCadre(village);
		const before = (await ledgerRows(village.id)).length;
		const results = await Promise.allSettled([confirmGift(cadre.id, raced.id), confirmGift(second.id, raced.id)]);
		expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
		expect((await ledgerRows(village.id)).length).toBe(before + 1);
		await refusal(cancelGift(villager.id, raced.id));
		// Two cadres moving the project at once: one does, the other is told it moved.
		const moves = await Promise.allSettled([changeProjectState(cadre.id, id, 'closed'), changeProjectState(second.id, id, 'in_progress')]);
		expect(moves.filter((move) => move.status === 'fulfilled')).toHaveLength(1);
		// A pledge still open when the project closed is never booked into it.
		const late = await openProject();
		const pledged = await pledgeGift(villager.id, late, money('80'));
		await changeProjectState(cadre.id, late, 'closed');
		await refusal(confirmGift(cadre.id, pledged.id));
		await cancelGift(cadre.id, pledged.id);
		const states = await db.select({ id: charityGifts.id, state: charityGifts.state }).from(charityGifts).where(eq(charityGifts.projectId, id));
		expect(Object.fromEntries(states.map((s) => [s.id, s.state]))).toEqual({ [mine.id]: 'cancelled', [other.id]: 'cancelled', [raced.id]: 'confirmed' });
	});

	it('refuses amounts of nothing, below zero, fractions of a fen, over the limit or not numbers, and storing nothing', async () => {
		const problems: [Record<string, string>, string][] = [
			[{ kind: 'money', amount: '0', method: 'cash' }, '每笔捐款 ¥1 到 ¥50000。'],
			[{ kind: 'money', amount: '-100', method: 'cash' }, '每笔捐款 ¥1 到 ¥50000。'],
			[{ kind: 'money', amount: '0.99', method: 'cash' }, '每笔捐款 ¥1 到 ¥50000。'],
			[{ kind: 'money', amount: '50000.01', method: 'cash' }, '每笔捐款 ¥1 到 ¥50000。'],
			[{ kind: 'money', amount: '10.001', method: 'cash' }, '金额请写成数字，最多两位小数，比如 100 或 50.5。'],
			[{ kind: 'money', amount: 'abc', method: 'cash' }, '金额请写成数字，最多两位小数，比如 100 或 50.5。'],
			[{ kind: 'money', amount: '', method: 'cash' }, '请写捐款金额。'],
			[{ kind: 'money', amount: '100', method: 'wechat' }, '请选怎么付：银行转账或交给村出纳。'],
			[{ kind: 'gold', amount: '100' }, '请选捐款、捐物还是出工。'],
			[{ kind: 'goods', goods: '  ' }, '请写捐的是什么东西、多少，比如 化肥 20 袋。'],
			[{ kind: 'hours', hours: '0' }, '出工时间请写 1 到 1000 之间的整数小时。'],
			[{ kind: 'hours', hours: '2.5' }, '出工时间请写 1 到 1000 之间的整数小时。']
		];
		for (const [fields, message] of problems) expect(() => parseGiftForm(fields), JSON.stringify(fields)).toThrow(message);
		const gifts = async () => (await db.select({ id: charityGifts.id }).from(charityGifts)).length;
		const before = await gifts();
		await refusal(pledgeGift(buyer.id, 999_999, money('100')));
		expect(await gifts()).toBe(before);
	});
});

describe('ledger downloads', () => {
	it('serve the village’s chain as JSON that verifies, a project’s entries as CSV, and 404 for what is not there', async () => {
		const { GET: villageJson } = await import('../../src/routes/(charity)/v/[village]/ledger.json/+server');
		const { GET: projectJson } = await import('../../src/routes/(charity)/charity/[id]/ledger.json/+server');
		const { GET: projectCsv } = await import('../../src/routes/(charity)/charity/[id]/ledger.csv/+server');
		const call = <H extends (event: never) => unknown>(handler: H, params: Record<string, string>) =>
			handler({ params, locals: { locale: 'zh-CN' } } as never) as Promise<Response>;

		const id = await openProject();
		const gift = await pledgeGift(buyer.id, id, money('88', { anonymous: 'on' }));
		await confirmGift(cadre.id, gift.id);
		// A donor label a spreadsheet would run as a formula is written as text.
		const hostile = await makeUser();
		await transaction((tx) => tx.update(users).set({ displayName: `=HYPERLINK("http://x")` }).where(eq(users.id, hostile.id)));
		await confirmGift(cadre.id, (await pledgeGift(hostile.id, id, money('1'))).id);

		const chain = await call(villageJson, { village: village.slug });
		expect(chain.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(await verifyLedger(await chain.json())).toMatchObject({ problem: null });
		const project = await (await call(projectJson, { id: String(id) })).json();
		expect(project.project).toBe(id);
		expect(await verifyLedger(project)).toMatchObject({ problem: null, balances: { [id]: 8_900 } });

		const csv = await (await call(projectCsv, { id: String(id) })).text();
		const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
		expect(lines[0]).toBe('"序号","时间","类型","金额（元）","捐赠人","说明","批准人","收据照片 SHA-256","冲正第几条","本条哈希","上一条哈希"');
		expect(lines.slice(1).map((line) => line.split(',').slice(2, 5))).toEqual([
			['"捐款"', '88', '"爱心人士"'],
			['"捐款"', '1', `"'=HYPERLINK(""http://x"")"`]
		]);

		for (const response of [await call(villageJson, { village: 'no-such' }), await call(projectJson, { id: '999999' }), await call(projectCsv, { id: 'abc' })]) {
			expect(response.status).toBe(404);
			expect(await response.text()).toMatch(/没有这个|找不到/);
		}
	});
});
