// Helpers for e2e tests: the shared Chromium from global-setup.ts, one fresh context per page.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { uniqueName } from './database';

/** Every demo account (admin, cadre, villager, expert, buyer) has this password. */
export const DEMO_PASSWORD = 'village-demo';

const screenshotDir = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

export function connectBrowser(): Promise<Browser> {
	return chromium.connect(inject('wsEndpoint'));
}

export interface NewPageOptions {
	javaScriptEnabled?: boolean;
	locale?: string;
	/** A cheap phone unless told otherwise. */
	viewport?: { width: number; height: number };
}

/** A page in a new context: no cookies, cache or service worker from other tests. Close it with `page.context().close()`. */
export async function newPage(browser: Browser, options: NewPageOptions = {}): Promise<Page> {
	const context = await browser.newContext({
		baseURL: inject('baseURL'),
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		locale: options.locale,
		viewport: options.viewport ?? { width: 360, height: 640 }
	});
	// Shorter than the test's own limit, so a stuck step fails naming the step.
	context.setDefaultTimeout(15_000);
	return context.newPage();
}

/** The password every account made by `register` gets. */
export const MEMBER_PASSWORD = 'cherry-orchard-2026';

/** Signs up a new member through the real form (a fresh account no other test touches); returns the username. */
export async function register(page: Page, displayName: string, prefix = 'member'): Promise<string> {
	const username = uniqueName(prefix);
	await page.goto('/register');
	await page.locator('#username').fill(username);
	await page.locator('#displayName').fill(displayName);
	await page.locator('#password').fill(MEMBER_PASSWORD);
	await submit(page);
	await page.waitForURL('**/me');
	return username;
}

/** Signs in through the real form and waits until the app has navigated away from /login. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.locator('input[name="username"]').fill(username);
	await page.locator('input[name="password"]').fill(password);
	try {
		await Promise.all([
			page.waitForURL((url) => url.pathname !== '/login', { timeout: 15_000 }),
			page.locator('form[method="post"] button[type="submit"]').click()
		]);
	} catch (error) {
		const shown = await page.locator('body').innerText({ timeout: 1_000 }).catch(() => '');
		const summary = shown.replace(/\s+/g, ' ').trim().slice(0, 300);
		throw new Error(`Login as "${username}" did not leave /login. Page says: ${summary}`, { cause: error });
	}
}

/** Saves a full-page PNG to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	await mkdir(screenshotDir, { recursive: true });
	const path = `${screenshotDir}${name.replace(/[^\w.-]+/g, '-')}.png`;
	await page.screenshot({ path, fullPage: true });
	return path;
}

/** The visible text of the first element matching `selector`, once it is there. */
export async function textOf(page: Page, selector: string): Promise<string> {
	const locator = page.locator(selector).first();
	await locator.waitFor({ timeout: 10_000 });
	return locator.innerText();
}

/** Clicks the submit button of the form matching `formSelector` (default: the page's post form). */
export async function submit(page: Page, formSelector = 'form[method="post"]'): Promise<void> {
	await page.locator(`${formSelector} button[type="submit"]`).first().click();
}

/**
 * Waits until the service worker controls the page, as it does after the first visit.
 * A document whose navigation left before the worker activated is never claimed
 * (clients.claim() ran before it existed): after a moment it is reloaded, as the
 * villager's next page would be, and that load is the worker's.
 */
export async function workerReady(page: Page): Promise<void> {
	const controlled = () =>
		page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (navigator.serviceWorker.controller) return true;
			return new Promise<boolean>((done) => {
				navigator.serviceWorker.addEventListener('controllerchange', () => done(true), { once: true });
				setTimeout(() => done(!!navigator.serviceWorker.controller), 3_000);
			});
		});
	if (await controlled()) return;
	await page.reload();
	if (!(await controlled())) throw new Error(`No service worker controls ${page.url()} even after a reload`);
}
