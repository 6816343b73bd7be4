// The notice board beyond the core journey (notices-journey.test.ts): refused forms keep
// what was typed, XSS never runs, screenshots in zh-CN and English, a notice read offline.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writePhotoFiles, type PhotoFiles } from './support/photos';
import { connectBrowser, login, newPage, register, screenshot, submit, textOf, workerReady } from './support/browser';
import { countRows, readDatabase, uniqueName, writeDatabase } from './support/database';
import { nextWeek } from './support/notices';
import { FormClient } from './support/http';
import { issueJoinCode, redeemJoinCode } from './support/villagers';

let browser: Browser;
let photos: PhotoFiles;
let photoPaths: string[];
beforeAll(async () => {
	browser = await connectBrowser();
	photos = await writePhotoFiles('notices');
	photoPaths = photos.paths;
});
afterAll(async () => {
	await browser?.close();
	await photos?.remove();
});

test('a refused notice form says why and keeps what was typed (JavaScript off)', async () => {
	const cadre = await newPage(browser, { javaScriptEnabled: false });
	await login(cadre, 'cadre');
	const before = await countRows('SELECT count(*) AS n FROM notices');
	await cadre.goto('/committee/notices/new?village=shuwangzhuang');
	await cadre.locator('#title').fill('开会');
	await cadre.locator('#body').fill('晚上开会<script>alert(1)</script>');
	await cadre.locator('button[name="intent"][value="publish"]').click();
	expect(await textOf(cadre, '[role="alert"]')).toContain('不能有网页代码');
	expect(await cadre.locator('#title').inputValue()).toBe('开会');

	await cadre.locator('#body').fill('晚上开会');
	await cadre.locator('summary', { hasText: '附一个投票' }).click();
	await cadre.locator('#pollQuestion').fill('来不来？');
	await cadre.locator('#pollOptions').fill('来');
	await cadre.locator('#pollClosesAt').fill(nextWeek());
	await cadre.locator('button[name="intent"][value="publish"]').click();
	expect(await textOf(cadre, '[role="alert"]')).toContain('至少要有 2 个选项');
	expect(await countRows('SELECT count(*) AS n FROM notices')).toBe(before);
	await cadre.context().close();
});

