// Proves the harness: the built server answers, and Chromium can open the home page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, newPage } from './support/browser';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

test('the health check answers {"ok":true}', async () => {
	const response = await fetch(new URL('/api/health', inject('baseURL')));
	expect(response.status).toBe(200);
	expect(await response.json()).toEqual({ ok: true });
});

test('the home page opens in Chromium, in Chinese by default', async () => {
	const page = await newPage(browser);
	const response = await page.goto('/');
	expect(response?.status()).toBe(200);
	expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
	await page.context().close();
});
