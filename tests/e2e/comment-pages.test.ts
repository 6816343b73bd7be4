// A notice's comments come a page at a time (20, or 10 with data saver), newest page
// first, with plain links to older and newer pages: no JavaScript needed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, newPage } from './support/browser';
import { writeDatabase } from './support/database';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** A public notice in 舒王庄村 with `count` comments, "评论 0" the oldest; returns its address. */
function noticeWithComments(count: number): string {
	return writeDatabase((db) => {
		const { id: villageId } = db.prepare("SELECT id FROM villages WHERE slug = 'shuwangzhuang'").get() as { id: number };
		const { id: authorId } = db.prepare("SELECT id FROM users WHERE username = 'buyer'").get() as { id: number };
		const now = Date.now();
		const { id } = db
			.prepare("INSERT INTO notices (village_id, title, body, category, audience, status, created_at, published_at) VALUES (?, '秋收后的集市安排', '大家来说说。', 'notice', 'public', 'published', ?, ?) RETURNING id")
			.get(villageId, now, now) as { id: number };
		const comment = db.prepare('INSERT INTO notice_comments (notice_id, author_id, body, created_at) VALUES (?, ?, ?, ?)');
		for (let i = 0; i < count; i++) comment.run(id, authorId, `评论 ${i}`, now - (count - i) * 60_000);
		return `/v/shuwangzhuang/notices/${id}`;
	});
}

const shown = (page: Page) => page.locator('.comment-list .comment-body').allInnerTexts();
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `评论 ${from + i}`);

test('comments page by page with JavaScript off: the newest 20 first, then older, then back', async () => {
	const path = noticeWithComments(25);
	const page = await newPage(browser, { javaScriptEnabled: false });
	try {
		await page.goto(path);
		expect(await page.locator('#comments h2').innerText()).toContain('评论（25）');
		expect(await shown(page)).toEqual(range(5, 24));
		expect(await page.locator('#comments a[rel="next"]').count()).toBe(0);

		await page.locator('#comments a[rel="prev"]').click();
		await page.waitForURL(/comments_before=/);
		expect(await shown(page)).toEqual(range(0, 4));
		expect(await page.locator('#comments a[rel="prev"]').count()).toBe(0);

		await page.locator('#comments a[rel="next"]').click();
		await page.waitForURL(/comments_after=/);
		expect(await shown(page)).toEqual(range(5, 24));
	} finally {
		await page.context().close();
	}
});

test('with data saver, 10 comments a page', async () => {
	const path = noticeWithComments(25);
	const page = await newPage(browser, { javaScriptEnabled: false });
	try {
		await page.context().addCookies([{ name: 'vs_prefs', value: 'easy=0&saver=on', url: inject('baseURL') }]);
		await page.goto(path);
		expect(await shown(page)).toEqual(range(15, 24));
		await page.locator('#comments a[rel="prev"]').click();
		expect(await shown(page)).toEqual(range(5, 14));
	} finally {
		await page.context().close();
	}
});
