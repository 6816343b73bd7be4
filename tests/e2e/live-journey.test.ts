// A live sale from end to end at 360x640 (issue 13): a cadre schedules one for the village
// cooperative; a villager presses 提醒我 and is told when it starts; a viewer in text-and-photo
// mode sees the host's moment and another buyer's purchase appear without reloading, and buys
// without leaving the page; a buyer without JavaScript does the same by forms; the replay's
// totals are the orders in the database. Screenshots in zh-CN and English.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, login, newPage, register, screenshot, textOf } from './support/browser';
import { changeDatabase, queryRows } from './support/database';
import { insertListing } from './support/market';
import { beijingInputValue } from '../../src/lib/form-fields';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** A listing of the 舒王庄村 cooperative, as its cadre lists it. */
async function cooperativeListing(): Promise<{ id: number; title: string }> {
	const title = `合作社土鸡蛋${Date.now().toString(36).slice(-4)}`;
	const id = await insertListing('cadre', { title, priceFen: 3000, stock: 40, unit: 'dozen', shipFeeFen: 1000 });
	await changeDatabase((run) => run('UPDATE products SET cooperative = ? WHERE id = ?', true, id));
	return { id, title };
}

async function buyHere(page: Page, itemTitle: string, quantity: string): Promise<void> {
	const item = page.locator('[data-live-item]', { hasText: itemTitle });
	await item.locator('summary').click();
	await item.locator('input[name="quantity"]').fill(quantity);
	await item.locator('input[name="name"]').fill('陈先生');
	await item.locator('input[name="phone"]').fill('13812345678');
	await item.locator('textarea[name="address"]').fill('北京市朝阳区望京街道阜通东大街 6 号院');
	await item.locator('form button[type="submit"]').click();
}

