// Photos from upload to screen, with JavaScript off: refusals explained, the stored photo
// served as <picture>, and in data-saver mode nothing loaded until the photo is tapped.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { samplePhoto } from '../../scripts/demo/sample-photo.js';
import { hevcHeic, hugePng } from '../integration/image-files';
import { connectBrowser, login, newPage, screenshot, submit, textOf } from './support/browser';
import { uniqueName } from './support/database';

let browser: Browser;
let dir: string;
beforeAll(async () => {
	browser = await connectBrowser();
	dir = await mkdtemp(join(tmpdir(), 'village-square-upload-'));
});
afterAll(async () => {
	await browser?.close();
	await rm(dir, { recursive: true, force: true });
});

async function saved(name: string, bytes: Buffer | string): Promise<string> {
	const path = join(dir, name);
	await writeFile(path, bytes);
	return path;
}

/** Every /media/ request the page makes, as paths. */
function mediaRequests(page: Page): string[] {
	const seen: string[] = [];
	page.on('request', (request) => {
		const path = new URL(request.url()).pathname;
		if (path.startsWith('/media/')) seen.push(path);
	});
	return seen;
}

test('an admin adds a village with a cover photo without JavaScript; the village page shows it as <picture>', async () => {
	const slug = uniqueName('photo');
	const page = await newPage(browser, { javaScriptEnabled: false });
	await login(page, 'admin');
	await page.goto('/admin');
	const form = 'form[data-upload]';
	await page.locator('#name').fill('照片村');
	await page.locator('#slug').fill(slug);
	await page.locator('#county').fill('巨野县');

	// Each refusal says why, keeps the rest of the form, and the server carries on.
	const refusals: [string, Buffer | string, string][] = [
		['notes.jpg', 'this is not a photo', '不是能识别的照片'],
		['IMG_0001.HEIC', hevcHeic(), '兼容性最佳'],
		['huge.png', hugePng(), '像素太多']
	];
	for (const [name, bytes, message] of refusals) {
		await page.locator('#cover').setInputFiles(await saved(name, bytes));
		await submit(page, form);
		expect(await textOf(page, '[role="alert"]')).toContain(message);
		expect(await page.locator('#slug').inputValue()).toBe(slug);
	}

	await page.locator('#cover').setInputFiles(await saved('cherries.jpg', await samplePhoto(1600, 1200)));
	await submit(page, form);
	expect(await textOf(page, '[role="status"]')).toContain('已添加 照片村');

	await page.goto(`/v/${slug}`);
	const sources = await page.locator('picture.cover source').evaluateAll((elements) =>
		elements.map((source) => ({ type: source.getAttribute('type'), srcset: source.getAttribute('srcset') ?? '' }))
	);
	expect(sources.map((s) => s.type)).toEqual(['image/avif', 'image/webp']);
	const img = page.locator('picture.cover img');
	expect(await img.evaluate((el) => [el.getAttribute('width'), el.getAttribute('height'), el.getAttribute('loading'), el.getAttribute('alt')])).toEqual([
		'1024',
		'768',
		'lazy',
		'照片村的照片'
	]);
	expect(await img.getAttribute('style')).toContain('data:image/webp;base64,');
	await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
	await screenshot(page, 'village-cover');

	const types = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg' } as Record<string, string>;
	const urls = [...sources.map((s) => s.srcset), (await img.getAttribute('srcset')) ?? ''].flatMap((srcset) => srcset.split(', ').map((c) => c.split(' ')[0]));
	expect(urls).toHaveLength(9);
	for (const url of urls) {
		const response = await fetch(new URL(url, inject('baseURL')));
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe(types[url.split('.').pop()!]);
		expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
	}
	expect((await fetch(new URL('/media/..%2Ftest.db', inject('baseURL')))).status).toBe(404);
	await page.context().close();
});

for (const javaScriptEnabled of [false, true]) {
	test(`with data saver, no photo bytes are loaded until the photo is tapped (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
		const context = await browser.newContext({
			baseURL: inject('baseURL'),
			javaScriptEnabled,
			viewport: { width: 360, height: 640 },
			extraHTTPHeaders: { 'save-data': 'on' }
		});
		const page = await context.newPage();
		const requested = mediaRequests(page);
		await page.goto('/v/shuwangzhuang', { waitUntil: 'load' });
		const label = await textOf(page, 'details.cover summary');
		expect(label).toMatch(/^照片，\d+ KB — 点按加载$/);
		await page.waitForTimeout(500);
		expect(requested).toEqual([]);
		if (!javaScriptEnabled) await screenshot(page, 'village-cover-data-saver');

		const loaded = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith('/media/'));
		await page.locator('details.cover summary').click();
		const response = await loaded;
		expect(response.status()).toBe(200);
		await page.waitForTimeout(500);
		expect(requested).toHaveLength(1);
		// The narrowest width in the best format: the size the label promised.
		expect(requested[0]).toMatch(/-320\.avif$/);
		expect(Number(response.headers()['content-length'])).toBeLessThanOrEqual(Number(label.match(/(\d+) KB/)![1]) * 1024 + 512);
		expect(await page.locator('details.cover [role="img"]').getAttribute('aria-label')).toBe('舒王庄村的照片');
		if (!javaScriptEnabled) await screenshot(page, 'village-cover-data-saver-tapped');
		await context.close();
	});
}

test('with JavaScript, an upload shows its progress and lands on the same result page', async () => {
	const slug = uniqueName('progress');
	const page = await newPage(browser);
	await login(page, 'admin');
	await page.goto('/admin');
	await page.locator('#name').fill('进度村');
	await page.locator('#slug').fill(slug);
	await page.locator('#county').fill('巨野县');
	await page.locator('#cover').setInputFiles(await saved('big.jpg', await samplePhoto(3000, 2000)));
	// The page script posts the form itself and draws a progress bar while the bytes go up.
	await page.evaluate(() => {
		new MutationObserver(() => {
			if (document.querySelector('progress.upload-progress')) (window as { sawProgress?: boolean }).sawProgress = true;
		}).observe(document.body, { childList: true, subtree: true });
	});
	const posted = page.waitForRequest((request) => request.method() === 'POST' && request.resourceType() === 'xhr');
	await submit(page, 'form[data-upload]');
	await posted;
	expect(await textOf(page, '[role="status"]')).toContain('已添加 进度村');
	expect(await page.evaluate(() => (window as { sawProgress?: boolean }).sawProgress)).toBe(true);
	expect(new URL(page.url()).pathname).toBe('/admin');
	await page.goto(`/v/${slug}`);
	expect(await page.locator('picture.cover').count()).toBe(1);
	await page.context().close();
});
