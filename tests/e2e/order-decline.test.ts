// A seller who cannot fill a new order declines it with a reason, without JavaScript:
// the buyer reads why on the order and in their messages, and the stock is for sale again.
// Until then both sides see by when the seller must answer before the order lapses.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, newPage, register, textOf } from './support/browser';
import { readDatabase } from './support/database';
import { insertListing, newSeller } from './support/market';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const stockOf = (productId: number) => readDatabase((db) => (db.prepare('SELECT stock FROM products WHERE id = ?').get(productId) as { stock: number }).stock);

test('the seller sees by when to confirm, declines with a reason, and the buyer is told why (JavaScript off)', async () => {
	const sellerPage = await newPage(browser, { javaScriptEnabled: false });
	const buyerPage = await newPage(browser, { javaScriptEnabled: false });
	try {
		const seller = await newSeller(sellerPage, '钱大哥', '钱有福');
		const productId = await insertListing(seller, { title: '新鲜韭菜', priceFen: 300, stock: 10 });
		await register(buyerPage, '孙阿姨', 'buyer');
		await buyerPage.goto(`/market/${productId}`);
		await buyerPage.locator('form[action="/cart?/add"] input[name="quantity"]').fill('4');
		await buyerPage.locator('form[action="/cart?/add"] button').click();
		await buyerPage.goto('/checkout');
		await buyerPage.locator('#name').fill('孙阿姨');
		await buyerPage.locator('#phone').fill('13700002222');
		await buyerPage.locator('input[value="pickup"]').check();
		await buyerPage.locator('form.checkout button').click();
		await buyerPage.waitForURL(/\/orders\/\d+\?placed$/);
		const orderId = Number(new URL(buyerPage.url()).pathname.split('/').pop());
		expect(stockOf(productId)).toBe(6);
		expect(await buyerPage.locator('.expiry').innerText()).toContain('卖家要在');

		// On /sell the order says by when it must be confirmed; on the order, what happens if not.
		await sellerPage.goto('/sell');
		expect(await textOf(sellerPage, `#orders a[href="/orders/${orderId}"]`)).toContain('前确认');
		await sellerPage.locator(`#orders a[href="/orders/${orderId}"]`).click();
		await sellerPage.waitForURL(`**/orders/${orderId}`);
		expect(await sellerPage.locator('.expiry').innerText()).toContain('过时没确认，订单自动取消');

		// Declining needs a reason.
		const decline = sellerPage.locator('form:has(input[name="action"][value="decline"])');
		await decline.locator('input[name="note"]').fill('');
		await decline.locator('button').click();
		expect(await textOf(sellerPage, '[role="alert"]')).toContain('原因');
		await sellerPage.locator('form:has(input[name="action"][value="decline"]) input[name="note"]').fill('韭菜这两天被霜打了，不好意思');
		await sellerPage.locator('form:has(input[name="action"][value="decline"]) button').click();
		expect(await textOf(sellerPage, '[role="status"]')).toContain('已取消');
		expect(stockOf(productId)).toBe(10);

		// The buyer reads why, on the order and in their messages.
		await buyerPage.goto(`/orders/${orderId}`);
		expect(await textOf(buyerPage, 'main')).toContain('卖家拒绝的原因： 韭菜这两天被霜打了，不好意思');
		expect(await textOf(buyerPage, '.timeline')).toContain('卖家拒绝了订单');
		await buyerPage.goto('/me');
		expect(await textOf(buyerPage, '#notifications')).toContain('韭菜这两天被霜打了');
	} finally {
		await sellerPage.context().close();
		await buyerPage.context().close();
	}
});
