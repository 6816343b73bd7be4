// The county admin adds a village with a cover photo and appoints its first cadre.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, login, newPage, submit, textOf } from './support/browser';
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

test('an admin adds a village with a cover photo, then appoints its first cadre', async () => {
	const photo = join(dir, 'village.jpg');
	await writeFile(photo, await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#6b8f3a' } }).jpeg().toBuffer());
	const notAPhoto = join(dir, 'notes.jpg');
	await writeFile(notAPhoto, 'this is not a photo');
	const slug = uniqueName('new');

	const page = await newPage(browser, { javaScriptEnabled: false });
	await login(page, 'admin');
	await page.goto('/admin');
	const form = 'form[action="?/createVillage"]';
	await page.locator('#name').fill('新建村');
	await page.locator('#slug').fill(slug);
	await page.locator('#county').fill('巨野县');
	await page.locator('#cover').setInputFiles(notAPhoto);
	await submit(page, form);
	expect(await textOf(page, '[role="alert"]')).toContain('不是能识别的照片');
	// The rest of the form is kept so only the photo needs choosing again.
	expect(await page.locator('#slug').inputValue()).toBe(slug);

	await page.locator('#cover').setInputFiles(photo);
	await submit(page, form);
	expect(await textOf(page, '[role="status"]')).toContain('已添加 新建村');

	const village = await page.goto(`/v/${slug}`);
	expect(village?.status()).toBe(200);
	const src = await page.locator('img.cover').getAttribute('src');
	const image = await fetch(new URL(src!, inject('baseURL')));
	expect(image.status).toBe(200);
	expect(image.headers.get('content-type')).toBe('image/webp');
	expect(image.headers.get('cache-control')).toContain('immutable');
	expect(await page.locator('img.cover').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

	await page.goto('/admin');
	const appoint = `form[action="?/appointCadre"]:has(input[value="${slug}"])`;
	await page.locator(`section:has(${appoint}) summary`).click();
	await page.locator(`${appoint} input[name="username"]`).fill('no-such-person');
	await page.locator(`${appoint} input[name="realName"]`).fill('周村长');
	await submit(page, appoint);
	expect(await textOf(page, '[role="alert"]')).toContain('没有用户名为 no-such-person 的账号');
	await page.locator(`${appoint} input[name="username"]`).fill('buyer');
	await submit(page, appoint);
	expect(await textOf(page, '[role="status"]')).toContain('已任命为村干部');
	expect(await textOf(page, `section:has(${appoint})`)).toContain('村干部：周村长');
	await page.context().close();
});
