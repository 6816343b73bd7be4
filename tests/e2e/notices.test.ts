// The notice board from end to end, as the issue's acceptance list has it: a cadre posts
// with JavaScript off, a villager reads, acknowledges and votes once, an outsider sees
// nothing of a members-only notice; XSS never runs; screenshots in zh-CN and English.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writePhotoFiles, type PhotoFiles } from './support/photos';
import { MEMBER_PASSWORD, connectBrowser, login, newPage, register, screenshot, submit, textOf, workerReady } from './support/browser';
import { readDatabase, uniqueName, writeDatabase } from './support/database';
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

/** A `datetime-local` value a week from now, in Beijing time as the form reads it. */
const nextWeek = () => new Date(Date.now() + (7 * 24 + 8) * 60 * 60 * 1000).toISOString().slice(0, 16);

/** The village's verified villagers now, but the notice's author: the M of "read by N of M". */
function memberCount(): number {
	return readDatabase(
		(db) =>
			(
				db
					.prepare(
						"SELECT count(DISTINCT m.user_id) AS n FROM memberships m JOIN villages v ON v.id = m.village_id WHERE v.slug = 'shuwangzhuang' AND m.revoked_at IS NULL"
					)
					.get() as { n: number }
			).n
	);
}

function countWhere(sql: string, ...values: unknown[]): number {
	return readDatabase((db) => (db.prepare(sql).get(...values) as { n: number }).n);
}

/** Fills and sends the new-notice form as a cadre; returns the notice's id. */
async function postNotice(page: Page, fields: { title: string; body: string; audience: 'public' | 'members'; poll?: string[] }): Promise<number> {
	await page.goto('/committee/notices/new?village=shuwangzhuang');
	await page.locator('#title').fill(fields.title);
	await page.locator('#category').selectOption('notice');
	await page.locator('#body').fill(fields.body);
	await page.locator(`input[name="audience"][value="${fields.audience}"]`).check();
	await page.locator('input[name="pinned"]').check();
	await page.locator('input[name="important"]').check();
	await page.locator('#photos').setInputFiles(photoPaths);
	if (fields.poll) {
		// A closed <details> opens with a tap, no script needed.
		await page.locator('summary', { hasText: '附一个投票' }).click();
		await page.locator('#pollQuestion').fill('水管检修放在哪天？');
		await page.locator('#pollOptions').fill(fields.poll.join('\n'));
		await page.locator('#pollClosesAt').fill(nextWeek());
	}
	await page.locator('button[name="intent"][value="publish"]').click();
	await page.waitForURL(/\/v\/shuwangzhuang\/notices\/\d+$/);
	return Number(new URL(page.url()).pathname.split('/').pop());
}

