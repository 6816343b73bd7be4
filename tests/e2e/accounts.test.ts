// Register, log in and log out in a real browser, with JavaScript on and off.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectBrowser, login, newPage, submit, textOf } from './support/browser';
import { readDatabase, uniqueName } from './support/database';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const password = 'cherry-orchard-2026';

async function register(page: Page, username: string, displayName: string): Promise<void> {
	await page.goto('/register');
	await page.locator('#username').fill(username);
	await page.locator('#displayName').fill(displayName);
	await page.locator('#password').fill(password);
	await page.locator('#phone').fill('13912345678');
	await submit(page);
	await page.waitForURL('**/me');
}

async function sessionToken(page: Page): Promise<string> {
	const cookie = (await page.context().cookies()).find((c) => c.name === 'vs_session');
	expect(cookie?.httpOnly).toBe(true);
	expect(cookie?.sameSite).toBe('Lax');
	return cookie!.value;
}

for (const javaScriptEnabled of [true, false]) {
	describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test('register, log out, fail with a wrong password, log in', async () => {
			const page = await newPage(browser, { javaScriptEnabled });
			const username = uniqueName(javaScriptEnabled ? 'js' : 'nojs');
			await register(page, username, '新用户');
			expect(await textOf(page, 'main')).toContain('新用户');
			// The phone number is never shown whole.
			expect(await textOf(page, 'main')).toContain('139******78');
			expect(await textOf(page, 'main')).not.toContain('13912345678');

			await page.locator('form[action="/logout"] button').click();
			await page.waitForURL((url) => url.pathname === '/');
			await page.goto('/me');
			expect(await textOf(page, 'main')).not.toContain('新用户');

			await page.goto('/login');
			await page.locator('#username').fill(username);
			await page.locator('#password').fill('not-my-password');
			await submit(page);
			expect(await textOf(page, '[role="alert"]')).toBe('用户名或密码不对。');
			// The username stays filled in; the server never sends the password back.
			expect(await page.locator('#username').inputValue()).toBe(username);
			if (!javaScriptEnabled) expect(await page.locator('#password').inputValue()).toBe('');

			await login(page, username, password);
			expect(new URL(page.url()).pathname).toBe('/me');
			expect(await textOf(page, 'main')).toContain('新用户');
			await page.context().close();
		});
	});
}

test('bad sign-up input gets a clear message and creates nothing', async () => {
	const page = await newPage(browser, { javaScriptEnabled: false });
	const username = uniqueName('weak');
	await page.goto('/register');
	await page.locator('#username').fill(username);
	await page.locator('#displayName').fill('弱密码');
	await page.locator('#password').fill('password123');
	await submit(page);
	expect(await textOf(page, '[role="alert"]')).toContain('太常见');
	expect(await page.locator('#displayName').inputValue()).toBe('弱密码');
	const rows = readDatabase((db) => db.prepare('SELECT COUNT(*) AS n FROM users WHERE username = ?').get(username) as { n: number });
	expect(rows.n).toBe(0);
	await page.context().close();
});

test('the session table holds nothing equal to the cookie, and logout kills the old cookie on the server', async () => {
	const page = await newPage(browser);
	const username = uniqueName('sess');
	await register(page, username, '会话测试');
	const token = await sessionToken(page);
	const [, secret] = token.split('.');
	const rows = readDatabase((db) => db.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[]);
	expect(rows.length).toBeGreaterThan(0);
	for (const row of rows) {
		for (const value of Object.values(row)) {
			const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
			expect(text).not.toBe(token);
			expect(text).not.toContain(secret);
		}
	}

	const asOldCookie = () => fetch(new URL('/me', inject('baseURL')), { headers: { cookie: `vs_session=${token}` } }).then((r) => r.text());
	expect(await asOldCookie()).toContain('会话测试');
	await page.locator('form[action="/logout"] button').click();
	await page.waitForURL((url) => url.pathname === '/');
	expect(await asOldCookie()).not.toContain('会话测试');
	await page.context().close();
});

test('logout is POST only', async () => {
	const response = await fetch(new URL('/logout', inject('baseURL')), { redirect: 'manual' });
	expect(response.status).toBe(405);
});

test('the 101st failed login within an hour for one account is refused, but not in the owner\'s own browser', async () => {
	const owner = await newPage(browser);
	const username = uniqueName('locked');
	await register(owner, username, '被猜的人');
	await owner.locator('form[action="/logout"] button').click();
	await owner.waitForURL((url) => url.pathname === '/');

	const base = inject('baseURL');
	for (let i = 0; i < 100; i++) {
		const response = await fetch(new URL('/login', base), {
			method: 'POST',
			headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ username, password: `guess-${i}` })
		});
		expect(response.status).toBe(400);
	}
	// A browser that never logged in to this account is refused, right password or not.
	const stranger = await newPage(browser, { javaScriptEnabled: false });
	await stranger.goto('/login');
	await stranger.locator('#username').fill(username);
	await stranger.locator('#password').fill(password);
	await submit(stranger);
	expect(await textOf(stranger, '[role="alert"]')).toBe('登录失败次数太多，请一小时后再试。');
	expect(new URL(stranger.url()).pathname).toBe('/login');
	await stranger.context().close();

	// The owner's browser, known from the earlier login, is not locked out by the stranger.
	await login(owner, username, password);
	expect(await textOf(owner, 'main')).toContain('被猜的人');
	await owner.context().close();
});

test('changing the password signs out every other device and keeps this one signed in', async () => {
	const here = await newPage(browser, { javaScriptEnabled: false });
	const username = uniqueName('pw');
	await register(here, username, '改密码的人');
	const elsewhere = await newPage(browser);
	await login(elsewhere, username, password);

	await here.goto('/me');
	const form = 'form[action="?/password"]';
	await here.locator('#currentPassword').fill('wrong-current-password');
	await here.locator('#newPassword').fill('peach-blossom-2027');
	await submit(here, form);
	expect(await textOf(here, '[role="alert"]')).toBe('当前密码不对。');

	await here.locator('#currentPassword').fill(password);
	await here.locator('#newPassword').fill('peach-blossom-2027');
	await submit(here, form);
	expect(await textOf(here, '[role="status"]')).toContain('密码已修改');
	await here.goto('/me');
	expect(await textOf(here, 'main')).toContain('改密码的人');

	await elsewhere.goto('/me');
	expect(await textOf(elsewhere, 'main')).not.toContain('改密码的人');
	await login(elsewhere, username, 'peach-blossom-2027');
	expect(await textOf(elsewhere, 'main')).toContain('改密码的人');
	for (const page of [here, elsewhere]) await page.context().close();
});