for (const javaScriptEnabled of [false, true]) {
	test(`a refused notice form keeps the chosen photos, shown with a box to leave each out (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
		const cadre = await newPage(browser, { javaScriptEnabled });
		await login(cadre, 'cadre');
		const before = await countRows('SELECT count(*) AS n FROM notices');
		await cadre.goto('/committee/notices/new?village=shuwangzhuang');
		const title = `修路通知 ${uniqueName('p').slice(-5)}`;
		await cadre.locator('#title').fill(title);
		await cadre.locator('#body').fill('下周修路，请大家投票定日子。');
		await cadre.locator('#photos').setInputFiles(photoPaths);
		await cadre.locator('summary', { hasText: '附一个投票' }).click();
		await cadre.locator('#pollQuestion').fill('哪天修？');
		await cadre.locator('#pollOptions').fill('周三\n周六');
		// No deadline: refused.
		await cadre.locator('button[name="intent"][value="publish"]').click();
		await cadre.locator('[role="alert"]').waitFor();
		expect(await countRows('SELECT count(*) AS n FROM notices')).toBe(before);
		// The two photos are there, said so, each with a box to leave it out; the file input is empty.
		expect(await textOf(cadre, '.held-photos legend')).toContain('2 张照片已经保存好');
		expect(await cadre.locator('.held-photos picture').count()).toBe(2);
		await screenshot(cadre, `notice-zh-held-photos-${javaScriptEnabled ? 'js' : 'nojs'}`);

		// Leave one out, fix the deadline: published with the other, nothing chosen again.
		await cadre.locator('.held-photos input[type="checkbox"]').first().check();
		await cadre.locator('#pollClosesAt').fill(nextWeek());
		await cadre.locator('button[name="intent"][value="publish"]').click();
		await cadre.waitForURL(/\/v\/shuwangzhuang\/notices\/\d+$/);
		expect(await textOf(cadre, 'h1')).toBe(title);
		expect(await cadre.locator('.notice-photos picture').count()).toBe(1);
		await cadre.context().close();
	});
}

test('XSS in a stored notice or comment never runs and never reaches the page as markup (JavaScript on)', async () => {
	// Written straight into the database, as if from before the form refused markup: the renderer must hold on its own.
	const payloads = [
		'<script>window.__xss = 1</script>',
		'<img src=x onerror="window.__xss = 2">',
		'[点我](javascript:window.__xss=3)',
		'**<svg onload="window.__xss = 4">**',
		'"><iframe src="javascript:parent.__xss=5"></iframe>',
		'- <a href="javascript:window.__xss=6">列表</a>'
	];
	const id = writeDatabase((db) => {
		const village = db.prepare("SELECT id FROM villages WHERE slug = 'shuwangzhuang'").get() as { id: number };
		const now = Date.now();
		const notice = db
			.prepare("INSERT INTO notices (village_id, title, body, category, audience, status, created_at, published_at) VALUES (?, ?, ?, 'notice', 'public', 'published', ?, ?) RETURNING id")
			.get(village.id, '<b onmouseover=alert(1)>标题</b>', payloads.join('\n\n'), now, now) as { id: number };
		const author = db.prepare("SELECT id FROM users WHERE username = 'buyer'").get() as { id: number };
		db.prepare('INSERT INTO notice_comments (notice_id, author_id, body, created_at) VALUES (?, ?, ?, ?)').run(notice.id, author.id, payloads.join(' '), now);
		return notice.id;
	});
	const page = await newPage(browser);
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await page.goto(`/v/shuwangzhuang/notices/${id}`);
	for (const link of await page.locator('.notice-body a, .comment-list a').all()) await link.click({ trial: true }).catch(() => {});
	await page.locator('.notice-body').hover();
	const found = await page.evaluate(() => ({
		xss: (window as unknown as { __xss?: number }).__xss ?? null,
		scripts: document.querySelectorAll('main script, main iframe, main svg[onload], main img[onerror]').length,
		handlers: [...document.querySelectorAll('main *')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
		scriptLinks: [...document.querySelectorAll('main a')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
		title: document.querySelector('h1')?.textContent
	}));
	expect(found).toEqual({ xss: null, scripts: 0, handlers: 0, scriptLinks: 0, title: '<b onmouseover=alert(1)>标题</b>' });
	expect(dialogs).toEqual([]);
	// Shown as the text that was typed.
	expect(await textOf(page, '.notice-body')).toContain('<script>window.__xss = 1</script>');
	await page.context().close();
});

for (const locale of ['zh-CN', 'en'] as const) {
	test(`a villager's feed, a notice with photos and a poll, and the cadre's receipts look finished (${locale})`, async () => {
		// A fresh villager in their own language, made a cadre afterwards for the receipts view.
		const page = await newPage(browser, { javaScriptEnabled: false });
		const username = await register(page, locale === 'en' ? 'Lily Li' : '李小丽');
		if (locale === 'en') {
			await page.goto('/me');
			await page.locator('#locale').selectOption('en');
			await submit(page, 'form[action="?/settings"]');
		}
		await redeemJoinCode(page, await issueJoinCode(locale === 'en' ? 'Lily Li' : '李小丽'));

		await page.goto('/v/shuwangzhuang');
		await screenshot(page, `notices-${locale}-feed`);
		const pollNotice = readDatabase(
			(db) => db.prepare("SELECT n.id FROM notices n JOIN polls p ON p.notice_id = n.id WHERE n.title = '村东新修道路起名，请大家投票'").get() as { id: number }
		).id;
		await page.goto(`/v/shuwangzhuang/notices/${pollNotice}`);
		expect(await page.locator('#poll input[type="radio"]').count()).toBe(3);
		await screenshot(page, `notices-${locale}-poll`);
		const photoNotice = readDatabase((db) => db.prepare("SELECT id FROM notices WHERE title = '樱桃园冬季修剪现场课'").get() as { id: number }).id;
		await page.goto(`/v/shuwangzhuang/notices/${photoNotice}`);
		expect(await page.locator('.notice-photos picture').count()).toBe(2);
		await screenshot(page, `notices-${locale}-photos`);

		const cadre = new FormClient();
		await cadre.login('cadre');
		await cadre.post('/committee?/appointCadre', { village: 'shuwangzhuang', username, idempotency_key: randomUUID() });
		const important = readDatabase((db) => db.prepare("SELECT id FROM notices WHERE title = '关于冬季防火和用气安全的紧急通知'").get() as { id: number }).id;
		await page.goto(`/committee/notices/${important}/reads`);
		expect(await textOf(page, '#unacknowledged')).toContain('刘长河');
		await screenshot(page, `notices-${locale}-receipts`);
		if (locale === 'en') expect(await textOf(page, 'h1')).toBe('Who has read it');
		await page.context().close();
	});
}

test('a notice read once opens again offline, marked as a saved copy', async () => {
	const page = await newPage(browser);
	await login(page, 'villager');
	const id = readDatabase((db) => db.prepare("SELECT id FROM notices WHERE title = '樱桃园冬季修剪现场课'").get() as { id: number }).id;
	await page.goto(`/v/shuwangzhuang/notices/${id}`);
	// The first visit installs the worker; the next one goes through it and is saved.
	await workerReady(page);
	await page.goto(`/v/shuwangzhuang/notices/${id}`);
	await page.context().setOffline(true);
	await page.goto(`/v/shuwangzhuang/notices/${id}`);
	expect(await textOf(page, 'h1')).toBe('樱桃园冬季修剪现场课');
	expect(await textOf(page, '.saved-copy')).toContain('没有网络');
	expect(await page.locator('.notice-body').innerText()).toContain('冬剪');
	await screenshot(page, 'notice-zh-offline');
	await page.context().close();
});
