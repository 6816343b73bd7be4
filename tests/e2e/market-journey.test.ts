// Buying from end to end, as a buyer from the city and a villager seller would, with
// JavaScript on and with it off: browse the market, search in Chinese, open the product,
// put it in the cart, check out, the seller confirms and ships, and the buyer sees it on
// the order's timeline. Also: a double-tapped checkout makes one order, a team of three.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectBrowser, login, MEMBER_PASSWORD, newPage, register, screenshot, textOf, workerReady } from './support/browser';
import { readDatabase, writeDatabase } from './support/database';
import { insertListing, newSeller } from './support/market';
import { FormClient } from './support/http';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** Four characters no demo product has, so a search finds this test's product and nothing else. */
function uniqueWord(): string {
	const pool = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
	return Array.from({ length: 4 }, () => pool[Math.floor(Math.random() * pool.length)]).join('');
}

type Listing = { id: number; title: string; sellerUsername: string };

/** A fresh seller with 黄金小米 at ¥12/斤 (min. 2), ¥8 delivery: the title ends in a word only this test uses. */
async function sellerWithProduct(page: Page, fields: { stock?: number } = {}): Promise<Listing> {
	const sellerUsername = await newSeller(page, '赵大姐', '赵秀兰');
	const title = `黄金小米${uniqueWord()}`;
	const id = insertListing(sellerUsername, {
		title,
		description: '今年新谷，石碾去壳，熬粥有油。',
		category: 'grain',
		priceFen: 1200,
		stock: fields.stock ?? 50,
		minOrder: 2,
		shipFeeFen: 800
	});
	return { id, title, sellerUsername };
}

const orderOf = (buyerUsername: string) =>
	readDatabase(
		(db) =>
			db
				.prepare('SELECT o.* FROM orders o JOIN users u ON u.id = o.buyer_id WHERE u.username = ? ORDER BY o.id')
				.all(buyerUsername) as { id: number; status: string; total_fen: number; subtotal_fen: number; ship_fee_fen: number; tracking_note: string | null }[]
	);

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
			const [order] = orderOf(buyer);
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
			await expect.poll(() => orderOf(buyer)[0].status).toBe('shipped');

			// The buyer sees each step, and the tracking number, on the order's timeline.
			await buyerPage.goto(`/orders/${order.id}`);
			const timeline = await textOf(buyerPage, '.timeline');
			for (const step of ['已下单', '卖家已确认', '已发货']) expect(timeline).toContain(step);
			expect(timeline).toContain('中通快递 7312 0045 8861');
			expect(orderOf(buyer)[0].tracking_note).toBe('中通快递 7312 0045 8861');
			// And was told, in the app.
			await buyerPage.goto('/me');
			expect(await textOf(buyerPage, '#notifications')).toContain('已发货');
		} finally {
			await sellerPage.context().close();
			await buyerPage.context().close();
		}
	});
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
				[`delivery_${readDatabase((db) => (db.prepare('SELECT seller_id FROM products WHERE id = ?').get(listing.id) as { seller_id: number }).seller_id)}`]: 'pickup'
			};
			const answers = together ? await Promise.all([client.post('/checkout', fields), client.post('/checkout', fields)]) : [await client.post('/checkout', fields), await client.post('/checkout', fields)];
			expect(answers.map((a) => a.status)).toEqual([303, 303]);
			expect(answers[1].location).toBe(answers[0].location);
			expect(orderOf(username)).toHaveLength(1);
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
		const cart = readDatabase((db) =>
			db.prepare('SELECT c.product_id AS productId, c.quantity FROM cart_items c JOIN users u ON u.id = c.user_id WHERE u.username = ?').all(buyer)
		);
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
		writeDatabase((db) => db.prepare('UPDATE products SET stock = 2 WHERE id = ?').run(listing.id));
		await page.locator('form.checkout button').click();
		expect(await textOf(page, '[role="alert"]')).toContain('只剩 2');
		expect(await page.locator('#name').inputValue()).toBe('孙阿姨');
		expect(orderOf(buyer)).toHaveLength(0);
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
		writeDatabase((db) => db.prepare("UPDATE products SET stock = 0, status = 'sold_out' WHERE id = ?").run(listing.id));
		await page.context().setOffline(false);
		await expect.poll(async () => (await page.reload(), page.locator('#outbox .refused').count()), { timeout: 15_000 }).toBe(1);
		expect(await textOf(page, '#outbox .refused')).toContain('卖完了');
		expect(orderOf(buyer)).toHaveLength(0);
	} finally {
		await page.context().close();
	}
});
