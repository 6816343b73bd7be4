// 拼团 in the browser with JavaScript off: one buyer starts a team from the product page and
// shares its link, two more join from the team page; the third fills it and every order goes
// ahead at the team price. The buyer then receives the goods and leaves a review with stars.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, newPage, register, screenshot, textOf } from './support/browser';
import { readDatabase, writeDatabase } from './support/database';
import { insertListing, newSeller } from './support/market';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** A fresh seller's eggs at ¥60 a box, or ¥45 in a team of three. */
async function teamListing(page: Page): Promise<{ id: number; seller: string }> {
	const seller = await newSeller(page, '钱大哥', '钱多多');
	const id = await insertListing(seller, { title: '拼团土鸡蛋 30枚', category: 'meat_eggs', unit: 'box', priceFen: 6000, stock: 30, team: { size: 3, priceFen: 4500 } });
	return { id, seller };
}

async function checkOut(page: Page, name: string): Promise<void> {
	await page.locator('#name').fill(name);
	await page.locator('#phone').fill('13900002222');
	await page.locator('input[value="pickup"]').check();
	await page.locator('form.checkout button').click();
	await page.waitForURL(/\/orders\/\d+\?placed$/);
}

const teamOrders = (productId: number) =>
	readDatabase(
		(db) =>
			db
				.prepare('SELECT o.id, o.status, o.total_fen, t.status AS team FROM orders o JOIN teams t ON t.id = o.team_id WHERE t.product_id = ? ORDER BY o.id')
				.all(productId) as { id: number; status: string; total_fen: number; team: string }[]
	);

test('a team of three fills from shared links and goes ahead at the team price; the buyer reviews it (JavaScript off)', async () => {
	const pages = await Promise.all([0, 1, 2, 3].map(() => newPage(browser, { javaScriptEnabled: false })));
	try {
		const listing = await teamListing(pages[0]);
		const [, starter, second, third] = pages;
		await register(starter, '陈先生', 'team-a');
		await starter.goto(`/market/${listing.id}`);
		await starter.locator('#team form[action="/checkout"] button').click();
		await starter.waitForURL(/\/checkout\?/);
		await screenshot(starter, 'market-zh-team-checkout');
		await checkOut(starter, '陈先生');
		expect(await textOf(starter, 'h1')).toContain('拼团中');
		const link = await starter.locator('#team-link').inputValue();
		expect(link).toMatch(/\/teams\/\d+$/);
		expect(teamOrders(listing.id).map((o) => o.status)).toEqual(['teaming']);

		// The starter is in the team: every page says so and links their order, none offers to join it or start another.
		const starterOrder = new URL(starter.url()).pathname;
		await starter.goto(new URL(link).pathname);
		expect(await textOf(starter, '.message.ok')).toContain('你已在这个团里');
		expect(await starter.locator('form[action="/checkout"]').count()).toBe(0);
		await screenshot(starter, 'market-zh-team-own');
		await starter.goto(`/market/${listing.id}`);
		expect(await textOf(starter, '#team')).toContain('你已在这个团里');
		expect(await starter.locator('#team a[href^="/teams/"], #team form[action="/checkout"]').count()).toBe(0);
		expect(await starter.locator(`#team a[href="${starterOrder}"]`).count()).toBe(1);
		// An old link to the team's checkout lands on the order instead of a form that would end in a refusal.
		await starter.goto(`/checkout?product=${listing.id}&team=${link.split('/').pop()}`);
		expect(new URL(starter.url()).pathname).toBe(starterOrder);

		for (const [page, name] of [
			[second, '王阿姨'],
			[third, '李叔']
		] as const) {
			await register(page, name, 'team-b');
			await page.goto(new URL(link).pathname);
			await page.locator('form[action="/checkout"] button').click();
			await checkOut(page, name);
		}
		// The third filled it: every member's order is placed, each at ¥45 instead of ¥60.
		const orders = teamOrders(listing.id);
		expect(orders.map((o) => [o.status, o.total_fen, o.team])).toEqual([
			['placed', 4500, 'complete'],
			['placed', 4500, 'complete'],
			['placed', 4500, 'complete']
		]);
		await starter.reload();
		expect(await textOf(starter, '.team')).toContain('凑齐');

		// The seller hands it over; the buyer confirms and reviews it.
		const sellerPage = pages[0];
		for (const step of ['confirm', 'ship']) {
			await sellerPage.goto(`/orders/${orders[0].id}`);
			await sellerPage.locator(`form:has(input[name="action"][value="${step}"]) button`).click();
		}
		await starter.goto(`/orders/${orders[0].id}`);
		await starter.locator('form:has(input[name="action"][value="complete"]) button').click();
		await starter.locator('#review input[name="rating"][value="4"]').check();
		await starter.locator('#review textarea[name="comment"]').fill('个个新鲜，蛋黄很黄。');
		await starter.locator('#review form button').click();
		expect(await textOf(starter, '#review')).toContain('谢谢');
		await starter.goto(`/market/${listing.id}`);
		expect(await textOf(starter, 'main')).toContain('个个新鲜，蛋黄很黄。');
		expect(readDatabase((db) => db.prepare('SELECT review_count, rating_total FROM products WHERE id = ?').get(listing.id))).toEqual({ review_count: 1, rating_total: 4 });
	} finally {
		for (const page of pages) await page.context().close();
	}
});

test('the team checkout in English; a team whose time ran out is dissolved and its stock comes back', async () => {
	const page = await newPage(browser, { javaScriptEnabled: false });
	try {
		const listing = await teamListing(page);
		await page.context().clearCookies();
		await register(page, 'Mr Chen', 'team-en');
		await page.goto('/me');
		await page.locator('#locale').selectOption('en');
		await page.locator('form[action="?/settings"] button').click();
		await page.goto(`/market/${listing.id}`);
		await page.locator('#team form[action="/checkout"] button').click();
		await page.waitForURL(/\/checkout\?/);
		await screenshot(page, 'market-en-checkout');
		await checkOut(page, 'Mr Chen');
		const link = await page.locator('#team-link').inputValue();
		// The window ends with only one member: the next visit to the team page dissolves it.
		writeDatabase((db) => db.prepare('UPDATE teams SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, Number(link.split('/').pop())));
		await page.goto(new URL(link).pathname);
		expect(await textOf(page, 'main')).toContain('dissolved');
		expect(teamOrders(listing.id).map((o) => [o.status, o.team])).toEqual([['cancelled', 'dissolved']]);
		expect(readDatabase((db) => (db.prepare('SELECT stock FROM products WHERE id = ?').get(listing.id) as { stock: number }).stock)).toBe(30);
	} finally {
		await page.context().close();
	}
});
