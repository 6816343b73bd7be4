// Visitors are sent kept copies of the public pages (web/visitor-pages.ts); through the real server
// they must never see a stale page after a write, nor another person's page. On PostgreSQL (this
// file also runs in e2e-postgres) the page is read at one app process and the write made outside
// it, as another machine would.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, MEMBER_PASSWORD, newPage } from './support/browser';
import { changeDatabase, uniqueName } from './support/database';
import { FormClient } from './support/http';
import { sellerWithProduct, type Listing } from './support/market';

const appURLs = inject('appURLs');
const reader = appURLs[appURLs.length - 1];

let browser: Browser;
let listing: Listing;
beforeAll(async () => {
	browser = await connectBrowser();
	const page = await newPage(browser);
	try {
		listing = await sellerWithProduct(page);
	} finally {
		await page.context().close();
	}
});
afterAll(async () => {
	await browser?.close();
});

async function read(path: string, headers: Record<string, string> = {}): Promise<string> {
	const response = await fetch(new URL(path, reader), { headers });
	expect(response.status).toBe(200);
	return response.text();
}

const formKeys = (html: string) => [...html.matchAll(/name="idempotency_key" value="([^"]+)"/g)].map((match) => match[1]);

test('a visitor sees a change the moment it is committed, wherever it was made', async () => {
	const path = `/market/${listing.id}`;
	for (let i = 0; i < 3; i++) expect(await read(path)).toContain(listing.title);
	const renamed = `${listing.title}新米`;
	await changeDatabase((run) => run('UPDATE products SET title = ? WHERE id = ?', renamed, listing.id));
	expect(await read(path)).toContain(renamed);
	// Sold out, then restocked: the visitor is offered the cart exactly when there is something to put in it.
	expect(await read(path)).toContain('action="/cart?/add"');
	await changeDatabase((run) => run('UPDATE products SET stock = 0 WHERE id = ?', listing.id));
	expect(await read(path)).not.toContain('action="/cart?/add"');
	await changeDatabase((run) => run('UPDATE products SET stock = 50 WHERE id = ?', listing.id));
	expect(await read(path)).toContain('action="/cart?/add"');
});

test('every visitor gets their own form keys, so two visitors’ carts are two writes', async () => {
	const path = `/market/${listing.id}`;
	const first = formKeys(await read(path));
	const second = formKeys(await read(path));
	expect(first.length).toBeGreaterThan(0);
	expect(second).toHaveLength(first.length);
	for (const key of second) expect(first).not.toContain(key);
});

test('visitors in English and in Chinese each get their own language, and a signed-in person their own page', async () => {
	const path = `/market/${listing.id}`;
	const chinese = await read(path);
	const english = await read(path, { cookie: 'PARAGLIDE_LOCALE=en' });
	expect(chinese).toContain('<html lang="zh-CN"');
	expect(english).toContain('<html lang="en"');
	expect(await read(path)).toContain('<html lang="zh-CN"');

	const member = new FormClient({ to: reader });
	const registered = await member.post('/register', { username: uniqueName('reader'), displayName: '读者甲', password: MEMBER_PASSWORD });
	expect(registered.status).toBe(303);
	// The top bar: "我的" (me) for someone signed in, "登录" (log in) for a visitor.
	const signedInBar = /<span>我的<\/span>/;
	expect((await member.get(path)).html).toMatch(signedInBar);
	const visitor = await read(path);
	expect(visitor).not.toMatch(signedInBar);
	expect(visitor).toContain('<span>登录</span>');
});
