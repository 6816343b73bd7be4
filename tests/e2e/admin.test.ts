// The county admin adds a village and appoints its first cadre (cover photos: photos.test.ts).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, login, newPage, submit, textOf } from './support/browser';
import { uniqueName } from './support/database';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

test('an admin adds a village, then appoints its first cadre', async () => {
	const slug = uniqueName('new');

	const page = await newPage(browser, { javaScriptEnabled: false });
	await login(page, 'admin');
	await page.goto('/admin');
	const form = 'form[action="?/createVillage"]';
	await page.locator('#name').fill('新建村');
	await page.locator('#slug').fill(slug);
	await page.locator('#county').fill('巨野县');
	await submit(page, form);
	expect(await textOf(page, '[role="status"]')).toContain('已添加 新建村');
	expect((await page.goto(`/v/${slug}`))?.status()).toBe(200);

	await page.goto('/admin');
	const appoint = `form[action="?/appointCadre"]:has(input[value="${slug}"])`;
	await page.locator(`section:has(${appoint}) summary`).click();
	await page.locator(`${appoint} input[name="username"]`).fill('no-such-person');
	await page.locator(`${appoint} input[name="realName"]`).fill('周村长');
	await submit(page, appoint);
	expect(await textOf(page, '[role="alert"]')).toContain('没有用户名为 no-such-person 的账号');
	await page.locator(`${appoint} input[name="username"]`).fill('buyer');
	await submit(page, appoint);
	expect(await textOf(page, '[role="status"]')).toContain('已任命为村干部');
	expect(await textOf(page, `section:has(${appoint})`)).toContain('村干部：周村长');
	await page.context().close();
});

test('the admin sees the background jobs: each has run once at start, none failed, each says when it runs next', async () => {
	const page = await newPage(browser, { javaScriptEnabled: false });
	await login(page, 'admin');
	await page.goto('/admin');
	const jobs = await page.locator('#jobs + section li').allTextContents();
	for (const job of ['解散到期未成团的拼团', '取消卖家超时未确认的订单', '清理一天无人使用的照片', '清理过期的重复提交记录', '清理超出限制时段的登录失败和猜测记录']) {
		const line = jobs.find((text) => text.includes(job));
		expect(line, job).toMatch(/上次运行：.*下次运行：/s);
		expect(line, job).not.toContain('出错');
	}
	await page.context().close();
});
