import { chromium } from 'playwright-core';
import { chromiumLaunchOptions, startTestServer } from './scripts/start-test-server.js';
const server = await startTestServer();
const browser = await chromium.launch(chromiumLaunchOptions());
try {
	const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 360, height: 640 } });
	const page = await context.newPage();
	await page.goto('/login');
	await page.fill('input[name=username]', 'villager'); await page.fill('input[name=password]', 'village-demo');
	await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('form[method=post] button[type=submit]')]);
	await page.goto('/me');
	await page.selectOption('#locale', 'en'); await page.check('input[name=easyMode]');
	await page.click('form[action="?/settings"] button[type=submit]'); await page.waitForLoadState();
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.goto('/v/shuwangzhuang'); await page.goto('/me');
	await context.setOffline(true);
	await page.goto('/me');
	await page.fill('#code', 'ABCD-EFGH');
	await page.click('form[action="?/redeem"] button[type=submit]'); await page.waitForURL('**#outbox');
	await page.screenshot({ path: '/tmp/shots/en-outbox.png' });
	await page.goto('/market');
	await page.screenshot({ path: '/tmp/shots/en-offline.png', fullPage: true });
	await context.setOffline(false);
	await page.goto('/me');
	await page.waitForTimeout(1500);
	await page.goto('/me#outbox');
	await page.screenshot({ path: '/tmp/shots/en-refused.png' });
	await page.evaluate(() => navigator.serviceWorker.register('/service-worker.js?next'));
	await page.locator('#update-banner').waitFor({ state: 'visible' });
	await page.goto('/v/shuwangzhuang');
	await page.evaluate(() => navigator.serviceWorker.register('/service-worker.js?next2'));
	await page.locator('#update-banner').waitFor({ state: 'visible' });
	await page.screenshot({ path: '/tmp/shots/en-update.png' });
} finally {
	await browser.close();
	await server.stop();
}