test('schedule → remind → start → moments and purchases arrive live → buy on the page, with and without JavaScript → replay totals are the orders', async () => {
	const cadre = await newPage(browser);
	const villager = await newPage(browser);
	const viewer = await newPage(browser);
	const noScript = await newPage(browser, { javaScriptEnabled: false, locale: 'en-US' });
	try {
		const listing = await cooperativeListing();

		// The cadre schedules it, starting in half an hour (a host may start up to an hour early).
		await login(cadre, 'cadre');
		await cadre.goto('/live/new');
		const startsAt = new Date(Date.now() + 30 * 60 * 1000);
		await cadre.locator('#title').fill('合作社鸡蛋直播');
		await cadre.locator('#startsAt').fill(beijingInputValue(startsAt));
		await cadre.locator('#plannedEndAt').fill(beijingInputValue(new Date(startsAt.getTime() + 2 * 60 * 60 * 1000)));
		await cadre.locator('input[name="cooperative"]').check();
		await cadre.locator(`input[name="item_${listing.id}"]`).check();
		await cadre.locator(`input[name="flash_price_${listing.id}"]`).fill('25');
		await cadre.locator(`input[name="flash_cap_${listing.id}"]`).fill('6');
		await cadre.locator(`input[name="per_buyer_${listing.id}"]`).fill('2');
		// A flash price at the list price is refused, and the form comes back as typed.
		await cadre.locator(`input[name="flash_price_${listing.id}"]`).fill('30');
		await cadre.locator('form button[type="submit"]').last().click();
		expect(await textOf(cadre, '.message.error')).toContain('抢购价要低于原价');
		expect(await cadre.locator('#title').inputValue()).toBe('合作社鸡蛋直播');
		await cadre.locator(`input[name="flash_price_${listing.id}"]`).fill('25');
		await cadre.locator('form button[type="submit"]').last().click();
		await cadre.waitForURL(/\/live\/\d+\?scheduled/);
		const saleId = Number(/\/live\/(\d+)/.exec(cadre.url())![1]);
		await screenshot(cadre, 'live-scheduled-zh');

		// A villager asks to be reminded.
		await login(villager, 'villager');
		await villager.goto(`/live/${saleId}`);
		await villager.locator('#remind button[type="submit"]').click();
		expect(await textOf(villager, '.message.ok')).toContain('开播时会提醒你');

		// A viewer with JavaScript follows the page before it starts.
		await register(viewer, '看直播的人', 'viewer');
		await viewer.goto(`/live/${saleId}`);
		expect(await textOf(viewer, '[data-countdown]')).toMatch(/还有 \d+ 小时 \d+ 分/);

		// The cadre starts it: the viewer's page reloads into the live page; the villager is told.
		await cadre.goto(`/live/${saleId}/host`);
		await cadre.locator('form[action="?/start"] button').click();
		expect(await textOf(cadre, '#console-result')).toContain('直播开始了');
		await viewer.waitForSelector('[data-live-status="live"]', { timeout: 15_000 });
		await villager.goto('/me');
		expect(await textOf(villager, '#notifications')).toContain('合作社鸡蛋直播');

		// A moment from the console appears on the viewer's page without a reload.
		await viewer.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
		await cadre.locator('#moment-text').fill('第一步：挑蛋，对着灯看<b>有没有裂</b>');
		await cadre.locator('form[action="?/moment"] button').click();
		await viewer.locator('[data-live-moments] li', { hasText: '第一步：挑蛋' }).waitFor();
		// Shown as text: the markup is there as characters, not as bold.
		expect(await viewer.locator('[data-live-moments] li b').count()).toBe(0);

		// Someone else buys without JavaScript (English), by forms: the viewer sees it and the units left drop.
		await noScript.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: inject('baseURL') }]);
		await register(noScript, 'Buyer Two', 'nojs');
		await noScript.goto(`/live/${saleId}`);
		await buyHere(noScript, listing.title, '2');
		await noScript.waitForURL(/bought=\d+/);
		expect(await textOf(noScript, '#item-result')).toContain('Got it!');
		await screenshot(noScript, 'live-bought-en-nojs');
		await viewer.locator('[data-live-purchases] li', { hasText: '陈**' }).waitFor();
		expect(await textOf(viewer, `[data-left]`)).toContain('还剩 4');
		expect(await viewer.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

		// The viewer buys on the page and lands back on it with the result, and is offered no more
		// than the limit; a second tab opened before is refused by the server.
		const otherTab = await viewer.context().newPage();
		await otherTab.goto(`/live/${saleId}`);
		await buyHere(viewer, listing.title, '2');
		await viewer.waitForURL(/bought=\d+/);
		expect(await textOf(viewer, '#item-result')).toContain('抢到了');
		await screenshot(viewer, 'live-bought-zh');
		expect(await textOf(viewer, `[data-live-item]`)).toContain('你已抢到 2 打');
		expect(await viewer.locator('[data-live-item] details.buy').count()).toBe(0);
		await buyHere(otherTab, listing.title, '1');
		expect(await textOf(otherTab, '#item-result')).toContain('每人限购 2 件');
		await otherTab.close();

		// The cadre ends it; the replay's totals are the orders the database holds for it.
		await cadre.goto(`/live/${saleId}/host`);
		await cadre.locator('form[action="?/end"] button').click();
		expect(await textOf(cadre, '#console-result')).toContain('直播结束了');
		const orders = await queryRows<{ total_fen: number; quantity: number }>(
			"SELECT o.total_fen, lo.quantity FROM live_orders lo JOIN orders o ON o.id = lo.order_id WHERE lo.live_sale_id = ? AND o.status <> 'cancelled'",
			saleId
		);
		expect(orders).toHaveLength(2);
		await viewer.goto(`/live/${saleId}`);
		const units = orders.reduce((sum, order) => sum + Number(order.quantity), 0);
		expect(await textOf(viewer, '#totals')).toContain(`共 ${units} 件`);
		expect(await textOf(viewer, '#totals')).toContain('¥100.00');
		await screenshot(viewer, 'live-replay-zh');
	} finally {
		for (const page of [cadre, villager, viewer, noScript]) await page.context().close();
	}
});
