// After a write, what the person needs (the one-time code, "上架成功", why it was refused) is
// on the screen of a 360x640 phone, with and without JavaScript: never two screens down, nor
// below the spot the previous page was scrolled to.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, login, newPage, screenshot, textOf } from './support/browser';
import { insertListing, newSeller } from './support/market';
import { writePhotoFiles, type PhotoFiles } from './support/photos';

let browser: Browser;
let photos: PhotoFiles;
beforeAll(async () => {
	browser = await connectBrowser();
	photos = await writePhotoFiles('in-view');
});
afterAll(async () => {
	await browser?.close();
	await photos?.remove();
});

/** Whether the element is wholly between the top bar and the bottom navigation. */
async function inView(page: Page, selector: string): Promise<{ top: number; bottom: number; visible: boolean }> {
	await page.locator(selector).first().waitFor();
	return page.locator(selector).first().evaluate((element) => {
		const box = element.getBoundingClientRect();
		const bar = document.querySelector('.top-bar')?.getBoundingClientRect().bottom ?? 0;
		const nav = document.querySelector('.bottom-nav')?.getBoundingClientRect().top ?? innerHeight;
		return { top: Math.round(box.top), bottom: Math.round(box.bottom), visible: box.top >= bar && box.bottom <= nav };
	});
}

for (const javaScriptEnabled of [false, true]) {
	const mode = javaScriptEnabled ? 'JavaScript on' : 'JavaScript off';

	test(`a new join code is on screen after 生成加入码 (${mode})`, async () => {
		const page = await newPage(browser, { javaScriptEnabled });
		await login(page, 'cadre');
		await page.goto('/committee?village=shuwangzhuang');
		await page.locator('#forName').fill('孙小满');
		await page.locator('form[action^="?/issueCode"] button[type="submit"]').click();
		await page.waitForLoadState();
		expect(await textOf(page, '.issued-code .code')).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(await inView(page, '.issued-code .code')).toMatchObject({ visible: true });
		await screenshot(page, `committee-code-in-view-${javaScriptEnabled ? 'js' : 'nojs'}`);
		await page.context().close();
	});

	test(`a refused form far down the page says why on screen (${mode})`, async () => {
		const page = await newPage(browser, { javaScriptEnabled });
		await login(page, 'buyer');
		await page.goto('/me');
		await page.locator('#code').fill('ZZZZ-ZZZZ');
		await page.locator('form[action^="?/redeem"] button[type="submit"]').click();
		await page.waitForLoadState();
		expect(await inView(page, '#villages [role="alert"]')).toMatchObject({ visible: true });
		await page.context().close();
	});
}

test('"上架成功" is on screen after listing from the bottom of a long form, with JavaScript (the upload script writes the page in)', async () => {
	const page = await newPage(browser);
	const seller = await newSeller(page, '孙大姐', '孙桂芝');
	for (let n = 1; n <= 8; n++) await insertListing(seller, { title: `旧货 ${n}`, priceFen: 1000 + n, stock: 10 });
	await page.goto('/sell/products/new');
	await page.locator('#title').fill('新摘的樱桃');
	await page.locator('#category').selectOption('fruit');
	await page.locator('#unit').selectOption('jin');
	await page.locator('#price').fill('20');
	await page.locator('#stock').fill('30');
	await page.locator('#description').fill('当天摘当天发。');
	await page.locator('#photos').setInputFiles(photos.paths);
	const list = page.locator('button[name="intent"][value="list"]');
	await list.scrollIntoViewIfNeeded();
	await Promise.all([page.waitForURL('**/sell?saved=listed*'), list.click()]);
	await page.waitForLoadState();
	expect(await textOf(page, '#products [role="status"]')).toContain('上架成功');
	expect(await inView(page, '#products [role="status"]')).toMatchObject({ visible: true });
	await screenshot(page, 'sell-listed-in-view-js');
	await page.context().close();
});
