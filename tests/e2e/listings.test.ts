// Selling from end to end with JavaScript off: a fresh villager lists a product with two
// photos, sees it on /sell, edits its price and pauses it; a bad price is refused with the
// typed fields kept; /sell with its sales chart and the new-product form in zh-CN and English.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writePhotoFiles, type PhotoFiles } from './support/photos';
import { connectBrowser, newPage, register, screenshot, submit, textOf } from './support/browser';
import { readDatabase, uniqueName, writeDatabase } from './support/database';
import { issueJoinCode, redeemJoinCode } from './support/villagers';

let browser: Browser;
let photos: PhotoFiles;
let photoPaths: string[];
beforeAll(async () => {
	browser = await connectBrowser();
	photos = await writePhotoFiles('listings');
	photoPaths = photos.paths;
});
afterAll(async () => {
	await browser?.close();
	await photos?.remove();
});

type ProductRow = { id: number; seller_id: number; village_id: number; title: string; price_fen: number; status: string; stock: number };

function productByTitle(title: string): ProductRow | undefined {
	return readDatabase((db) => db.prepare('SELECT id, seller_id, village_id, title, price_fen, status, stock FROM products WHERE title = ?').get(title) as ProductRow | undefined);
}

const countWhere = (sql: string, ...values: unknown[]) => readDatabase((db) => (db.prepare(sql).get(...values) as { n: number }).n);

/** Orders a buyer placed over the last days, written as checkout would: the chart needs sales to draw. */
function insertSales(product: ProductRow, sales: { daysAgo: number; quantity: number; status?: string }[]): void {
	writeDatabase((db) => {
		const buyer = db.prepare("SELECT id FROM users WHERE username = 'buyer'").get() as { id: number };
		const order = db.prepare(
			`INSERT INTO orders (checkout_id, buyer_id, seller_id, village_id, status, delivery, recipient_name, recipient_phone, address,
				subtotal_fen, ship_fee_fen, total_fen, payment_provider, payment_method, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'ship', '张买家', '13800000000', '北京市朝阳区', ?, 0, ?, 'manual', 'cod', ?, ?) RETURNING id`
		);
		const line = db.prepare('INSERT INTO order_lines (order_id, product_id, title, unit, unit_price_fen, quantity, line_total_fen) VALUES (?, ?, ?, ?, ?, ?, ?)');
		for (const sale of sales) {
			const at = Date.now() - sale.daysAgo * 24 * 60 * 60 * 1000;
			const total = product.price_fen * sale.quantity;
			const { id } = order.get(randomUUID(), buyer.id, product.seller_id, product.village_id, sale.status ?? 'completed', total, total, at, at) as { id: number };
			line.run(id, product.id, product.title, 'jin', product.price_fen, sale.quantity, total);
		}
	});
}

/** Controls smaller than 44x44 CSS px, as the layout test counts them (links in running text exempt). */
async function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const small: string[] = [];
		for (const el of document.querySelectorAll('a, button, input:not([type="hidden"]), select, textarea, summary')) {
			const box = el.getBoundingClientRect();
			if (box.width === 0 && box.height === 0) continue;
			const inText = el.tagName === 'A' && el.parentElement?.tagName === 'P';
			const checkbox = el instanceof HTMLInputElement && el.type === 'checkbox';
			const target = checkbox ? el.closest('label')!.getBoundingClientRect() : box;
			if (!inText && (target.height < 44 || target.width < 44)) small.push(`${el.outerHTML.slice(0, 80)} ${Math.round(target.width)}x${Math.round(target.height)}`);
		}
		return small;
	});
}

/** The page at 360 px: no sideways scrolling, every target big enough, and a screenshot to look at. */
async function checkLayout(page: Page, name: string): Promise<void> {
	await screenshot(page, name);
	expect([name, await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)]).toEqual([name, 0]);
	expect([name, await smallTargets(page)]).toEqual([name, []]);
}

/** A fresh account made a villager of 舒王庄村 through a join code, in a browser without JavaScript. */
async function freshVillager(name: string): Promise<Page> {
	const page = await newPage(browser, { javaScriptEnabled: false });
	await register(page, name, 'seller');
	expect(await redeemJoinCode(page, await issueJoinCode(name))).toContain('舒王庄');
	return page;
}

async function fillListing(page: Page, fields: { title: string; price: string; stock: string; description: string }): Promise<void> {
	await page.locator('#title').fill(fields.title);
	await page.locator('#category').selectOption('fruit');
	await page.locator('#unit').selectOption('jin');
	await page.locator('#price').fill(fields.price);
	await page.locator('#stock').fill(fields.stock);
	await page.locator('#description').fill(fields.description);
	await page.locator('#photos').setInputFiles(photoPaths);
}

