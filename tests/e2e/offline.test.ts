// Offline first, in real Chromium: installable, saved pages when the network is gone,
// the outbox delivering offline writes once, and nothing of one account left for the next.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { chromiumLaunchOptions } from '../../scripts/start-test-server.js';
import { MEMBER_PASSWORD, connectBrowser, login, newPage, register, screenshot, textOf, workerReady } from './support/browser';
import { readDatabase, writeDatabase } from './support/database';
import { issueJoinCode } from './support/villagers';
import { FormClient } from './support/http';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

function memberships(username: string): number {
	return readDatabase(
		(db) =>
			(db.prepare('SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.username = ?').get(username) as { n: number }).n
	);
}

/** Every page the service worker has saved, under any account, as one text. */
function savedPagesText(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const texts: string[] = [];
		for (const name of await caches.keys()) {
			if (!name.startsWith('pages-')) continue;
			const cache = await caches.open(name);
			for (const request of await cache.keys()) texts.push(await (await cache.match(request))!.text());
		}
		return texts.join('\n');
	});
}

/**
 * A new member with a fresh join code, who goes offline on a saved /me and
 * redeems the code: the post waits in the outbox.
 */
async function redeemOffline(page: Page): Promise<{ username: string; code: string; key: string }> {
	const username = await register(page, '周小满', 'offline');
	await workerReady(page);
	const code = await issueJoinCode();
	await page.goto('/me');
	await page.context().setOffline(true);
	await page.goto('/me');
	expect(await textOf(page, '.saved-copy')).toContain('保存的副本');
	const form = page.locator('form[action="?/redeem"]');
	await form.locator('#code').fill(code);
	const key = await form.locator('input[name="idempotency_key"]').inputValue();
	await form.locator('button[type="submit"]').click();
	await page.waitForURL('**/me#outbox');
	return { username, code, key };
}

test('Chromium finds the app installable: a valid manifest and a service worker', async () => {
	// Installability is not reported for incognito-like contexts, so this one gets a real profile.
	const profile = await mkdtemp(join(tmpdir(), 'village-square-profile-'));
	const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), baseURL: inject('baseURL') });
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto('/');
		await workerReady(page);
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
		expect(installabilityErrors).toEqual([]);
		const manifest = await cdp.send('Page.getAppManifest');
		expect(manifest.errors).toEqual([]);
		expect(JSON.parse(manifest.data!)).toMatchObject({ name: '村广场', display: 'standalone', start_url: '/' });
	} finally {
		await context.close();
		await rm(profile, { recursive: true, force: true });
	}
	const english = await (await fetch(new URL('/manifest.webmanifest?lang=en', inject('baseURL')))).json();
	expect(english).toMatchObject({ name: 'Village Square', lang: 'en' });
	expect(english.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
});

test('visited pages open offline as marked saved copies; an unvisited page shows /offline', async () => {
	const page = await newPage(browser);
	await login(page, 'villager');
	await workerReady(page);
	for (const path of ['/', '/v/shuwangzhuang', '/me']) await page.goto(path);
	await page.context().setOffline(true);
	for (const [path, content] of [
		['/', '舒王庄村'],
		['/v/shuwangzhuang', '村庄介绍'],
		['/me', '李秀英']
	]) {
		await page.goto(path);
		await page.reload();
		expect(await textOf(page, '.saved-copy')).toMatch(/^没有网络：这是 .+ 保存的副本。$/);
		expect(await textOf(page, 'main')).toContain(content);
	}
	await screenshot(page, 'offline-saved-copy');
	await page.goto('/market');
	expect(await textOf(page, 'h1')).toBe('现在没有网络');
	const saved = await textOf(page, '.saved-pages');
	for (const title of ['我的', '舒王庄村']) expect(saved).toContain(title);
	await screenshot(page, 'offline-unvisited');
	await page.context().close();
});

test('a write made offline waits in the outbox and is delivered exactly once', async () => {
	const page = await newPage(browser);
	const { username, code, key } = await redeemOffline(page);
	expect(await textOf(page, '#outbox')).toContain('等待发送（1 条）');
	expect(await textOf(page, '.outbox-badge')).toBe('1');
	expect(memberships(username)).toBe(0);
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
	expect(memberships(username)).toBe(1);
	await expect.poll(async () => (await page.reload(), textOf(page, '#outbox'))).toContain('最近送出');
	expect(await textOf(page, '#outbox')).toContain('没有等待发送的内容');
	expect(await page.locator('.outbox-badge').count()).toBe(0);
	await page.context().close();
});

test('a replay whose session has expired stays in the outbox with the reason, and can be retried', async () => {
	const page = await newPage(browser);
	const { username } = await redeemOffline(page);
	writeDatabase((db) => db.prepare('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)').run(username));

	await page.context().setOffline(false);
	await page.goto('/me');
	await expect.poll(async () => (await page.reload(), page.locator('#outbox .refused').count()), { timeout: 10_000 }).toBe(1);
	expect(await textOf(page, '#outbox .refused')).toContain('登录已过期，所以没有送出');
	expect(await textOf(page, '.outbox-badge')).toBe('1');
	expect(memberships(username)).toBe(0);
	await screenshot(page, 'outbox-refused');

	await login(page, username, MEMBER_PASSWORD);
	await page.goto('/me');
	await page.locator('#outbox .refused button', { hasText: '重试' }).click();
	await page.waitForURL('**/me#outbox');
	await expect.poll(() => memberships(username), { timeout: 10_000 }).toBe(1);
	expect(await textOf(page, '#outbox')).toContain('最近送出');
	await page.context().close();
});

test('logout deletes the account’s saved pages: the next person on the phone sees none of them offline', async () => {
	const page = await newPage(browser);
	await login(page, 'villager');
	await workerReady(page);
	for (const path of ['/me', '/v/shuwangzhuang']) await page.goto(path);
	expect(await textOf(page, 'main')).toContain('舒王庄村');
	await page.goto('/me');
	await page.locator('form[action="/logout"] button').click();
	await page.waitForURL((url) => url.pathname === '/');
	await expect.poll(() => savedPagesText(page)).not.toContain('李秀英');

	await login(page, 'buyer');
	await page.goto('/market');
	await page.context().setOffline(true);
	await page.goto('/v/shuwangzhuang');
	expect(await textOf(page, 'h1')).toBe('现在没有网络');
	expect(await textOf(page, 'main')).not.toContain('李秀英');
	await page.goto('/me');
	expect(await textOf(page, 'main')).not.toContain('李秀英');
	const cached = await savedPagesText(page);
	expect(cached).toContain('集市');
	expect(cached).not.toContain('李秀英');
	await page.context().close();
});

test('a new version waits until the villager chooses to reload', async () => {
	const page = await newPage(browser);
	await page.goto('/');
	await workerReady(page);
	expect(await page.locator('#update-banner').isVisible()).toBe(false);
	// Registering the worker under a new address makes the browser install it as an update.
	await page.evaluate(() => navigator.serviceWorker.register('/service-worker.js?next'));
	await page.locator('#update-banner').waitFor({ state: 'visible', timeout: 10_000 });
	expect(await textOf(page, '#update-banner')).toContain('新版本已经准备好');
	await Promise.all([page.waitForEvent('load'), page.locator('#update-banner button').click()]);
	const script = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
	expect(script).toMatch(/service-worker\.js\?next$/);
	await page.context().close();
});
