// The market from a buyer's phone: browse, search in Chinese and filter with JavaScript off,
// open a product from a shared link, read both again offline; screenshots in zh-CN and English.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, newPage, register, screenshot, submit, textOf, workerReady } from './support/browser';
import { readDatabase, uniqueName, writeDatabase } from './support/database';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** A demo product's id by its title. */
function productId(title: string): number {
	return readDatabase((db) => (db.prepare('SELECT id FROM products WHERE title = ?').get(title) as { id: number }).id);
}

const listedCount = () => readDatabase((db) => (db.prepare("SELECT count(*) AS n FROM products WHERE status IN ('listed', 'sold_out')").get() as { n: number }).n);

const titles = (page: Page) => page.locator('.product-item .product-title').allInnerTexts();

/** Searches through the form, as a person types and taps. */
async function search(page: Page, query: string): Promise<string[]> {
	await page.locator('#q').fill(query);
	await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === query), page.locator('.search-row button[type="submit"]').click()]);
	return titles(page);
}

/** Controls smaller than 44x44 CSS px (links inside running text exempt), and sideways overflow: as the layout test checks. */
async function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const overflow = document.documentElement.scrollWidth - window.innerWidth;
		if (overflow > 0) problems.push(`overflows by ${overflow}px`);
		for (const el of document.querySelectorAll('a, button, input:not([type="hidden"]), select, textarea, summary')) {
			const box = el.getBoundingClientRect();
			if (box.width === 0 && box.height === 0) continue;
			const inText = el.tagName === 'A' && el.parentElement?.tagName === 'P';
			if (!inText && (box.height < 44 || box.width < 44)) problems.push(`${el.outerHTML.slice(0, 80)} ${Math.round(box.width)}x${Math.round(box.height)}`);
		}
		return problems;
	});
}

test('with JavaScript off, a visitor browses the market, searches in Chinese, filters and pages', async () => {
	const page = await newPage(browser, { javaScriptEnabled: false });
	await page.goto('/market');
	expect(await textOf(page, 'h1')).toContain('集市');
	const total = listedCount();
	expect(await textOf(page, '.result-count')).toContain(`找到 ${total} 件商品`);
	expect(await page.locator('.product-item').count()).toBe(Math.min(total, 20));
	expect(await page.locator('a[href="/sell"]').count()).toBe(1);
	// Sold-out products are shown, marked, after those for sale.
	const list = await textOf(page, '.product-list');
	expect(list).toContain('¥');
	expect(list).toMatch(/只剩 \d+ /);

	// Two pages of 20: the second keeps the rest of the address.
	if (total > 20) {
		await page.locator('a[rel="next"]', { hasText: '下一页' }).click();
		await page.waitForURL('**/market?page=2');
		expect(await page.locator('.product-item').count()).toBe(total - 20);
		expect(await textOf(page, '.product-list')).toContain('已售完');
		await page.locator('a[rel="prev"]', { hasText: '上一页' }).click();
		await page.waitForURL((url) => url.pathname === '/market' && url.search === '');
	}

	// Two characters (no trigram: LIKE), three and more (the FTS index), a village with a product.
	const cherries = await search(page, '樱桃');
	expect(cherries.length).toBeGreaterThanOrEqual(4);
	for (const title of cherries) expect(title).toContain('樱桃');
	expect(await search(page, '铁棍山药')).toEqual(expect.arrayContaining(['铁棍山药 5斤礼盒', '铁棍山药 散装 按斤']));
	expect((await search(page, '舒王庄 蜂蜜')).sort()).toEqual(['槐花蜂蜜 500克/瓶', '槐花蜂蜜 礼盒 1000克两瓶装'].sort());
	expect(await search(page, '鸡')).toEqual(expect.arrayContaining(['林下散养乌鸡 整只 约2斤', '乌鸡蛋 30枚装']));
	// Query syntax is only text.
	expect(await search(page, '"NEAR(*')).toEqual([]);

	// Nothing found: said so, with a way out.
	await search(page, '火龙果');
	expect(await textOf(page, '.empty')).toContain('没有找到和“火龙果”有关的商品');
	await page.locator('.empty a', { hasText: '清除筛选' }).click();
	await page.waitForURL((url) => url.pathname === '/market' && url.search === '');

	// A category link, then a village chosen in the form: both kept together.
	await page.locator('.category-filter a', { hasText: '手工艺品' }).click();
	await page.waitForURL('**/market?category=handicraft');
	const crafts = await titles(page);
	expect(crafts.length).toBeGreaterThan(0);
	for (const title of crafts) expect(title).toMatch(/鸟笼|牡丹/);
	// The paused bird cage is not on sale, so not in the market.
	expect(crafts).not.toContain('手工鸟笼 绣眼笼 小号');
	await page.locator('select[name="village"]').selectOption('liuhe');
	await page.locator('.filter-row button[type="submit"]').click();
	await page.waitForURL((url) => url.searchParams.get('village') === 'liuhe' && url.searchParams.get('category') === 'handicraft');
	expect((await titles(page)).sort()).toEqual(['工笔牡丹 团扇 真丝扇面', '工笔牡丹画 四尺斗方 已装裱'].sort());
	await page.locator('select[name="sort"]').selectOption('price_asc');
	await page.locator('.filter-row button[type="submit"]').click();
	await page.waitForURL((url) => url.searchParams.get('sort') === 'price_asc');
	expect(await titles(page)).toEqual(['工笔牡丹 团扇 真丝扇面', '工笔牡丹画 四尺斗方 已装裱']);

	// A link that names the village as people say it lists the same, with that village chosen;
	// a village nobody answers to is said so, and the whole market stays in view.
	await page.goto(`/market?category=handicraft&village=${encodeURIComponent('柳河')}`);
	expect((await titles(page)).sort()).toEqual(['工笔牡丹 团扇 真丝扇面', '工笔牡丹画 四尺斗方 已装裱'].sort());
	expect(await page.locator('select[name="village"]').inputValue()).toBe('liuhe');
	await page.goto(`/market?category=handicraft&village=${encodeURIComponent('<b>火星村</b>')}`);
	expect(await textOf(page, '.filter-note')).toContain('<b>火星村</b>');
	expect(await titles(page)).toEqual(crafts);
	await page.context().close();
});

