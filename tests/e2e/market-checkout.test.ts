// Checkout beyond the journey (market-journey.test.ts): a double-tapped checkout makes one
// order, a visitor's cart survives signing in, a refused checkout keeps what was typed, and
// an order made offline meets sold-out stock on replay.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectBrowser, login, MEMBER_PASSWORD, newPage, register, textOf, workerReady } from './support/browser';
import { changeDatabase, queryRow, queryRows } from './support/database';
import { FormClient } from './support/http';
import { orderOf, sellerWithProduct } from './support/market';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

test('the same checkout posted twice, one after the other and at once, makes one order', async () => {
	const page = await newPage(browser);
	try {
		const listing = await sellerWithProduct(page);
		for (const together of [false, true]) {
			const client = new FormClient();
			const username = `twice${Date.now().toString(36)}${together ? 'a' : 'b'}`;
			expect((await client.post('/register', { username, displayName: '王小麦', password: 'cherry-orchard-2026' })).status).toBe(303);
			const added = await client.post('/cart?/add', { productId: String(listing.id), quantity: '2', idempotency_key: crypto.randomUUID(), outbox_label: 'cart' });
			expect(added.status).toBe(303);
			const form = (await client.get('/checkout')).html;
			const fields = {
				idempotency_key: /name="idempotency_key" value="([^"]+)"/.exec(form.slice(form.indexOf('class="checkout"')))![1],
				outbox_label: 'order',
				name: '王小麦',
				phone: '13900001111',
				address: '',
				payment: 'later',
				[`delivery_${(await queryRow<{ seller_id: number }>('SELECT seller_id FROM products WHERE id = ?', listing.id)).seller_id}`]: 'pickup'
			};
			const answers = together ? await Promise.all([client.post('/checkout', fields), client.post('/checkout', fields)]) : [await client.post('/checkout', fields), await client.post('/checkout', fields)];
			expect(answers.map((a) => a.status)).toEqual([303, 303]);
			expect(answers[1].location).toBe(answers[0].location);
			expect(await orderOf(username)).toHaveLength(1);
		}
	} finally {
		await page.context().close();
	}
});

test('what a visitor put in the cart is still there after logging in (JavaScript off)', async () => {
	const page = await newPage(browser, { javaScriptEnabled: false });
	try {
		const listing = await sellerWithProduct(page);
		await page.context().clearCookies();
		const buyer = await register(page, '钱大伯', 'cart-buyer');
		await page.context().clearCookies();
		await page.goto(`/market/${listing.id}`);
		await page.locator('form[action="/cart?/add"] input[name="quantity"]').fill('3');
		await page.locator('form[action="/cart?/add"] button').click();
		await page.waitForURL(/\/cart/);
		await login(page, buyer, MEMBER_PASSWORD);
		const cart = await queryRows('SELECT c.product_id AS "productId", c.quantity FROM cart_items c JOIN users u ON u.id = c.user_id WHERE u.username = ?', buyer);
		expect(cart).toEqual([{ productId: listing.id, quantity: 3 }]);
		await page.goto('/cart');
		expect(await textOf(page, '.cart-line')).toContain(listing.title);
		expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain('vs_cart');
	} finally {
		await page.context().close();
	}
});

test('a refused checkout (sold out meanwhile) says so, keeps what was typed and orders nothing', async () => {
	const page = await newPage(browser, { javaScriptEnabled: false });
	try {
		const listing = await sellerWithProduct(page, { stock: 5 });
		await page.context().clearCookies();
		const buyer = await register(page, '孙阿姨', 'buyer');
		await page.goto(`/market/${listing.id}`);
		await page.locator('form[action="/cart?/add"] input[name="quantity"]').fill('4');
		await page.locator('form[action="/cart?/add"] button').click();
		await page.goto('/checkout');
		await page.locator('#name').fill('孙阿姨');
		await page.locator('#phone').fill('13700002222');
		await page.locator('input[value="pickup"]').check();
		// Someone else bought three meanwhile.
		await changeDatabase((run) => run('UPDATE products SET stock = 2 WHERE id = ?', listing.id));
		await page.locator('form.checkout button').click();
		expect(await textOf(page, '[role="alert"]')).toContain('只剩 2');
		expect(await page.locator('#name').inputValue()).toBe('孙阿姨');
		expect(await orderOf(buyer)).toHaveLength(0);
	} finally {
		await page.context().close();
	}
});

test('an order made offline waits in the outbox; meeting sold-out stock on replay, it stays there with the reason', async () => {
	const page = await newPage(browser);
	try {
		const listing = await sellerWithProduct(page, { stock: 3 });
		await page.context().clearCookies();
		const buyer = await register(page, '周小满', 'offline-buyer');
		await workerReady(page);
		await page.goto(`/market/${listing.id}`);
		await page.locator('form[action="/cart?/add"] input[name="quantity"]').fill('2');
		await page.locator('form[action="/cart?/add"] button').click();
		await page.waitForURL(/\/cart/);
		await page.goto('/checkout');

		await page.context().setOffline(true);
		await page.reload();
		expect(await textOf(page, '.saved-copy')).toContain('保存的副本');
		await page.locator('#name').fill('周小满');
		await page.locator('#phone').fill('13700003333');
		await page.locator('input[value="pickup"]').check();
		await page.locator('form.checkout button').click();
		await page.waitForURL('**/me#outbox');
		expect(await textOf(page, '#outbox')).toContain('等待发送（1 条）');

		// While the phone was offline, the last units went to someone else.
		await changeDatabase((run) => run("UPDATE products SET stock = 0, status = 'sold_out' WHERE id = ?", listing.id));
		await page.context().setOffline(false);
		await expect.poll(async () => (await page.reload(), page.locator('#outbox .refused').count()), { timeout: 15_000 }).toBe(1);
		expect(await textOf(page, '#outbox .refused')).toContain('卖完了');
		expect(await orderOf(buyer)).toHaveLength(0);
	} finally {
		await page.context().close();
	}
});
