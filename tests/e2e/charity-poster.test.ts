// The ledger checkpoint poster as a village prints it: a cadre seals the ledger with JavaScript
// off, and anyone gets one A4 sheet with the head hash in fours, the key's fingerprint and a QR
// code to the check; it prints without the app around it, in Chinese and English; the feed
// carries the same checkpoint; a bad number is refused with a message.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, login, newPage, screenshot, textOf } from './support/browser';
import { changeDatabase, queryRow } from './support/database';
import { qrSvg } from '../../src/lib/server/platform/qr';
import { chainEntry, entryBody, genesisHash, keyFingerprint } from '../../src/lib/charity/ledger-verify.js';
import { fitsOnePage } from './support/poster';

const slug = 'shuwangzhuang';
const posterPath = `/v/${slug}/ledger/poster`;

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** A confirmed donation to a project of Shuwangzhuang, appended to its ledger as the server appends one; returns its seq and hash. */
function donate(amountFen: number): Promise<{ seq: number; hash: string }> {
	return changeDatabase(async (run) => {
		const [village] = await run<{ id: number }>('SELECT id FROM villages WHERE slug = ?', slug);
		const [cadre] = await run<{ id: number }>("SELECT id FROM users WHERE username = 'cadre'");
		const [project] = await run<{ id: number }>(
			"INSERT INTO charity_projects (village_id, title, category, goal_fen, state, responsible_id, created_by) VALUES (?, '村口路灯', 'infrastructure', 2000000, 'fundraising', ?, ?) RETURNING id",
			village.id,
			cadre.id,
			cadre.id
		);
		const [head] = await run<{ seq: number; hash: string }>('SELECT seq, hash FROM ledger_entries WHERE village_id = ? ORDER BY seq DESC LIMIT 1', village.id);
		const at = new Date();
		const body = { seq: (head?.seq ?? 0) + 1, at: at.toISOString(), kind: 'donation' as const, project: project.id, amountFen, label: '', donor: '爱心人士', receipt: null, receipts: [], approvers: [], reverses: null, checkpoint: null };
		const entry = await chainEntry(head?.hash ?? genesisHash, body);
		await run(
			'INSERT INTO ledger_entries (village_id, seq, kind, project_id, amount_fen, recorded_at, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
			village.id,
			entry.seq,
			entry.kind,
			project.id,
			amountFen,
			at,
			entryBody(entry),
			entry.prev,
			entry.hash
		);
		return { seq: entry.seq, hash: entry.hash };
	});
}