test('with JavaScript off, a product page shows price, stock, delivery, the village, a QR code and the buying forms', async () => {
	const page = await newPage(browser, { javaScriptEnabled: false });
	await page.goto('/market?q=礼盒装');
	await page.locator('.product-item a', { hasText: '舒王庄大樱桃 红灯 5斤礼盒装' }).click();
	const id = productId('舒王庄大樱桃 红灯 5斤礼盒装');
	await page.waitForURL(`**/market/${id}`);
	expect(await textOf(page, 'h1')).toBe('舒王庄大樱桃 红灯 5斤礼盒装');
	expect(await textOf(page, '.product-price')).toBe('¥128.00/箱');
	// 40 listed; 6 went in yesterday's live sale (scripts/demo/live.ts).
	expect(await textOf(page, '.product-facts')).toContain('现货 34 箱');
	expect(await textOf(page, '.product-facts')).toMatch(/\d+月\d+日至\d+月\d+日发货/);
	const delivery = await textOf(page, '#delivery');
	expect(delivery).toContain('快递');
	expect(delivery).toContain('包邮');
	expect(delivery).toContain('到村自提');
	expect(delivery).toContain('舒王庄村村委会门口');
	const origin = await textOf(page, '#origin');
	expect(origin).toContain('李秀英');
	expect(origin).toContain('舒王庄村在巨野县城东南');
	expect(await page.locator('#origin a[href="/v/shuwangzhuang"]').count()).toBe(1);
	expect(await page.locator('.product-cover').count()).toBe(1);
	expect(await page.locator('.product-photos .photo').count()).toBe(1);

	// Share: the address to copy, and its QR code drawn inline.
	const share = await page.locator('#share-link').inputValue();
	expect(share).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/market/${id}$`));
	expect(await page.locator('#share-link').getAttribute('readonly')).not.toBeNull();
	expect(await page.locator('#share .qr svg path').count()).toBeGreaterThan(0);

	// Add to cart: a real form to /cart (built elsewhere), its fields and the outbox's.
	const cart = page.locator('form[method="POST"][action="/cart?/add"]');
	expect(await cart.locator('input[name="productId"]').inputValue()).toBe(String(id));
	const quantity = cart.locator('input[name="quantity"]');
	expect([await quantity.getAttribute('min'), await quantity.getAttribute('max'), await quantity.inputValue()]).toEqual(['1', '34', '1']);
	expect(await cart.locator('input[name="idempotency_key"]').inputValue()).toMatch(/^[0-9a-f-]{36}$/);
	expect(await cart.locator('input[name="outbox_label"]').inputValue()).toContain('加入购物车');
	expect(await cart.locator('button[type="submit"]').innerText()).toContain('加入购物车');

	// Team purchase: the offer explained, and a GET form that starts a team at checkout.
	expect(await textOf(page, '#team')).toContain('3 人成团，每箱 ¥99.00，24 小时内成团，不成团自动取消、不付款');
	const team = page.locator('#team form[method="GET"][action="/checkout"]');
	expect(await team.locator('input[name="product"]').inputValue()).toBe(String(id));
	expect(await team.locator('input[name="team"]').inputValue()).toBe('new');
	expect(await team.locator('input[name="quantity"]').inputValue()).toBe('1');
	expect(await team.locator('button[type="submit"]').innerText()).toContain('发起拼团');
	expect(await layoutProblems(page)).toEqual([]);

	// Low stock, sold out and paused: said plainly; only a product for sale can be bought.
	await page.goto(`/market/${productId('黄蜜樱桃 2斤尝鲜装')}`);
	expect(await textOf(page, '.product-facts')).toContain('只剩 3 箱');
	expect(await page.locator('#quantity').getAttribute('max')).toBe('3');
	await page.goto(`/market/${productId('乌鸡蛋 散装 按打卖')}`);
	expect(await textOf(page, '.product-facts')).toContain('已售完');
	expect(await textOf(page, '#delivery')).not.toContain('快递');
	expect(await page.locator('form[action="/cart?/add"]').count()).toBe(0);
	await page.goto(`/market/${productId('手工鸟笼 绣眼笼 小号')}`);
	expect(await textOf(page, '.product-facts')).toContain('暂停销售');
	expect(await page.locator('form[action="/cart?/add"]').count()).toBe(0);

	// A bad address: a 404 that says what is missing.
	for (const path of ['/market/abc', '/market/0', '/market/99999999', '/market/1.5']) {
		const response = await page.goto(path);
		expect([path, response?.status()]).toEqual([path, 404]);
		expect(await textOf(page, '[role="alert"]')).toContain('找不到这个商品');
	}
	await page.context().close();
});

test('a description is shown as text: markup in it never runs', async () => {
	const marker = uniqueName('xss');
	const id = writeDatabase((db) => {
		const seller = db.prepare("SELECT id FROM users WHERE username = 'sunyumei'").get() as { id: number };
		const village = db.prepare("SELECT id FROM villages WHERE slug = 'shuwangzhuang'").get() as { id: number };
		// Paused: visible at its address, but in no list other tests read.
		return Number(
			db
				.prepare(
					"INSERT INTO products (village_id, seller_id, title, description, category, unit, price_fen, stock, status, pickup, pickup_place) VALUES (?, ?, ?, ?, 'other', 'jin', 100, 1, 'paused', 1, ?)"
				)
				.run(village.id, seller.id, `<b>${marker}</b>`, `<img src=x onerror="document.title='pwned'">\n\n<script>document.title='pwned'</script>`, '<i>门口</i>')
				.lastInsertRowid
		);
	});
	const page = await newPage(browser);
	await page.goto(`/market/${id}`);
	expect(await textOf(page, 'h1')).toBe(`<b>${marker}</b>`);
	expect(await textOf(page, '.product-description')).toContain('<img src=x onerror=');
	expect(await textOf(page, '#delivery')).toContain('<i>门口</i>');
	expect(await page.locator('.product-description img, .product-description script, h1 b, #delivery i').count()).toBe(0);
	expect(await page.title()).not.toBe('pwned');
	await page.context().close();
});

test('/market and a product page read once open offline as saved copies', async () => {
	const page = await newPage(browser);
	await page.goto('/');
	await workerReady(page);
	const id = productId('林下散养乌鸡 整只 约2斤');
	// A search, not the first page: listings made by earlier tests push the demo product off it.
	for (const path of ['/market?q=乌鸡', `/market/${id}`]) await page.goto(path);
	await page.context().setOffline(true);
	for (const [path, content] of [
		['/market?q=乌鸡', '林下散养乌鸡 整只 约2斤'],
		[`/market/${id}`, '炖汤特别香']
	]) {
		await page.goto(path);
		await page.reload();
		expect(await textOf(page, '.saved-copy')).toContain('保存的副本');
		expect(await textOf(page, 'main')).toContain(content);
	}
	await page.context().close();
});

test('screenshots at 360x640 in zh-CN and English; tap targets and width fit the phone', async () => {
	const id = productId('舒王庄大樱桃 红灯 5斤礼盒装');
	const zh = await newPage(browser, { javaScriptEnabled: false });
	for (const [path, name] of [
		['/market', 'market-zh'],
		['/market?q=樱桃', 'market-search-zh'],
		[`/market/${id}`, 'market-product-zh']
	]) {
		await zh.goto(path);
		await screenshot(zh, name);
		expect([path, await layoutProblems(zh)]).toEqual([path, []]);
	}
	await zh.context().close();

	// A fresh account of its own: a demo user's language would follow it into other tests.
	const en = await newPage(browser);
	await register(en, 'Lin', 'market-en');
	await en.goto('/me');
	await en.locator('#locale').selectOption('en');
	await submit(en, 'form[action="?/settings"]');
	await en.waitForURL('**/me?saved=settings');
	await en.goto('/market');
	expect(await textOf(en, 'h1')).toContain('Market');
	expect(await textOf(en, '.result-count')).toContain('Products found');
	await screenshot(en, 'market-en');
	expect(await layoutProblems(en)).toEqual([]);
	await en.goto(`/market/${id}`);
	expect(await textOf(en, '#team')).toContain('Teams of 3: ¥99.00 per box');
	expect(await textOf(en, '#buy button')).toContain('Add to cart');
	await screenshot(en, 'market-product-en');
	expect(await layoutProblems(en)).toEqual([]);

	// Data saver: pages of 10, and thumbnails that load only when tapped.
	await en.goto('/me');
	await en.locator('#dataSaver').selectOption('on');
	await submit(en, 'form[action="?/settings"]');
	await en.waitForURL('**/me?saved=settings');
	await en.goto('/market');
	expect(await en.locator('.product-item').count()).toBe(10);
	expect(await en.locator('.product-item details.thumb').count()).toBeGreaterThan(0);
	expect(await en.locator('.product-item picture').count()).toBe(0);
	expect(await en.locator('a[rel="next"]').count()).toBe(1);
	await screenshot(en, 'market-en-data-saver');
	expect(await layoutProblems(en)).toEqual([]);
	await en.context().close();
});
