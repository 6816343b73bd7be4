// /charity/verify at 360x640 in Chinese and English: a receipt code, typed back however it was
// copied, finds the gift with JavaScript off; with it on, the page checks a whole ledger in the
// browser (the village's own, a downloaded file) and names the entry a one-byte change breaks.
// Opened from a checkpoint poster's code, it says whether the village's ledger still extends the
// poster: the server's word without JavaScript, the browser's own check with it.
import type { Browser, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, newPage, screenshot } from './support/browser';

type Gifts = { village: { slug: string; name: string }; sealed: string; unsealed: string; pledged: string; cancelled: string; entries: number; sealedSeq: number; unsealedSeq: number; hash: string; poster: { length: number; head: string } };

let browser: Browser;
let gifts: Gifts;
let closeDatabase: () => Promise<void>;

// The gifts are made by the charity's own functions in this process, on the server's database
// (as tests/e2e/two-processes.test.ts runs app code beside the server); the pages that make them
// have journeys of their own.
beforeAll(async () => {
	browser = await connectBrowser();
	process.env.DATABASE_URL = inject('databaseUrl');
	({ closeDatabase } = await import('$lib/server/platform/db'));
	const charity = await import('$lib/server/charity');
	const { parseGiftForm, parseProjectForm } = await import('$lib/charity/forms');
	const { makeCadre, makeUser, makeVillage } = await import('../integration/factories');
	const village = await makeVillage();
	const cadre = await makeCadre(village);
	const donor = await makeUser();
	const project = await charity.createProject(cadre.id, village.id, parseProjectForm({ title: '村口路灯', category: 'infrastructure', goal: '20000', description: '', startsOn: '', endsOn: '' }));
	await charity.changeProjectState(cadre.id, project, 'fundraising');
	const money = (amount: string, anonymous = false) => parseGiftForm({ kind: 'money', amount, method: 'bank_transfer', ...(anonymous ? { anonymous: 'on' } : {}) });
	const sealed = await charity.pledgeGift(donor.id, project, money('88.8', true));
	const sealedSeq = (await charity.confirmGift(cadre.id, sealed.id)).seq;
	await charity.sealLedger(village.id);
	const unsealed = await charity.pledgeGift(donor.id, project, money('12.34'));
	const unsealedSeq = (await charity.confirmGift(cadre.id, unsealed.id)).seq;
	const pledged = await charity.pledgeGift(donor.id, project, money('20'));
	const cancelled = await charity.pledgeGift(donor.id, project, money('30'));
	await charity.cancelGift(donor.id, cancelled.id);
	const ledger = (await charity.villageLedger(village.slug))!;
	gifts = {
		village: { slug: village.slug, name: village.name },
		sealed: sealed.receiptCode,
		unsealed: unsealed.receiptCode,
		pledged: pledged.receiptCode,
		cancelled: cancelled.receiptCode,
		entries: ledger.entries.length,
		sealedSeq,
		unsealedSeq,
		hash: ledger.entries[sealedSeq - 1].hash,
		// What the poster of the one checkpoint says: the chain's length and head when it was sealed.
		poster: ledger.entries.find((entry) => entry.kind === 'checkpoint')!.checkpoint!
	};
});

afterAll(async () => {
	await closeDatabase?.();
	await browser?.close();
});

async function openVerify(options: { javaScriptEnabled: boolean; english?: boolean }): Promise<Page> {
	const page = await newPage(browser, { javaScriptEnabled: options.javaScriptEnabled });
	if (options.english) await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: inject('baseURL') }]);
	await page.goto('/charity/verify');
	return page;
}

/** Looks a code up through the form; the answer's first line must be on the 360x640 screen, between the bars. */
async function lookUp(page: Page, typed: string): Promise<string> {
	await page.locator('#code').fill(typed);
	await Promise.all([page.waitForURL('**/charity/verify?code=*'), page.locator('form[method="GET"] button[type="submit"]').click()]);
	const answer = await page.locator('#lookup, #lookup .message').last().evaluate((element) => {
		const box = element.getBoundingClientRect();
		const bar = document.querySelector('.top-bar')?.getBoundingClientRect().bottom ?? 0;
		const nav = document.querySelector('.bottom-nav')?.getBoundingClientRect().top ?? innerHeight;
		return box.top >= bar && box.bottom <= nav;
	});
	expect(answer, `the answer to ${typed} is on screen`).toBe(true);
	return page.locator('main').innerText();
}

/** The village's ledger as a person downloads it, with `change` made to its text. */
async function ledgerFile(page: Page, change: (text: string) => string = (text) => text) {
	const response = await page.request.get(`/v/${gifts.village.slug}/ledger.json`);
	expect(response.ok()).toBe(true);
	return { name: 'ledger.json', mimeType: 'application/json', buffer: Buffer.from(change(await response.text())) };
}

