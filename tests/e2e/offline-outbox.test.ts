// The outbox's core journey: a write made offline waits, then is delivered exactly once
// however often it is replayed. It also runs on PostgreSQL behind two processes, where the
// replays and the hand-sent copy may each reach a different one.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, newPage, screenshot, textOf } from './support/browser';
import { memberships, redeemOffline } from './support/outbox';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

test('a write made offline waits in the outbox and is delivered exactly once', async () => {
	const page = await newPage(browser);
	const { username, code, key } = await redeemOffline(page);
	expect(await textOf(page, '#outbox')).toContain('等待发送（1 条）');
	expect(await textOf(page, '.outbox-badge')).toBe('1');
	expect(await memberships(username)).toBe(0);
	await screenshot(page, 'outbox-waiting');

	await page.context().setOffline(false);
	// Two replays at once (the online event and a page load), then the same write sent again by hand.
	await page.evaluate(() => {
		navigator.serviceWorker.controller!.postMessage({ type: 'replay' });
		navigator.serviceWorker.controller!.postMessage({ type: 'replay' });
	});
	await page.goto('/me');
	await expect.poll(() => memberships(username), { timeout: 10_000 }).toBe(1);
	const again = await page.evaluate(
		async ({ key, code }) => (await fetch('/me?/redeem', { method: 'POST', body: new URLSearchParams({ idempotency_key: key, outbox_label: '用加入码加入村庄', code }) })).status,
		{ key, code }
	);
	expect(again).toBe(200);
	expect(await memberships(username)).toBe(1);
	await expect.poll(async () => (await page.reload(), textOf(page, '#outbox'))).toContain('最近送出');
	expect(await textOf(page, '#outbox')).toContain('没有等待发送的内容');
	expect(await page.locator('.outbox-badge').count()).toBe(0);
	await page.context().close();
});
