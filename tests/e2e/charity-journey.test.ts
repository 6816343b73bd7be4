// Charity from end to end at 360x640, every form with JavaScript off (issue 15): a cadre opens a
// project and puts it up for gifts; a buyer (in English) gives anonymously and a villager gives
// named; the cadre confirms both in the console; the cadre proposes a payment with a receipt
// photo and may not approve it himself; a second cadre approves it; when its 公示 ends the job
// pays it into the ledger; the donor finds their entry by receipt code; the ledger downloads and
// verifies with the script and in the browser, and a one-byte change to an amount is caught by both.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, login, newPage, register, screenshot, textOf } from './support/browser';
import { changeDatabase, countRows, uniqueName } from './support/database';
import { writePhotoFiles, type PhotoFiles } from './support/photos';

let browser: Browser;
let photos: PhotoFiles;
let closeDatabase: (() => Promise<void>) | undefined;

beforeAll(async () => {
	browser = await connectBrowser();
	photos = await writePhotoFiles('charity');
});
afterAll(async () => {
	await closeDatabase?.();
	await photos?.remove();
	await browser?.close();
});

const noScript = (english = false) => newPage(browser, { javaScriptEnabled: false, ...(english ? { locale: 'en-US' } : {}) });
const projectIdOf = (page: Page) => Number(/\/charity\/(\d+)/.exec(page.url())![1]);

/** `node scripts/verify-ledger.js <file>`: its exit code and what it printed. */
function verifyScript(file: string): Promise<{ code: number; out: string }> {
	return new Promise((resolve) =>
		execFile(process.execPath, ['scripts/verify-ledger.js', file], { env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) =>
			resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr })
		)
	);
}

/** The money forms' state: how many gifts, payments and ledger entries the project has. */
const footprint = async (projectId: number) => [
	await countRows('SELECT count(*) AS n FROM charity_gifts WHERE project_id = ?', projectId),
	await countRows('SELECT count(*) AS n FROM charity_disbursements WHERE project_id = ?', projectId),
	await countRows('SELECT count(*) AS n FROM ledger_entries WHERE project_id = ?', projectId)
];