const verdict = (page: Page) => page.locator('[data-verify-result] .message').first();

/** The screen as the person sees it once the verdict is in (the page scrolls it into view), beside the full page. */
async function screens(page: Page, name: string): Promise<void> {
	await screenshot(page, name);
	await page.screenshot({ path: fileURLToPath(new URL(`../../test-results/screenshots/${name}-screen.png`, import.meta.url)) });
}

test('with JavaScript off, a receipt code typed back however it was copied finds the gift; the rest is told plainly', async () => {
	const page = await openVerify({ javaScriptEnabled: false });
	try {
		expect(await page.locator('[data-verify-nojs]').innerText()).toContain('node scripts/verify-ledger.js');
		expect(await page.locator('[data-verify]').isVisible()).toBe(false);

		const messy = gifts.sealed.toLowerCase().replaceAll('-', ' ');
		const found = await lookUp(page, messy);
		expect(found).toContain(`找到了！这笔捐赠记在${gifts.village.name}的公开账本里。`);
		expect(found).toContain(`第 ${gifts.sealedSeq} 条`);
		expect(found).toContain('¥88.80');
		expect(found).toContain('爱心人士');
		expect(found).toContain(gifts.hash);
		expect(found).toMatch(/第 \d+ 条签名检查点已经把它封存/);
		expect(await page.locator('#code').inputValue()).toBe(messy);
		expect(await page.locator(`a[href="/v/${gifts.village.slug}/ledger.json"]`).count()).toBe(1);
		await screenshot(page, 'charity-verify-found-nojs-zh');

		expect(await lookUp(page, gifts.unsealed)).toContain('还没有签名检查点封存它');
		expect(await lookUp(page, gifts.pledged)).toContain('还在等村干部确认收到');
		expect(await lookUp(page, gifts.cancelled)).toContain('已经取消了，没有记进账本');
		expect(await lookUp(page, '2345-6789-ABCD-EFGH')).toContain('没有找到收据码 2345-6789-ABCD-EFGH。');
		expect(await lookUp(page, '我的收据码 0000')).toContain('这不像收据码。');
		await screenshot(page, 'charity-verify-malformed-nojs-zh');
	} finally {
		await page.context().close();
	}
});