test('a cadre seals the ledger, and the poster shows that checkpoint to anyone, on screen, on paper and in English', async () => {
	const baseURL = inject('baseURL');
	const host = new URL(baseURL).host;

	// The cadre is offered to seal what waits, with JavaScript off, and lands on the new poster; twice, so there is an older one.
	const cadre = await newPage(browser, { javaScriptEnabled: false });
	await login(cadre, 'cadre');
	let donation = { seq: 0, hash: '' };
	for (const amountFen of [12_300, 4_500]) {
		donation = await donate(amountFen);
		await cadre.goto(posterPath);
		expect(await textOf(cadre, '.seal-now')).toContain('账本有新记录还没存证');
		await Promise.all([cadre.waitForURL(`**${posterPath}`), cadre.locator('.seal-now button').click()]);
		expect(await cadre.locator('.seal-now').count()).toBe(0);
		expect(await textOf(cadre, '.sheet')).toContain(`共 ${donation.seq} 条记录`);
	}
	await cadre.context().close();

	// What is printed is what the ledger holds: the head in groups of four, the key's fingerprint.
	const ledger = await queryRow<{ n: number }>('SELECT count(*) AS n FROM ledger_entries WHERE village_id = (SELECT id FROM villages WHERE slug = ?)', slug);
	expect(ledger.n).toBe(donation.seq + 1);
	const file = (await (await fetch(`${baseURL}/v/${slug}/ledger.json`)).json()) as { publicKey: string; entries: { seq: number; kind: string; hash: string }[] };
	expect(file.entries.at(-1)).toMatchObject({ seq: donation.seq + 1, kind: 'checkpoint' });

	const page = await newPage(browser, { javaScriptEnabled: false });
	const response = await page.goto(posterPath);
	expect(response?.status()).toBe(200);
	expect(await page.locator('.seal-now').count()).toBe(0);
	expect(await textOf(page, '.sheet-head')).toContain('舒王庄村');
	expect(await textOf(page, '.sheet-head')).toContain('账本存证');
	expect(await textOf(page, '.sheet h1')).toBe('公益账本存证');
	const lines = await page.locator('.hash span').allInnerTexts();
	expect(lines).toEqual(donation.hash.match(/.{16}/g)!.map((line) => line.match(/.{4}/g)!.join(' ')));
	expect(await textOf(page, '.head-label')).toBe(`第 ${donation.seq} 条的哈希：`);
	expect(await textOf(page, '.facts')).toContain(`服务器公钥指纹：${await keyFingerprint(file.publicKey)}`);
	expect(await textOf(page, '.issuer')).toContain(`账本第 ${donation.seq + 1} 条`);
	expect(await textOf(page, '.scan')).toContain('用手机扫码核对账本');
	// The code is the check of this very checkpoint, module for module; beside it, the ledger's address to type.
	const verify = `/charity/verify?village=${slug}&length=${donation.seq}&head=${donation.hash}`;
	const drawn = await page.locator('.sheet .code svg path').evaluateAll((paths) => paths.map((path) => path.getAttribute('d')));
	expect(drawn).toEqual([...(await qrSvg(`${baseURL}${verify}`)).matchAll(/ d="([^"]*)"/g)].map((match) => match[1]));
	expect(await page.locator('.sheet .code').getAttribute('aria-label')).toBe(`二维码，扫码打开 ${host}${verify}`);
	expect((await textOf(page, '.url')).trim()).toBe(`${host}/v/${slug}/ledger.json`);
	await screenshot(page, 'charity-poster-zh-CN-360');

	// On paper: only the sheet, black on white, on one A4 page.
	await page.emulateMedia({ media: 'print' });
	for (const chrome of ['.top-bar', '.bottom-nav', '.poster-tools']) expect(await page.locator(chrome).isVisible(), chrome).toBe(false);
	expect(await page.locator('.hash').evaluate((el) => [getComputedStyle(el).color, getComputedStyle(document.body).backgroundColor])).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
	await page.setViewportSize({ width: 680, height: 1009 });
	await screenshot(page, 'charity-poster-zh-CN-print');
	await fitsOnePage(page);

	await page.emulateMedia({ media: 'screen' });
	await page.setViewportSize({ width: 360, height: 640 });
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: baseURL }]);
	await page.goto(posterPath);
	expect(await textOf(page, '.sheet h1')).toBe('Charity ledger checkpoint');
	expect(await textOf(page, '.scan')).toContain('Scan with your phone to check the ledger');
	expect(await page.locator('.hash span').allInnerTexts()).toEqual(lines);
	await screenshot(page, 'charity-poster-en-360');

	// The village's feed carries the same checkpoint, its poster as its id.
	const feed = await (await fetch(`${baseURL}/v/${slug}/feed.xml`)).text();
	expect(feed).toContain(`<id>${baseURL}${posterPath}?seq=${donation.seq + 1}</id>`);
	expect(feed).toContain(donation.hash);

	// An older checkpoint by its number says the latest is elsewhere; a number that is none is refused in words.
	const older = file.entries.filter((entry) => entry.kind === 'checkpoint').at(-2)!;
	expect((await page.goto(`${posterPath}?seq=${older.seq}`))?.status()).toBe(200);
	expect(await textOf(page, '.older')).toContain(`the latest is ledger entry ${donation.seq + 1}`);
	expect(await textOf(page, '.excerpt')).toMatch(new RegExp(`^Entries in the village's charity ledger as of .*: ${older.seq - 1}\\.$`));
	await screenshot(page, 'charity-poster-older-en-360');
	const notOne = await page.goto(`${posterPath}?seq=${donation.seq}`);
	expect(notOne?.status()).toBe(404);
	expect(await textOf(page, 'main')).toContain(`Ledger entry ${donation.seq} is not a checkpoint.`);
	expect((await page.goto(`${posterPath}?seq=abc`))?.status()).toBe(400);
	expect(await textOf(page, 'main')).toContain('“abc” is not an entry number of the ledger.');
	expect((await page.goto('/v/no-such-village/ledger/poster'))?.status()).toBe(404);
	await page.context().close();
});

test('a villager gets the poster but no button to seal what waits', async () => {
	await donate(500);
	const villager = await newPage(browser, { javaScriptEnabled: false });
	await login(villager, 'villager');
	expect((await villager.goto(posterPath))?.status()).toBe(200);
	expect(await villager.locator('.sheet').count()).toBe(1);
	expect(await villager.locator('.seal-now').count()).toBe(0);
	await villager.context().close();
});

test('a village whose ledger has no checkpoint yet is told when the first one comes, in either language', async () => {
	const page = await newPage(browser, { javaScriptEnabled: false });
	expect((await page.goto('/v/qingshi/ledger/poster'))?.status()).toBe(200);
	expect(await page.locator('.sheet').count()).toBe(0);
	expect(await textOf(page, 'h1')).toBe('还没有账本存证');
	expect(await textOf(page, '.none')).toContain('每天夜里');
	await screenshot(page, 'charity-poster-none-zh-CN-360');
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: inject('baseURL') }]);
	await page.goto('/v/qingshi/ledger/poster');
	expect(await textOf(page, 'h1')).toBe('No ledger checkpoint yet');
	await screenshot(page, 'charity-poster-none-en-360');
	await page.context().close();
});