test('a fresh villager lists a product with two photos, sees it on /sell, edits its price and pauses it (JavaScript off)', async () => {
	const page = await freshVillager('周小满');
	await page.goto('/me');
	await page.locator('#villages a', { hasText: '卖东西' }).click();
	await page.waitForURL('**/sell');
	await page.locator('a', { hasText: '上架新商品' }).click();
	await page.waitForURL('**/sell/products/new');

	// A bad price: refused with a message, nothing stored, and what was typed is still there.
	const title = `大棚红灯樱桃 ${uniqueName('t').slice(-5)}`;
	const description = '自家大棚的红灯樱桃，当天摘当天发。';
	await fillListing(page, { title, price: '十二块', stock: '30', description });
	await page.locator('button[name="intent"][value="list"]').click();
	expect(await textOf(page, '[role="alert"]')).toContain('单价写得不对');
	expect(await page.locator('#title').inputValue()).toBe(title);
	expect(await page.locator('#stock').inputValue()).toBe('30');
	expect(await page.locator('#price').inputValue()).toBe('十二块');
	expect(await page.locator('#description').inputValue()).toBe(description);
	expect(productByTitle(title)).toBeUndefined();
	// The photos could not come back: the form says so beside the photo field.
	expect(await page.locator('.message.error', { hasText: '照片没有保存，请重新选择' }).count()).toBe(1);

	// Corrected, with the photos chosen again (a browser never gets files back): listed.
	await page.locator('#price').fill('12.5');
	await page.locator('#photos').setInputFiles(photoPaths);
	await page.locator('button[name="intent"][value="list"]').click();
	await page.waitForURL('**/sell?saved=listed*');
	expect(await textOf(page, '#products [role="status"]')).toContain('上架成功');
	const row = page.locator('#products li', { hasText: title });
	expect(await row.innerText()).toContain('¥12.50/斤');
	expect(await row.innerText()).toContain('在售');
	expect(await row.locator('picture').count()).toBe(1);
	const product = productByTitle(title)!;
	expect(product).toMatchObject({ price_fen: 1250, stock: 30, status: 'listed' });
	expect(countWhere('SELECT count(*) AS n FROM product_photos WHERE product_id = ?', product.id)).toBe(2);

	// The price changes; the stock stays as it was.
	await row.locator('a.row-link').click();
	await page.waitForURL(`**/sell/products/${product.id}`);
	expect(await page.locator('.current-photos picture').count()).toBe(2);
	await page.locator('#price').fill('15');
	await page.locator('form[action="?/save"] button[type="submit"]').click();
	await page.waitForURL('**/sell?saved=edited*');
	expect(await page.locator('#products li', { hasText: title }).innerText()).toContain('¥15.00/斤');
	expect(productByTitle(title)).toMatchObject({ price_fen: 1500, stock: 30 });

	// Paused from the list.
	await page.locator('#products li', { hasText: title }).locator('button', { hasText: '暂停销售' }).click();
	expect(await textOf(page, '#products [role="status"]')).toContain('暂停销售');
	expect(await page.locator('#products li', { hasText: title }).locator('button', { hasText: '恢复销售' }).count()).toBe(1);
	expect(productByTitle(title)!.status).toBe('paused');
	await page.context().close();
});

test('/sell with its sales chart and the new-product form look finished at 360 px, in zh-CN and in English', async () => {
	const page = await freshVillager('吴春花');
	await page.goto('/sell');
	expect(await textOf(page, '#products .empty')).toContain('还没有商品');

	const title = `黑皮鸡蛋 ${uniqueName('e').slice(-5)}`;
	await page.goto('/sell/products/new');
	await fillListing(page, { title, price: '1.8', stock: '300', description: '散养乌鸡下的蛋，每天捡。' });
	await page.locator('input[name="pickup"]').check();
	await page.locator('#pickupPlace').fill('村委会门口');
	await page.locator('#pickupTime').fill('每天下午4点后');
	await page.locator('button[name="intent"][value="list"]').click();
	await page.waitForURL('**/sell?saved=listed*');
	const product = productByTitle(title)!;
	insertSales(product, [
		{ daysAgo: 0, quantity: 30 },
		{ daysAgo: 1, quantity: 12 },
		{ daysAgo: 3, quantity: 60 },
		{ daysAgo: 3, quantity: 20 },
		{ daysAgo: 9, quantity: 45 },
		{ daysAgo: 16, quantity: 10 },
		{ daysAgo: 22, quantity: 90 },
		{ daysAgo: 2, quantity: 500, status: 'cancelled' }
	]);

	await page.goto('/sell');
	const chart = page.locator('#sales svg[role="img"]');
	expect(await chart.locator('title').textContent()).toContain('7 单');
	expect(await chart.locator('rect').count()).toBe(30);
	expect(await textOf(page, '#sales')).toContain('¥480.60');
	await checkLayout(page, 'sell-zh-list');
	// The bottom bar covers part of a full-page shot; the chart on its own, to look at.
	await page.locator('#sales').screenshot({ path: fileURLToPath(new URL('../../test-results/screenshots/sell-zh-chart.png', import.meta.url)) });
	await page.goto('/sell/products/new');
	await checkLayout(page, 'sell-zh-new');
	await page.goto(`/sell/products/${product.id}`);
	await checkLayout(page, 'sell-zh-edit');

	await page.goto('/me');
	await page.locator('#locale').selectOption('en');
	await submit(page, 'form[action="?/settings"]');
	await page.waitForURL('**/me?saved=settings');
	await page.goto('/sell');
	expect(await textOf(page, 'h1')).toBe('My shop');
	expect(await page.locator('#sales svg title').textContent()).toContain('7 orders');
	expect(await textOf(page, '#products li')).toContain('/jin');
	await checkLayout(page, 'sell-en-list');
	await page.goto('/sell/products/new');
	expect(await textOf(page, 'label[for="price"]')).toBe('Price per unit (yuan)');
	await checkLayout(page, 'sell-en-new');
	await page.context().close();
});

test('someone who is not a villager is told how to become one, and cannot open another seller’s product', async () => {
	const page = await newPage(browser, { javaScriptEnabled: false });
	await register(page, '城里人', 'buyer');
	await page.goto('/sell');
	expect(await textOf(page, 'main')).toContain('加入码');
	expect(await page.locator('a[href="/sell/products/new"]').count()).toBe(0);
	const someone = readDatabase((db) => db.prepare('SELECT id FROM products ORDER BY id LIMIT 1').get() as { id: number } | undefined);
	if (someone) expect((await page.goto(`/sell/products/${someone.id}`))?.status()).toBe(404);
	await page.context().close();
});