test('with JavaScript off in English, a full-width code finds the gift', async () => {
	const page = await openVerify({ javaScriptEnabled: false, english: true });
	try {
		const fullWidth = gifts.unsealed.replace(/[0-9A-Z-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
		const found = await lookUp(page, fullWidth);
		expect(found).toContain(`Found! This gift is in the public ledger of ${gifts.village.name}.`);
		expect(found).toContain(`No. ${gifts.unsealedSeq}`);
		expect(found).toContain('¥12.34');
		expect(found).toContain('Checking a whole ledger needs JavaScript');
		expect(await lookUp(page, gifts.pledged)).toContain('still waiting for a cadre to confirm it arrived');
		expect(await lookUp(page, 'ABCD')).toContain('That is not a receipt code.');
		await screenshot(page, 'charity-verify-malformed-nojs-en');
	} finally {
		await page.context().close();
	}
});

test('with JavaScript, the receipt’s village ledger and an uploaded copy verify in the browser; a one-byte change to an amount is named by its entry', async () => {
	const page = await openVerify({ javaScriptEnabled: true });
	try {
		expect(await page.locator('[data-verify-nojs]').isVisible()).toBe(false);
		await lookUp(page, gifts.sealed);
		await page.locator('[data-verify-village]').click();
		await expect.poll(() => verdict(page).innerText()).toContain(`账本完好：${gifts.entries} 条记录、1 个签名检查点，每一条都对得上。`);
		const said = await page.locator('[data-verify-result]').innerText();
		expect(said).toMatch(new RegExp(`您的捐赠是这本账的第 ${gifts.sealedSeq} 条，核对无误，已由第 \\d+ 条签名检查点封存。`));
		expect(said).toContain('¥101.14');
		await screens(page, 'charity-verify-village-js-zh');

		await page.locator('[data-verify-file]').setInputFiles(await ledgerFile(page));
		await expect.poll(() => verdict(page).innerText()).toContain('账本完好');

		// ¥12.34 becomes ¥12.94: one byte of the file.
		const tampered = await ledgerFile(page, (text) => {
			expect(text.split('"amountFen":1234,')).toHaveLength(2);
			return text.replace('"amountFen":1234,', '"amountFen":1294,');
		});
		await page.locator('[data-verify-file]').setInputFiles(tampered);
		await expect.poll(() => verdict(page).getAttribute('data-problem-seq')).toBe(String(gifts.unsealedSeq));
		expect(await verdict(page).innerText()).toBe(`账本有问题。前 ${gifts.unsealedSeq - 1} 条对得上，然后：\n第 ${gifts.unsealedSeq} 条的内容和它的哈希对不上：它被改过。`);
		// The gift sealed before the change is still found in the part that checks out.
		expect(await page.locator('[data-verify-result]').innerText()).toContain(`您的捐赠是这本账的第 ${gifts.sealedSeq} 条`);
		await screens(page, 'charity-verify-tampered-js-zh');

		await page.locator('[data-verify-file]').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json {') });
		await expect.poll(() => verdict(page).innerText()).toBe('读不了这个文件：它不是 JSON，不是村广场的账本。');
	} finally {
		await page.context().close();
	}
});

test('with JavaScript in English, a good file verifies and a changed amount is named', async () => {
	const page = await openVerify({ javaScriptEnabled: true, english: true });
	try {
		await page.locator('[data-verify-file]').setInputFiles(await ledgerFile(page));
		await expect.poll(() => verdict(page).innerText()).toBe(`The ledger holds: ${gifts.entries} entries and 1 signed checkpoint(s), every one checked.`);
		await page.locator('[data-verify-file]').setInputFiles(await ledgerFile(page, (text) => text.replace('"amountFen":8880,', '"amountFen":8881,')));
		await expect.poll(() => verdict(page).innerText()).toBe(`The ledger does not hold. The first ${gifts.sealedSeq - 1} entries check out, then:\nEntry ${gifts.sealedSeq} does not match its hash: it was changed.`);
		await screens(page, 'charity-verify-tampered-js-en');
	} finally {
		await page.context().close();
	}
});

const posterAddress = (claim: { length: number | string; head: string; village?: string }) =>
	`/charity/verify?${new URLSearchParams({ village: claim.village ?? gifts.village.slug, length: String(claim.length), head: claim.head })}`;

/** Opens the page as the poster's code does; the server's word on it must be on the 360x640 screen, between the bars. */
async function openFromPoster(page: Page, claim: { length: number | string; head: string; village?: string }): Promise<string> {
	const response = await page.goto(posterAddress(claim));
	expect(response?.status()).toBe(200);
	const inView = await page.locator('[data-poster-server]').evaluate((element) => {
		const box = element.getBoundingClientRect();
		const bar = document.querySelector('.top-bar')?.getBoundingClientRect().bottom ?? 0;
		const nav = document.querySelector('.bottom-nav')?.getBoundingClientRect().top ?? innerHeight;
		return box.top >= bar && box.bottom <= nav;
	});
	expect(inView, 'the server’s word on the poster is on screen').toBe(true);
	return page.locator('#poster').innerText();
}

const groupedLines = (head: string) => head.match(/.{16}/g)!.map((line) => line.match(/.{4}/g)!.join(' '));

test('with JavaScript off, the poster’s code shows its claim and whether this server’s ledger extends it; a wrong hash does not; a bad address is refused in words', async () => {
	const page = await newPage(browser, { javaScriptEnabled: false });
	try {
		const since = gifts.entries - gifts.poster.length;
		const shown = await openFromPoster(page, gifts.poster);
		expect(shown).toContain(gifts.village.name);
		expect(shown).toContain(`${gifts.poster.length} 条`);
		for (const line of groupedLines(gifts.poster.head)) expect(shown).toContain(line);
		expect(shown).toContain(`本网站现在的账本接着这张海报往下记：第 ${gifts.poster.length} 条的哈希还是海报上这一串，之后又记了 ${since} 条。`);
		expect(shown).toContain('上面是本网站在替自己作证。');
		expect(shown).toContain(`node scripts/verify-ledger.js http://`);
		expect(shown).toContain(`/v/${gifts.village.slug}/ledger.json --extends ${gifts.poster.length}:${gifts.poster.head}`);
		expect(await page.locator(`#poster a[href="/v/${gifts.village.slug}/ledger.json"]`).count()).toBe(1);
		expect(await page.locator(`#poster a[href="/v/${gifts.village.slug}/ledger/poster?seq=${gifts.poster.length + 1}"]`).innerText()).toBe('看这张存证海报');
		expect(await page.locator('[data-verify-poster]').isVisible()).toBe(false);
		await screenshot(page, 'charity-verify-poster-nojs-zh');

		// Copied by hand from the paper: its spaces and capitals are the same hash.
		expect(await openFromPoster(page, { length: gifts.poster.length, head: groupedLines(gifts.poster.head.toUpperCase()).join(' ') })).toContain('本网站现在的账本接着这张海报往下记');

		const wrong = await openFromPoster(page, { length: gifts.poster.length, head: 'ab'.repeat(32) });
		expect(wrong).toContain(`本网站现在的账本和海报对不上：第 ${gifts.poster.length} 条的哈希不是海报上这一串。`);
		expect(await page.locator('[data-poster-server]').getAttribute('role')).toBe('alert');
		await screenshot(page, 'charity-verify-poster-wrong-nojs-zh');
		expect(await openFromPoster(page, { length: gifts.entries + 5, head: gifts.poster.head })).toContain(`账本只有 ${gifts.entries} 条，比海报上的 ${gifts.entries + 5} 条还短`);

		const refused: [string, number, string][] = [
			[posterAddress({ length: '0', head: gifts.poster.head }), 400, '“0”不是账本的条数'],
			[posterAddress({ length: '1e9999', head: gifts.poster.head }), 400, '“1e9999”不是账本的条数'],
			[posterAddress({ length: 1, head: 'not-a-hash' }), 400, '“not-a-hash”不是海报上的哈希'],
			[`/charity/verify?village=${gifts.village.slug}&length=1`, 400, '这个网址里的存证不完整'],
			[posterAddress({ village: 'no-such-village', length: 1, head: gifts.poster.head }), 404, '找不到海报上的村庄“no-such-village”']
		];
		for (const [address, status, said] of refused) {
			const response = await page.goto(address);
			expect([address, response?.status()]).toEqual([address, status]);
			expect(await page.locator('main [role="alert"]').innerText()).toContain(said);
		}
		await screenshot(page, 'charity-verify-poster-refused-nojs-zh');
	} finally {
		await page.context().close();
	}
});

test('with JavaScript off in English, the poster’s code is answered in English', async () => {
	const page = await openVerify({ javaScriptEnabled: false, english: true });
	try {
		const shown = await openFromPoster(page, gifts.poster);
		expect(shown).toContain(`This server's ledger extends the poster: entry ${gifts.poster.length} still has the hash on it. Entries added since: ${gifts.entries - gifts.poster.length}.`);
		expect(shown).toContain('the server is vouching for itself');
		await screenshot(page, 'charity-verify-poster-nojs-en');
		expect(await openFromPoster(page, { length: gifts.entries + 1, head: gifts.poster.head })).toContain(`This server's ledger does NOT match the poster: the ledger is shorter, of length ${gifts.entries} where the poster says ${gifts.entries + 1}.`);
		const response = await page.goto(posterAddress({ length: 'twelve', head: gifts.poster.head }));
		expect(response?.status()).toBe(400);
		expect(await page.locator('main [role="alert"]').innerText()).toBe('“twelve” is not a ledger length: it is a whole number from 1. Please check it against the poster.');
	} finally {
		await page.context().close();
	}
});

test('with JavaScript, the poster’s code checks the village ledger in the browser at once and confirms it extends the poster; a wrong hash does not', async () => {
	const page = await newPage(browser, { javaScriptEnabled: true });
	const posterVerdict = page.locator('[data-verify-poster] [data-verify-result] .message').first();
	try {
		await openFromPoster(page, gifts.poster);
		await expect.poll(() => posterVerdict.getAttribute('data-poster')).toBe('extends');
		expect(await posterVerdict.innerText()).toBe(`核对完好，而且接着海报往下记：${gifts.entries} 条记录都在您的手机上重算过，第 ${gifts.poster.length} 条的哈希和海报上的一样。`);
		expect(await page.locator('[data-verify-poster] [data-verify-result]').innerText()).toContain(gifts.village.name);
		await screens(page, 'charity-verify-poster-js-zh');

		await openFromPoster(page, { length: gifts.poster.length, head: 'ab'.repeat(32) });
		await expect.poll(() => posterVerdict.getAttribute('data-poster')).toBe('differs');
		expect(await posterVerdict.innerText()).toContain(`账本本身对得上，但不是接着海报记的：第 ${gifts.poster.length} 条的哈希不是海报上这一串。`);
		await screens(page, 'charity-verify-poster-wrong-js-zh');

		// Checked again on a tap, with the same answer.
		await page.locator('[data-verify-poster-run]').click();
		await expect.poll(() => posterVerdict.getAttribute('data-poster')).toBe('differs');
	} finally {
		await page.context().close();
	}
});

test('with JavaScript in English, the poster’s code is confirmed in English', async () => {
	const page = await openVerify({ javaScriptEnabled: true, english: true });
	try {
		await openFromPoster(page, gifts.poster);
		const posterVerdict = page.locator('[data-verify-poster] [data-verify-result] .message').first();
		await expect.poll(() => posterVerdict.getAttribute('data-poster')).toBe('extends');
		expect(await posterVerdict.innerText()).toBe(`Verified, and it extends the poster: every entry of the ledger (length ${gifts.entries}) was recomputed on your phone, and entry ${gifts.poster.length} has the hash on the poster.`);
		await screens(page, 'charity-verify-poster-js-en');
	} finally {
		await page.context().close();
	}
});
