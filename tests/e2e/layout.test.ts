// The shell at 360x640: no sideways scrolling, tap targets of at least 44 px, screenshots to look at.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, login, newPage, screenshot } from './support/browser';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** Controls smaller than 44x44 CSS px; links inside running text are exempt, as in WCAG 2.5.8. */
async function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const controls = document.querySelectorAll('a, button, input:not([type="hidden"]), select, textarea, summary');
		const small: string[] = [];
		for (const el of controls) {
			const box = el.getBoundingClientRect();
			if (box.width === 0 && box.height === 0) continue; // not rendered (closed <details>)
			const inText = el.tagName === 'A' && el.parentElement?.tagName === 'P';
			const checkbox = el instanceof HTMLInputElement && el.type === 'checkbox';
			// A checkbox sits inside a label whose whole row is the target.
			const target = checkbox ? el.closest('label')!.getBoundingClientRect() : box;
			if (!inText && (target.height < 44 || target.width < 44)) small.push(`${el.outerHTML.slice(0, 80)} ${Math.round(target.width)}x${Math.round(target.height)}`);
		}
		return small;
	});
}

async function setEasyMode(page: Page, on: boolean): Promise<void> {
	await page.goto('/me');
	await page.locator('input[name="easyMode"]').setChecked(on);
	await page.locator('form[action="?/settings"] button[type="submit"]').click();
	await page.waitForURL('**/me?saved=settings');
}

async function check(page: Page, path: string, name: string): Promise<void> {
	const response = await page.goto(path);
	expect([path, response?.status()]).toEqual([path, 200]);
	await screenshot(page, name);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect([path, overflow]).toEqual([path, 0]);
	expect([path, await smallTargets(page)]).toEqual([path, []]);
}

test('/, /login and the village page fit a 360 px phone', async () => {
	const page = await newPage(browser);
	await check(page, '/', 'home-360');
	await check(page, '/login', 'login-360');
	await check(page, '/register', 'register-360');
	await check(page, '/v/shuwangzhuang', 'village-360');
	await check(page, '/offline', 'offline-360');
	await page.context().close();
});

test('/committee and /me fit a 360 px phone, in easy mode too', async () => {
	const page = await newPage(browser);
	await login(page, 'cadre');
	await check(page, '/committee', 'committee-360');
	await check(page, '/me', 'me-360');
	await setEasyMode(page, true);
	expect(await page.locator('html').getAttribute('class')).toContain('easy');
	const size = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
	expect(size).toBe('20px');
	await check(page, '/committee', 'committee-360-easy');
	await check(page, '/', 'home-360-easy');
	// Back to normal so other tests see the default look.
	await setEasyMode(page, false);
	await page.context().close();
});