test('open → give anonymously and named → confirm → propose with a receipt → four eyes → 公示 → paid → receipt code → download and verify, tampering caught', async () => {
	const cadre = await noScript();
	const second = await noScript();
	const buyer = await noScript(true);
	const villager = await noScript();
	try {
		// The cadre opens a project: a draft first, then up for gifts.
		await login(cadre, 'cadre');
		await cadre.goto('/charity/new');
		const title = `村口路灯 ${uniqueName('j').slice(-6)}`;
		await cadre.locator('#title').fill(title);
		await cadre.locator('#category').selectOption('infrastructure');
		await cadre.locator('#goal').fill('18000');
		await cadre.locator('#description').fill('村口到小学这段路晚上没有灯，计划装 10 盏太阳能路灯。');
		await cadre.locator('#photos').setInputFiles(photos.paths[0]);
		await cadre.locator('form.card button[type="submit"]').click();
		await cadre.waitForURL(/\/charity\/\d+\?created/);
		const projectId = projectIdOf(cadre);
		expect(await textOf(cadre, '.badge.state-draft')).toBe('草稿');
		await cadre.locator('form[action="?/state"]:has(input[value="fundraising"]) button').click();
		expect(await textOf(cadre, '#state .message')).toContain('项目状态已更新');
		expect(await textOf(cadre, '.badge.state-fundraising')).toBe('募捐中');
		await screenshot(cadre, 'charity-project-open-zh');

		// A buyer, in English, gives anonymously by bank transfer.
		await buyer.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: inject('baseURL') }]);
		await register(buyer, 'Chen Ming', 'charity-buyer');
		await buyer.goto(`/charity/${projectId}`);
		await buyer.locator('#amount').fill('50');
		await buyer.locator('#reference').fill('CM-1201');
		await buyer.locator('input[name="anonymous"]').check();
		await buyer.locator('form.give-form button[type="submit"]').click();
		await buyer.waitForURL(/pledged/);
		expect(await textOf(buyer, '#my-gifts')).toContain('Waiting for the committee to confirm');
		const buyerCode = await textOf(buyer, '#my-gifts .receipt-code');
		expect(buyerCode).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
		await screenshot(buyer, 'charity-pledged-en');

		// A villager gives named, first with amounts the form refuses: nothing is stored.
		await login(villager, 'villager');
		await villager.goto(`/charity/${projectId}`);
		const before = await footprint(projectId);
		for (const [amount, said] of [
			['0', '每笔捐款 ¥1 到 ¥50000。'],
			['-5', '每笔捐款 ¥1 到 ¥50000。'],
			['1.234', '金额'],
			['50001', '每笔捐款 ¥1 到 ¥50000。'],
			['一百', '金额']
		]) {
			await villager.locator('#amount').fill(amount);
			await villager.locator('#message').fill('为村里出一份力');
			await villager.locator('form.give-form button[type="submit"]').click();
			expect([amount, await textOf(villager, '#give .message.error')]).toEqual([amount, expect.stringContaining(said)]);
			// What was typed comes back: the message too, not the refusal in its place.
			expect(await villager.locator('#message').inputValue()).toBe('为村里出一份力');
		}
		expect(await footprint(projectId)).toEqual(before);
		await screenshot(villager, 'charity-give-refused-zh');
		await villager.locator('#amount').fill('100.50');
		await villager.locator('input[name="method"][value="cash"]').check();
		await villager.locator('form.give-form button[type="submit"]').click();
		await villager.waitForURL(/pledged/);

		// The cadre confirms both in the console; only then are they in the ledger.
		expect(await countRows('SELECT count(*) AS n FROM ledger_entries WHERE project_id = ?', projectId)).toBe(0);
		await cadre.goto('/charity/console?village=shuwangzhuang');
		await screenshot(cadre, 'charity-console-zh');
		for (let i = 0; i < 2; i++) {
			await cadre.locator('.pledge-list li', { hasText: title }).first().locator('form[action="?/confirm"] button').click();
			expect(await textOf(cadre, '.message.ok')).toMatch(/已确认收到，记入账本第 \d+ 条/);
		}
		expect(await countRows("SELECT count(*) AS n FROM ledger_entries WHERE project_id = ? AND kind = 'donation'", projectId)).toBe(2);
		await villager.goto(`/charity/${projectId}`);
		const donors = await textOf(villager, '.donor-list');
		expect(donors).toContain('爱心人士');
		expect(donors).toContain('¥50.00');
		expect(donors).toContain('¥100.50');
		expect(donors).not.toContain('Chen Ming');
		expect(await textOf(villager, '.progress')).toContain('已筹 ¥150.50，目标 ¥18,000.00');

		// The cadre proposes a payment with a receipt photo; more than the balance is refused first.
		await cadre.goto(`/charity/${projectId}/pay`);
		await cadre.locator('#amount').fill('200');
		await cadre.locator('#payee').fill('菏泽某灯具厂');
		await cadre.locator('#purpose').fill('买路灯 1 盏');
		await cadre.locator('#receipts').setInputFiles(photos.paths[1]);
		await cadre.locator('form.card button[type="submit"]').click();
		expect(await textOf(cadre, '.message.error')).toContain('¥150.50');
		await cadre.locator('#amount').fill('120');
		await cadre.locator('form.card button[type="submit"]').click();
		await cadre.waitForURL(/proposed/);
		const paymentId = Number(/payment-(\d+)/.exec(cadre.url())![1]);
		// The proposer may not approve his own.
		await cadre.locator(`#payment-${paymentId} form[action="?/approve"] button`).click();
		expect(await textOf(cadre, `#payment-${paymentId} .message.error`)).toContain('提出支出的人不能自己批准');
		expect(await countRows("SELECT count(*) AS n FROM charity_disbursements WHERE id = ? AND state = 'proposed'", paymentId)).toBe(1);

		// The second cadre approves it with three days of 公示.
		await login(second, 'accountant');
		await second.goto(`/charity/${projectId}#payment-${paymentId}`);
		await second.locator(`#payment-${paymentId} form[action="?/approve"] button`).click();
		expect(await textOf(second, `#payment-${paymentId} .message.ok`)).toContain('已批准，公示 3 天后支付');
		// Approving twice is refused.
		expect(await second.locator(`#payment-${paymentId} form[action="?/approve"]`).count()).toBe(0);
		await screenshot(second, 'charity-approved-zh');

		// Three days pass: the notice period ends (its end moved into the past), and the job that runs
		// every ten minutes pays it into the ledger. Other payments still on notice stay unpaid.
		await changeDatabase((run) => run('UPDATE charity_disbursements SET notice_ends_at = approved_at WHERE id = ?', paymentId));
		process.env.DATABASE_URL = inject('databaseUrl');
		const db = await import('$lib/server/platform/db');
		closeDatabase = db.closeDatabase;
		const { payDueDisbursements } = await import('$lib/server/charity');
		expect(await payDueDisbursements(new Date())).toBeGreaterThanOrEqual(1);
		expect(await countRows("SELECT count(*) AS n FROM charity_disbursements WHERE id = ? AND state = 'paid'", paymentId)).toBe(1);
		// The villager still has the project open: a fresh look.
		await villager.reload();
		expect(await textOf(villager, `#payment-${paymentId} .badge`)).toBe('已支付');
		expect(await textOf(villager, '.ledger-lines')).toContain('买路灯 1 盏（菏泽某灯具厂）');
		expect(await textOf(villager, '.facts')).toContain('¥30.50');
		await screenshot(villager, 'charity-paid-zh');

		// The buyer finds their entry by the receipt code.
		await buyer.goto('/charity/verify');
		await buyer.locator('#code').fill(buyerCode.toLowerCase());
		await buyer.locator('form[method="GET"] button[type="submit"]').click();
		const found = await buyer.locator('main').innerText();
		expect(found).toContain('Found! This gift is in the public ledger');
		expect(found).toContain('¥50.00');
		await screenshot(buyer, 'charity-receipt-found-en');

		// The ledger downloads; the script and the browser both verify it, and both name the entry a one-byte change breaks.
		const download = await villager.request.get(`/charity/${projectId}/ledger.json`);
		expect(download.ok()).toBe(true);
		const text = await download.text();
		const ledger = JSON.parse(text) as { entries: { seq: number; project: number | null; amountFen: number }[] };
		const named = ledger.entries.find((entry) => entry.project === projectId && entry.amountFen === 10050)!;
		const tampered = text.replace(`"amountFen":10050,`, `"amountFen":10950,`);
		expect(tampered.length).toBe(text.length);
		const dir = await mkdtemp(join(tmpdir(), 'charity-journey-'));
		try {
			await writeFile(join(dir, 'good.json'), text);
			await writeFile(join(dir, 'bad.json'), tampered);
			const good = await verifyScript(join(dir, 'good.json'));
			expect(good.code, good.out).toBe(0);
			const bad = await verifyScript(join(dir, 'bad.json'));
			expect(bad.code).toBe(1);
			expect(bad.out).toContain(`第 ${named.seq} 条`);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
		const checker = await newPage(browser);
		try {
			await checker.goto('/charity/verify');
			await checker.locator('[data-verify-file]').setInputFiles({ name: 'ledger.json', mimeType: 'application/json', buffer: Buffer.from(text) });
			await expect.poll(() => checker.locator('[data-verify-result] .message').first().innerText()).toContain('账本完好');
			await checker.locator('[data-verify-file]').setInputFiles({ name: 'ledger.json', mimeType: 'application/json', buffer: Buffer.from(tampered) });
			await expect.poll(() => checker.locator('[data-verify-result] .message').first().getAttribute('data-problem-seq')).toBe(String(named.seq));
			await screenshot(checker, 'charity-tampered-caught-zh');
		} finally {
			await checker.context().close();
		}
	} finally {
		for (const page of [cadre, second, buyer, villager]) await page.context().close();
	}
});
