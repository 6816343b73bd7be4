// Offline first, in real Chromium: installable, saved pages when the network is gone, the
// outbox (its core journey is offline-outbox.test.ts), and nothing of one account left for the next.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { chromiumLaunchOptions } from '../../scripts/start-test-server.js';
import { MEMBER_PASSWORD, connectBrowser, login, newPage, register, screenshot, textOf, workerReady } from './support/browser';
import { changeDatabase, countRows, queryRow, uniqueName } from './support/database';
import { memberships, redeemOffline } from './support/outbox';
import { issueJoinCode } from './support/villagers';
import { FormClient, hiddenField } from './support/http';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

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

test('a replay whose session has expired stays in the outbox with the reason, and can be retried', async () => {
	const page = await newPage(browser);
	const { username } = await redeemOffline(page);
	await changeDatabase((run) => run('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)', username));

	await page.context().setOffline(false);
	await page.goto('/me');
	await expect.poll(async () => (await page.reload(), page.locator('#outbox .refused').count()), { timeout: 10_000 }).toBe(1);
	expect(await textOf(page, '#outbox .refused')).toContain('登录已过期，所以没有送出');
	expect(await textOf(page, '.outbox-badge')).toBe('1');
	expect(await memberships(username)).toBe(0);
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

type Locale = 'zh-CN' | 'en';

/** What the worker and /offline say, per language. */
const says = {
	'zh-CN': {
		offline: '现在没有网络',
		neverSaved: '这个页面还没有在这部手机上保存过',
		savedCopy: /^没有网络：这是 .+ 保存的副本。$/,
		backOnline: /^网络已恢复：这是 .+ 保存的副本。 看最新内容$/,
		waiting: '等待发送（1 条）',
		sent: '最近送出',
		nothingWaits: '没有等待发送的内容',
		me: '我的'
	},
	en: {
		offline: 'You are offline',
		neverSaved: 'This page has not been saved on this phone yet',
		savedCopy: /^Offline: this is a saved copy from .+\.$/,
		backOnline: /^Back online: this is a saved copy from .+\. Load the latest$/,
		waiting: 'Waiting to be sent (1)',
		sent: 'Sent recently',
		nothingWaits: 'Nothing is waiting to be sent',
		me: 'Me'
	}
} as const;

/** A published notice of 舒王庄村 that its villagers may comment on. */
async function noticeToComment(): Promise<number> {
	const notice = await queryRow<{ id: number }>(
		"SELECT n.id FROM notices n JOIN villages v ON v.id = n.village_id WHERE v.slug = 'shuwangzhuang' AND n.status = 'published' ORDER BY n.id LIMIT 1"
	);
	return notice.id;
}

function commentsBy(username: string): Promise<number> {
	return countRows('SELECT count(*) AS n FROM notice_comments c JOIN users u ON u.id = c.author_id WHERE u.username = ?', username);
}

/**
 * A new villager of 舒王庄村, made over HTTP so that this browser has opened
 * none of their pages (not /me), then signed in in a fresh page the worker controls.
 */
async function freshVillager(locale: Locale): Promise<{ page: Page; username: string }> {
	const client = new FormClient();
	const username = uniqueName('back-online');
	expect((await client.post('/register', { username, displayName: '周小满', password: MEMBER_PASSWORD })).status).toBe(303);
	const me = (await client.get('/me')).html;
	await client.post('/me?/redeem', { idempotency_key: hiddenField(me, '?/redeem', 'idempotency_key'), code: await issueJoinCode() });
	await client.post('/me?/settings', { idempotency_key: hiddenField(me, '?/settings', 'idempotency_key'), locale, dataSaver: 'auto' });
	expect(await memberships(username)).toBe(1);
	const page = await newPage(browser);
	await page.goto('/login?next=%2Fmarket');
	await page.locator('input[name="username"]').fill(username);
	await page.locator('input[name="password"]').fill(MEMBER_PASSWORD);
	await Promise.all([page.waitForURL('**/market'), page.locator('form[method="post"] button[type="submit"]').click()]);
	await workerReady(page);
	return { page, username };
}

/** Opens a notice online, loses the network, and comments: the post waits in the outbox. */
async function commentOffline(page: Page, body: string): Promise<void> {
	await page.goto(`/v/shuwangzhuang/notices/${await noticeToComment()}`);
	await page.context().setOffline(true);
	await page.locator('#comment-body').fill(body);
	await page.locator('form[action="?/comment#comments"] button[type="submit"]').click();
	await page.waitForURL('**/me#outbox');
}

/** The element is on screen and nothing (the sticky top bar, a saved copy's mark) covers it. */
function inView(page: Page, selector: string): Promise<boolean> {
	return page.locator(selector).first().evaluate((element) => {
		const box = element.getBoundingClientRect();
		const hit = document.elementFromPoint(box.left + 4, box.top + 4);
		return box.top >= 0 && box.bottom <= innerHeight && !!hit && element.contains(hit);
	});
}

for (const locale of ['zh-CN', 'en'] as const) {
	const say = says[locale];

	test(`${locale}: an offline submit lands on the outbox though /me was never opened; back online the real page loads by itself`, async () => {
		const { page, username } = await freshVillager(locale);
		await commentOffline(page, '离线时写的留言');
		expect(await textOf(page, 'h1')).toBe(say.offline);
		// The outbox, not "this page was never saved", is what the villager sees first.
		expect(await textOf(page, 'main')).not.toContain(say.neverSaved);
		expect(await textOf(page, '#outbox')).toContain(say.waiting);
		expect(await inView(page, '#outbox h2')).toBe(true);
		expect(await inView(page, '#outbox h3')).toBe(true);
		expect(await textOf(page, '.outbox-badge')).toBe('1');
		expect(await commentsBy(username)).toBe(0);
		await screenshot(page, `outbox-never-opened-me-${locale}`);

		await page.context().setOffline(false);
		await expect.poll(() => page.locator('h1').first().innerText(), { timeout: 15_000 }).toBe(say.me);
		await expect.poll(() => commentsBy(username), { timeout: 10_000 }).toBe(1);
		expect(await textOf(page, '#outbox')).toContain(say.sent);
		expect(await page.locator('.outbox-badge').count()).toBe(0);
		await screenshot(page, `outbox-never-opened-me-back-online-${locale}`);
		await page.context().close();
	});

	test(`${locale}: back online, an open saved copy stops saying offline and its outbox and badge empty, without a reload`, async () => {
		const { page, username } = await freshVillager(locale);
		await page.goto('/me');
		await commentOffline(page, '网络回来以后自己送出');
		expect(await textOf(page, '.saved-copy')).toMatch(say.savedCopy);
		expect(await textOf(page, '#outbox')).toContain(say.waiting);
		expect(await textOf(page, '.outbox-badge')).toBe('1');
		expect(await inView(page, '#outbox h2')).toBe(true);
		await screenshot(page, `saved-copy-offline-${locale}`);
		// Anything on the window is gone after a reload or a navigation.
		await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

		await page.context().setOffline(false);
		await expect.poll(() => page.locator('.saved-copy').innerText(), { timeout: 15_000 }).toMatch(say.backOnline);
		await expect.poll(() => page.locator('.outbox-badge').count(), { timeout: 15_000 }).toBe(0);
		expect(await commentsBy(username)).toBe(1);
		const outbox = await textOf(page, '#outbox');
		expect(outbox).toContain(say.sent);
		expect(outbox).toContain(say.nothingWaits);
		expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
		await screenshot(page, `saved-copy-back-online-${locale}`);

		// The mark's link loads the fresh page.
		await page.locator('.saved-copy a').click();
		await page.waitForLoadState();
		await expect.poll(() => page.locator('.saved-copy').count()).toBe(0);
		expect(await textOf(page, 'h1')).toBe(say.me);
		await page.context().close();
	});

	test(`${locale}: a page never visited opens offline styled like the rest, and loads by itself when the network is back`, async () => {
		const page = await newPage(browser);
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: locale, url: inject('baseURL') }]);
		await page.goto('/');
		await workerReady(page);
		const looks = () =>
			page.evaluate(() =>
				['body', '.top-bar', '.bottom-nav', 'main'].map((selector) => {
					const style = getComputedStyle(document.querySelector(selector)!);
					return [selector, style.backgroundColor, style.color, style.fontSize, style.position, style.display].join(' ');
				})
			);
		const online = await looks();
		const product = await queryRow<{ id: number; title: string }>('SELECT id, title FROM products ORDER BY id LIMIT 1');

		await page.context().setOffline(true);
		await page.goto(`/market/${product.id}`);
		expect(await textOf(page, 'h1')).toBe(say.offline);
		expect(await textOf(page, 'main')).toContain(say.neverSaved);
		expect(await looks()).toEqual(online);
		const icon = await page.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href)).status);
		expect(icon).toBe(200);
		await screenshot(page, `offline-never-visited-${locale}`);

		await page.context().setOffline(false);
		await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain(product.title);
		expect(page.url()).toMatch(new RegExp(`/market/${product.id}$`));

		// /offline opened online, at its own address, stands in for nothing: it stays put (no reload loop).
		await page.goto('/offline');
		await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
		await page.waitForTimeout(6_000);
		expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
		await page.context().close();
	});
}
