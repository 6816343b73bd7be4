// Buying from end to end, as a buyer from the city and a villager seller would, with
// JavaScript on and with it off: browse the market, search in Chinese, open the product,
// put it in the cart, check out, the seller confirms and ships, and the buyer sees it on
// the order's timeline. A core journey: it also runs on PostgreSQL behind two processes.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectBrowser, newPage, register, screenshot, textOf } from './support/browser';
import { orderOf, sellerWithProduct } from './support/market';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe.each([
	{ js: true, label: 'JavaScript on' },
	{ js: false, label: 'JavaScript off' }
])('buying, $label', ({ js }) => {
	test('browse → search in Chinese → product → cart → checkout → seller confirms and ships → buyer sees the timeline', async () => {
		const sellerPage = await newPage(browser, { javaScriptEnabled: js });
		const buyerPage = await newPage(browser, { javaScriptEnabled: js });
		try {
			const listing = await sellerWithProduct(sellerPage);
			const buyer = await register(buyerPage, '陈先生', 'buyer');

			// Browse, then search for the product's own words.
			await buyerPage.goto('/market');
			await buyerPage.locator('input[name="q"]').fill(listing.title.slice(-4));
			await buyerPage.locator('input[name="q"]').press('Enter');
			await buyerPage.waitForURL(/q=/);
			await buyerPage.locator(`a[href="/market/${listing.id}"]`).first().click();
			await buyerPage.waitForURL(`**/market/${listing.id}`);
			expect(await textOf(buyerPage, 'h1')).toContain(listing.title);

			// Two jin into the cart, then check out with delivery by courier.
			const add = buyerPage.locator('form[action="/cart?/add"]');
			await add.locator('input[name="quantity"]').fill('3');
			await add.locator('button').click();
			await buyerPage.waitForURL(/\/cart/);
			expect(await textOf(buyerPage, 'main')).toContain(listing.title);
			await buyerPage.locator('a[href="/checkout"]').click();
			await buyerPage.waitForURL('**/checkout');
			await buyerPage.locator('#name').fill('陈先生');
			await buyerPage.locator('#phone').fill('138 1234 5678');
			await buyerPage.locator('#address').fill('北京市朝阳区望京街道阜通东大街 6 号院');
			await buyerPage.locator('input[value="ship"]').check();
			if (!js) await screenshot(buyerPage, 'market-zh-checkout');
			// What it will cost, fee included, before the button.
			expect(await textOf(buyerPage, '.grand')).toContain('¥44.00');
			expect(await textOf(buyerPage, 'main')).not.toContain('另加运费');
			await buyerPage.locator('form.checkout button').click();
			await buyerPage.waitForURL(/\/orders\/\d+\?placed$/);
			// It says it worked, what happens next and how to reach the seller, first thing.
			expect(await textOf(buyerPage, 'main [role="status"]')).toContain('下单成功');
			expect(await textOf(buyerPage, '#contact')).toContain('卖家');
			const [order] = await orderOf(buyer);
			// 3 jin at ¥12.00 plus the ¥8.00 fee, computed by the server.
			expect(order).toMatchObject({ status: 'placed', subtotal_fen: 3600, ship_fee_fen: 800, total_fen: 4400 });
			expect(await textOf(buyerPage, 'h1')).toContain('已下单');

			// The seller finds it on /sell, confirms it and ships it with a tracking number.
			await sellerPage.goto('/sell');
			await sellerPage.locator(`#orders a[href="/orders/${order.id}"]`).click();
			await sellerPage.waitForURL(`**/orders/${order.id}`);
			await sellerPage.locator('form:has(input[name="action"][value="confirm"]) button').click();
			await sellerPage.locator('form:has(input[name="action"][value="ship"]) input[name="note"]').fill('中通快递 7312 0045 8861');
			await sellerPage.locator('form:has(input[name="action"][value="ship"]) button').click();
			await expect.poll(async () => (await orderOf(buyer))[0].status).toBe('shipped');

			// The buyer sees each step, and the tracking number, on the order's timeline.
			await buyerPage.goto(`/orders/${order.id}`);
			const timeline = await textOf(buyerPage, '.timeline');
			for (const step of ['已下单', '卖家已确认', '已发货']) expect(timeline).toContain(step);
			expect(timeline).toContain('中通快递 7312 0045 8861');
			expect((await orderOf(buyer))[0].tracking_note).toBe('中通快递 7312 0045 8861');
			// And was told, in the app.
			await buyerPage.goto('/me');
			expect(await textOf(buyerPage, '#notifications')).toContain('已发货');
		} finally {
			await sellerPage.context().close();
			await buyerPage.context().close();
		}
	});
});
