// The demo county's charity (scripts/demo/charity.ts) as a fresh install serves it: 舒王庄's
// ledger downloads and verifies, in this process and with `node scripts/verify-ledger.js` on its
// URL, and shows the street-light project's named and anonymous cash, goods, volunteer hours, a
// paid disbursement with its receipts and both approvers, and a signed checkpoint for the
// poster; a second payment is in its notice period; the demo buyer's receipt code finds his gift.
// Other files may add to the ledger before this one runs, so it looks for entries, not a count.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { receiptHash, verifyLedger, type LedgerFile } from '../../src/lib/charity/ledger-verify.js';
import { queryRow, queryRows } from './support/database';

const ledgerUrl = (slug: string) => `${inject('baseURL')}/v/${slug}/ledger.json`;

async function download(slug: string): Promise<LedgerFile> {
	const response = await fetch(ledgerUrl(slug));
	expect(response.status).toBe(200);
	return (await response.json()) as LedgerFile;
}

describe('the demo’s charity', () => {
	it('has 舒王庄’s street lights in a ledger that verifies, with every kind of gift, a paid disbursement and a checkpoint', async () => {
		const ledger = await download('shuwangzhuang');
		const check = await verifyLedger(ledger);
		expect(check.problem).toBeNull();
		const script = await promisify(execFile)(process.execPath, ['scripts/verify-ledger.js', ledgerUrl('shuwangzhuang'), '--lang', 'en']);
		expect(script.stdout).toContain('The ledger holds');

		const lights = await queryRow<{ id: number; goal_fen: number }>(
			"SELECT p.id, p.goal_fen FROM charity_projects p JOIN villages v ON v.id = p.village_id WHERE v.slug = 'shuwangzhuang' AND p.title = '村口路灯'"
		);
		expect(lights.goal_fen).toBe(1_800_000);
		const entries = ledger.entries.filter((e) => e.project === lights.id);
		const donors = entries.filter((e) => e.kind === 'donation').map((e) => e.donor);
		expect(donors).toEqual(expect.arrayContaining(['李秀英', '刘长河', '爱心人士']));
		expect(entries.filter((e) => e.kind === 'goods').map((e) => e.label)).toEqual(expect.arrayContaining(['电线 200 米', '水泥 10 袋']));
		expect(entries.filter((e) => e.kind === 'hours').map((e) => e.label)).toContain('12 小时（挖坑立杆）');
		const paid = entries.find((e) => e.kind === 'disbursement' && e.amountFen === -680_000);
		expect(paid).toMatchObject({ approvers: ['王建国', '马秀云'] });
		expect(paid?.receipts).toHaveLength(2);

		// The poster's checkpoint, the first after the payment: what the demo's ledger held when sealed
		// (nothing changes a ledger's past, whatever other files add after it).
		const sealed = ledger.entries.find((e) => e.kind === 'checkpoint' && e.seq > paid!.seq)!;
		expect(sealed.checkpoint).toMatchObject({ length: sealed.seq - 1 });
		const cash = entries.filter((e) => e.seq < sealed.seq).reduce((sum, e) => sum + e.amountFen, 0);
		expect(cash).toBe(950_000 - 680_000);
	});

	it('has a payment in its 公示 period, and a gift whose receipt code its donor can look up', async () => {
		const open = await queryRows<{ amount_fen: number; notice_ends_at: number | Date }>(
			"SELECT d.amount_fen, d.notice_ends_at FROM charity_disbursements d JOIN charity_projects p ON p.id = d.project_id WHERE p.title = '村口路灯' AND d.state = 'approved'"
		);
		expect(open.map((d) => d.amount_fen)).toContain(120_000);
		expect(open.every((d) => new Date(d.notice_ends_at).getTime() > Date.now())).toBe(true);

		const ledger = await download('shuwangzhuang');
		const codes = await queryRows<{ receipt_code: string }>("SELECT g.receipt_code FROM charity_gifts g JOIN users u ON u.id = g.donor_id WHERE u.username = 'buyer' AND g.state = 'confirmed'");
		const anonymous = ledger.entries.find((e) => e.donor === '爱心人士' && e.amountFen === 500_000);
		expect(anonymous).toBeDefined();
		expect(await Promise.all(codes.map((c) => receiptHash(c.receipt_code)))).toContain(anonymous!.receipt);
	});

	it('has a second, smaller project in 柳河村, its ledger verifying too', async () => {
		const ledger = await download('liuhe');
		expect((await verifyLedger(ledger)).problem).toBeNull();
		const dinner = await queryRow<{ id: number; state: string }>("SELECT id, state FROM charity_projects WHERE title = '重阳节老人饺子宴'");
		expect(dinner.state).toBe('fundraising');
		expect(ledger.entries.filter((e) => e.project === dinner.id).length).toBeGreaterThanOrEqual(2);
	});
});