test('a cadre posts an important notice with 2 photos and a poll without JavaScript; a villager reads, acknowledges and votes once; an outsider sees nothing', async () => {
	const title = `停水通知：自来水管道检修 ${uniqueName('t').slice(-6)}`;
	const cadre = await newPage(browser, { javaScriptEnabled: false });
	await login(cadre, 'cadre');
	const id = await postNotice(cadre, {
		title,
		body: '因自来水管道检修，**11月28日**全天停水。\n\n- 请提前储水\n- 老人家里请子女帮忙',
		audience: 'members',
		poll: ['周四', '周六', '下周一']
	});
	expect(await textOf(cadre, 'h1')).toBe(title);
	expect(await cadre.locator('.notice-photos picture').count()).toBe(2);
	expect(await cadre.locator('.notice-body strong').innerText()).toBe('11月28日');

	// First in the village feed: pinned, and the newest pinned one.
	await cadre.goto('/v/shuwangzhuang');
	expect(await textOf(cadre, '.notice-item .notice-title')).toBe(title);

	// A villager opens it: one read, however often they open it; the cadre read it by writing it.
	const members = memberCount();
	const villager = await newPage(browser, { javaScriptEnabled: false });
	await login(villager, 'villager');
	await villager.goto('/v/shuwangzhuang');
	await villager.locator('.notice-item a', { hasText: title }).click();
	await villager.waitForURL(`**/notices/${id}`);
	expect(await textOf(villager, '.read-summary')).toContain(`${members} 位村民中 2 位已读`);
	await villager.reload();
	expect(countWhere('SELECT count(*) AS n FROM notice_reads WHERE notice_id = ?', id)).toBe(1);

	// Acknowledged is a separate act from opened.
	expect(countWhere('SELECT count(*) AS n FROM notice_reads WHERE notice_id = ? AND acknowledged_at IS NOT NULL', id)).toBe(0);
	await submit(villager, 'form[action="?/acknowledge#acknowledge"]');
	expect(await textOf(villager, '#acknowledge [role="status"]')).toContain('你已确认阅读');
	expect(countWhere('SELECT count(*) AS n FROM notice_reads WHERE notice_id = ? AND acknowledged_at IS NOT NULL', id)).toBe(1);

	// One vote; the results show after it.
	await villager.locator('#poll label', { hasText: '周六' }).click();
	await submit(villager, 'form[action="?/vote#poll"]');
	expect(await textOf(villager, '#poll [role="status"]')).toBe('投票成功，谢谢！');
	expect(await textOf(villager, '#poll')).toContain('你投了：周六');
	await screenshot(villager, 'notice-zh-villager-voted');

	// A second vote, posted by hand with a new key: refused, and the first one stands.
	const options = readDatabase(
		(db) => db.prepare('SELECT o.id, o.label FROM poll_options o JOIN polls p ON p.id = o.poll_id WHERE p.notice_id = ? ORDER BY o.position').all(id) as { id: number; label: string }[]
	);
	const client = new FormClient();
	await client.login('villager');
	const second = await client.post(`/v/shuwangzhuang/notices/${id}?/vote`, { option: String(options[0].id), idempotency_key: randomUUID() });
	expect(second.status).toBe(409);
	expect(second.html).toContain('你已经投过票了');
	const votes = readDatabase(
		(db) => db.prepare('SELECT o.label FROM poll_votes v JOIN poll_options o ON o.id = v.option_id JOIN polls p ON p.id = v.poll_id WHERE p.notice_id = ?').all(id) as { label: string }[]
	);
	expect(votes.map((v) => v.label)).toEqual(['周六']);

	// An outsider: not in the feed, a 404 at its address, and a crafted comment is refused.
	const outsider = await newPage(browser, { javaScriptEnabled: false });
	const outsiderName = await register(outsider, '外村人');
	await outsider.goto('/v/shuwangzhuang');
	expect(await textOf(outsider, '#notices')).not.toContain(title);
	const response = await outsider.goto(`/v/shuwangzhuang/notices/${id}`);
	expect(response?.status()).toBe(404);
	expect(await textOf(outsider, '[role="alert"]')).toContain('找不到这条通知');
	const outsiderClient = new FormClient();
	await outsiderClient.login(outsiderName, MEMBER_PASSWORD);
	const comment = await outsiderClient.post(`/v/shuwangzhuang/notices/${id}?/comment`, { body: '我也说两句', idempotency_key: randomUUID() });
	expect(comment.status).toBe(403);
	expect(comment.html).toContain('只有本村认证村民');
	expect(countWhere('SELECT count(*) AS n FROM notice_comments WHERE notice_id = ?', id)).toBe(0);
	// Nor in the village's public Atom feed.
	const atom = await outsiderClient.get('/v/shuwangzhuang/feed.xml');
	expect(atom.status).toBe(200);
	expect(atom.html).not.toContain(title);

	// The cadre sees who has read it and who has not.
	await cadre.goto(`/committee/notices/${id}/reads`);
	expect(await textOf(cadre, '.big-number')).toBe(`${members} 位村民中 2 位已读`);
	expect(await textOf(cadre, '#unread')).toContain('张桂兰');
	expect(await textOf(cadre, '#read')).toContain('李秀英');
	await screenshot(cadre, 'notice-zh-cadre-receipts');
	// Turnout counts the same villagers as the read receipts.
	await cadre.goto(`/v/shuwangzhuang/notices/${id}`);
	expect(await textOf(cadre, '#poll')).toContain(`投票率：${members} 位村民中 1 位已投`);
	await villager.goto('/v/shuwangzhuang');
	await screenshot(villager, 'notice-zh-feed');

	for (const page of [cadre, villager, outsider]) await page.context().close();
});

test('a refused notice form says why and keeps what was typed (JavaScript off)', async () => {
	const cadre = await newPage(browser, { javaScriptEnabled: false });
	await login(cadre, 'cadre');
	const before = countWhere('SELECT count(*) AS n FROM notices');
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
	expect(countWhere('SELECT count(*) AS n FROM notices')).toBe(before);
	await cadre.context().close();
});

for (const javaScriptEnabled of [false, true]) {
	test(`a refused notice form keeps the chosen photos, shown with a box to leave each out (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
		const cadre = await newPage(browser, { javaScriptEnabled });
		await login(cadre, 'cadre');
		const before = countWhere('SELECT count(*) AS n FROM notices');
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
		expect(countWhere('SELECT count(*) AS n FROM notices')).toBe(before);
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
