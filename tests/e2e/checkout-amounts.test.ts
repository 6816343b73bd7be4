// What a buyer pays is on the checkout page before the button, and is what the order then
// costs: each seller's delivery fee, the grand total, and what pickup changes. Amounts never
// break across lines at 360 px. The demo's cherries ship free; the 美早 cost ¥12 to ship.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, newPage, register, screenshot, textOf } from './support/browser';
import { readDatabase } from './support/database';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const productId = (title: string) =>
	readDatabase((db) => (db.prepare('SELECT id FROM products WHERE title LIKE ?').get(`%${title}%`) as { id: number }).id);

/** Amounts (¥1,234.50) whose characters do not all sit on one line. */
async function brokenAmounts(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const broken: string[] = [];
		const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			for (const match of node.textContent!.matchAll(/-?¥[\d,]+(?:\.\d+)?/g)) {
				const range = document.createRange();
				range.setStart(node, match.index);
				range.setEnd(node, match.index + match[0].length);
				const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
				if (tops.size > 1) broken.push(`${match[0]} in "${node.parentElement?.textContent?.trim().slice(0, 40)}"`);
			}
		}
		return broken;
	});
}

const visibleText = (page: Page, selector: string) =>
	page.locator(selector).evaluateAll((elements) => elements.filter((e) => (e as HTMLElement).offsetParent !== null).map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ')));

for (const javaScriptEnabled of [false, true]) {
	test(`checkout shows each fee and the amount payable, which the orders then cost; amounts never wrap (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
		const page = await newPage(browser, { javaScriptEnabled });
		await register(page, '钱先生', 'amounts');
		for (const [title, quantity] of [
			['舒王庄大樱桃', 1],
			['美早大樱桃', 3]
		] as const) {
			await page.goto(`/market/${productId(title)}`);
			await page.locator('#quantity').fill(String(quantity));
			await page.locator('#buy button[type="submit"]').click();
			await page.waitForURL('**/cart?added=*');
		}
		expect(await brokenAmounts(page)).toEqual([]);
		// Free delivery is never "delivery costs ¥0.00", nor a fee to add.
		expect(await textOf(page, 'main')).not.toMatch(/¥0\.00|另加运费/);

		await page.goto('/checkout');
		const main = await textOf(page, 'main');
		expect(main).not.toContain('另加运费');
		expect(main).toContain('包邮');
		// Both default to delivery: ¥128 + ¥75 + the 美早's ¥12 fee. Pickup of the 美早 drops the fee.
		expect(await visibleText(page, '.grand .total-line')).toEqual(['选快递，应付合计 ¥215.00']);
		expect(await brokenAmounts(page)).toEqual([]);
		await screenshot(page, `checkout-amounts-${javaScriptEnabled ? 'js' : 'nojs'}`);
		const fee = page.locator('.order', { hasText: '美早' });
		expect(await visibleText(page, '.order:has-text("美早") .sums div')).toEqual(['商品 ¥75.00', '快递运费 ¥12.00', '选快递，这一单应付 ¥87.00']);
		await fee.locator('input[value="pickup"]').check();
		expect(await visibleText(page, '.grand .total-line')).toEqual(['选自提，应付合计 ¥203.00']);
		expect(await visibleText(page, '.order:has-text("美早") .sums div')).toEqual(['商品 ¥75.00', '选自提，这一单应付 ¥75.00']);
		await fee.locator('input[value="ship"]').check();
		await page.locator('#name').fill('钱先生');
		await page.locator('#phone').fill('13800001234');
		await page.locator('#address').fill('北京市朝阳区望京街道阜通东大街 6 号院');

		await page.locator('form.checkout button:not([type])').click();
		await page.waitForURL('**/orders?checkout=*');
		const checkout = new URL(page.url()).searchParams.get('checkout');
		const total = readDatabase((db) => (db.prepare('SELECT sum(total_fen) AS fen FROM orders WHERE checkout_id = ?').get(checkout) as { fen: number }).fen);
		expect(total).toBe(21500);
		expect(await brokenAmounts(page)).toEqual([]);
		await page.context().close();
	});
}
