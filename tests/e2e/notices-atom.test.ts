// The Atom feed parses as Atom in a real browser and holds only public notices;
// the printable poster carries the notice's QR code and prints without the app around it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, login, newPage, screenshot, textOf } from './support/browser';
import { uniqueName, writeDatabase } from './support/database';
import { qrSvg } from '../../src/lib/server/platform/qr';
import { fitsOnePage } from './support/poster';

const ATOM = 'http://www.w3.org/2005/Atom';
const slug = 'shuwangzhuang';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

type NoticeRow = { title: string; body?: string; category?: string; audience?: 'public' | 'members'; status?: 'published' | 'draft' | 'deleted' };

/** Writes a notice of Shuwangzhuang by its cadre straight into the server's database, as the notice form would store it. */
function insertNotice(row: NoticeRow): number {
	return writeDatabase((db) => {
		const village = db.prepare('SELECT id FROM villages WHERE slug = ?').get(slug) as { id: number };
		const cadre = db.prepare("SELECT id FROM users WHERE username = 'cadre'").get() as { id: number };
		const now = Date.now();
		const status = row.status ?? 'published';
		const result = db
			.prepare(
				`INSERT INTO notices (village_id, author_id, title, body, category, audience, status, created_at, published_at, deleted_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
			)
			.run(village.id, cadre.id, row.title, row.body ?? '正文', row.category ?? 'notice', row.audience ?? 'public', status, now, status === 'draft' ? null : now, status === 'deleted' ? now : null);
		return Number(result.lastInsertRowid);
	});
}

type ParsedFeed = {
	parserError: string | null;
	namespace: string | null;
	rootName: string;
	title: string | undefined;
	selfLink: string | null | undefined;
	entries: { id?: string; title?: string; updated?: string; link?: string | null; category?: string | null; label?: string | null; content?: string; tagsInContent: number }[];
};

/** Parses the feed with the browser's own XML parser, as a feed reader would. */
function parseInBrowser(page: Page, xml: string): Promise<ParsedFeed> {
	return page.evaluate(
		({ xml, ATOM }) => {
			const doc = new DOMParser().parseFromString(xml, 'application/xml');
			const error = doc.getElementsByTagName('parsererror')[0];
			const child = (parent: Element, name: string) => parent.getElementsByTagNameNS(ATOM, name)[0];
			const root = doc.documentElement;
			const alternate = (entry: Element) =>
				[...entry.getElementsByTagNameNS(ATOM, 'link')].find((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate');
			return {
				parserError: error ? error.textContent : null,
				namespace: root.namespaceURI,
				rootName: root.localName,
				title: child(root, 'title')?.textContent ?? undefined,
				selfLink: [...root.children].find((el) => el.localName === 'link' && el.getAttribute('rel') === 'self')?.getAttribute('href'),
				entries: [...doc.getElementsByTagNameNS(ATOM, 'entry')].map((entry) => {
					const content = child(entry, 'content')?.textContent ?? '';
					// The content is HTML for the reader to show: what elements would it make?
					const html = new DOMParser().parseFromString(content, 'text/html');
					return {
						id: child(entry, 'id')?.textContent ?? undefined,
						title: child(entry, 'title')?.textContent ?? undefined,
						updated: child(entry, 'updated')?.textContent ?? undefined,
						link: alternate(entry)?.getAttribute('href'),
						category: child(entry, 'category')?.getAttribute('term'),
						label: child(entry, 'category')?.getAttribute('label'),
						content,
						tagsInContent: html.body.querySelectorAll('script, img, svg, iframe, [onerror], [onload]').length
					};
				})
			};
		},
		{ xml, ATOM }
	);
}

test('the Atom feed is well-formed Atom in Chromium and holds only public published notices', async () => {
	const marker = uniqueName('atom');
	// Every C0 control but the line breaks (which only start new lines): XML 1.0 allows none of them but tab.
	const controls = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('').replace(/[\n\r]/g, '');
	const publicId = insertNotice({
		title: `公开 <b>&amp; ]]> 🍒 ${marker}`,
		body: `<script>alert(1)</script> <img src=x onerror=alert(1)> ]]> & 🐔\n\n控制${controls}字符\n\n[点我](javascript:alert(1))`,
		category: 'event'
	});
	const membersTitle = `仅村民 ${marker}`;
	insertNotice({ title: membersTitle, audience: 'members' });
	insertNotice({ title: `草稿 ${marker}`, status: 'draft' });
	insertNotice({ title: `已删除 ${marker}`, status: 'deleted' });

	const page = await newPage(browser);
	const response = await page.request.get(`/v/${slug}/feed.xml`);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
	expect(response.headers()['cache-control']).toBe('public, max-age=300');
	const xml = await response.text();

	const feed = await parseInBrowser(page, xml);
	expect(feed.parserError).toBeNull();
	expect(feed.namespace).toBe(ATOM);
	expect(feed.rootName).toBe('feed');
	expect(feed.title).toBe('舒王庄村 · 村务通知');
	expect(feed.selfLink).toBe(`${inject('baseURL')}/v/${slug}/feed.xml`);
	expect(feed.entries.length).toBeGreaterThan(0);
	expect(feed.entries.length).toBeLessThanOrEqual(50);
	for (const entry of feed.entries) {
		expect(entry.id).toBeTruthy();
		expect(entry.title).toBeTruthy();
		expect(Number.isNaN(Date.parse(entry.updated ?? ''))).toBe(false);
		// A notice, or one of the village's ledger checkpoints (its poster).
		expect(entry.link).toMatch(new RegExp(`^${inject('baseURL')}/v/${slug}/(notices/\\d+|ledger/poster\\?seq=\\d+)$`));
		expect(entry.tagsInContent).toBe(0);
	}
	// The demo's street lights have been sealed: the feed carries the checkpoint.
	expect(feed.entries.some((entry) => entry.link?.includes('/ledger/poster?seq='))).toBe(true);

	// The newest entry is ours: the title exactly as typed, the markup in the body only text.
	const ours = feed.entries.find((entry) => entry.title?.includes(marker));
	expect(ours).toMatchObject({
		title: `公开 <b>&amp; ]]> 🍒 ${marker}`,
		link: `${inject('baseURL')}/v/${slug}/notices/${publicId}`,
		category: 'event',
		label: '活动'
	});
	expect(ours?.content).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
	expect(ours?.content).toContain('控制\t字符');
	expect(ours?.content).toContain('🐔');
	expect(ours?.content).not.toContain('href="javascript');
	for (const hidden of [membersTitle, `草稿 ${marker}`, `已删除 ${marker}`]) {
		expect(feed.entries.some((entry) => entry.title === hidden)).toBe(false);
	}
	expect(xml).not.toContain('仅村民 ');

	// A reader that has this version is told so without the body.
	const again = await page.request.get(`/v/${slug}/feed.xml`, { headers: { 'if-none-match': response.headers()['etag'] } });
	expect(again.status()).toBe(304);

	const missing = await page.request.get('/v/no-such-village/feed.xml');
	expect(missing.status()).toBe(404);
	await page.context().close();
});

test('the poster: big title, first lines, the QR code and the link written out; only the sheet prints', async () => {
	const title = `周六上午九点在村委会大院开村民大会 ${uniqueName('poster').slice(-4)}`;
	const body = '本周六（3月15日）上午9点，在村委会大院召开全体村民大会。\n\n议题：\n1. 樱桃采摘节的安排\n2. 村道硬化工程的进度和收支\n3. 鸟笼合作社的新订单\n\n每户至少来一人，带上小板凳。不能来的请提前告诉村委会。';
	const id = insertNotice({ title, body, category: 'notice' });
	const path = `/v/${slug}/notices/${id}/poster`;
	const host = new URL(inject('baseURL')).host;

	const page = await newPage(browser, { javaScriptEnabled: false });
	const response = await page.goto(path);
	expect(response?.status()).toBe(200);
	expect(await textOf(page, '.sheet h1')).toBe(title);
	expect(await textOf(page, '.sheet-head')).toContain('舒王庄村');
	expect(await textOf(page, '.sheet-head')).toContain('通知');
	expect(await textOf(page, '.excerpt')).toContain('本周六（3月15日）上午9点');
	expect(await textOf(page, '.excerpt')).toContain('1. 樱桃采摘节的安排\n2. 村道硬化工程的进度和收支');
	expect(await textOf(page, '.scan')).toContain('用手机扫码看全文');
	// The QR code is drawn inline, module for module the code of the notice's address, which is written beside it.
	expect(await page.locator('.sheet .code svg').count()).toBe(1);
	const drawn = await page.locator('.sheet .code svg path').evaluateAll((paths) => paths.map((path) => path.getAttribute('d')));
	const expected = await qrSvg(`${inject('baseURL')}/v/${slug}/notices/${id}`);
	expect(drawn).toHaveLength(2);
	expect(drawn).toEqual([...expected.matchAll(/ d="([^"]*)"/g)].map((match) => match[1]));
	expect((await textOf(page, '.url')).trim()).toBe(`${host}/v/${slug}/notices/${id}`);
	expect(await textOf(page, '.poster-tools')).toContain('用浏览器的“打印”功能打印这一页（A4）。');
	expect(await page.locator('.top-bar').isVisible()).toBe(true);
	await screenshot(page, 'poster-zh-CN-360');

	// On paper: the app's bars, the update banner and the hint are gone; the sheet and its code stay.
	await page.emulateMedia({ media: 'print' });
	for (const chrome of ['.top-bar', '.bottom-nav', '.poster-tools']) expect(await page.locator(chrome).isVisible(), chrome).toBe(false);
	expect(await page.locator('.sheet .code svg').isVisible()).toBe(true);
	const colours = await page.locator('.sheet h1').evaluate((el) => [getComputedStyle(el).color, getComputedStyle(document.body).backgroundColor]);
	expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
	await fitsOnePage(page);
	await screenshot(page, 'poster-zh-CN-print');

	// In English the interface around the notice changes; the notice stays as written.
	await page.emulateMedia({ media: 'screen' });
	await page.setViewportSize({ width: 360, height: 640 });
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: inject('baseURL') }]);
	await page.goto(path);
	expect(await textOf(page, '.scan')).toContain('Scan with your phone to read it all');
	expect(await textOf(page, '.sheet-head')).toContain('Notice');
	expect(await textOf(page, '.sheet h1')).toBe(title);
	await screenshot(page, 'poster-en-360');

	// The most a poster has to hold: a 60-character title and a long body still leave the code on the one page.
	const longest = insertNotice({
		title: `关于${'二〇二六年度村集体经济收益分配和'.repeat(3)}`.slice(0, 60),
		body: Array.from({ length: 12 }, (_, n) => `${n + 1}. ${'第一生产队樱桃园的承包费按亩分配到户，'.repeat(2)}`).join('\n')
	});
	await page.goto(`/v/${slug}/notices/${longest}/poster`);
	await page.emulateMedia({ media: 'print' });
	await fitsOnePage(page);
	await screenshot(page, 'poster-longest-print');
	await page.context().close();
});

test('a members-only notice has no poster for a visitor, but has one for a villager; a deleted one is gone', async () => {
	const membersId = insertNotice({ title: `仅村民的海报 ${uniqueName('m')}`, audience: 'members' });
	const deletedId = insertNotice({ title: `删掉的海报 ${uniqueName('d')}`, status: 'deleted' });

	const visitor = await newPage(browser, { javaScriptEnabled: false });
	expect((await visitor.goto(`/v/${slug}/notices/${membersId}/poster`))?.status()).toBe(404);
	expect(await visitor.locator('.sheet').count()).toBe(0);
	expect((await visitor.goto(`/v/${slug}/notices/${deletedId}/poster`))?.status()).toBe(410);
	expect((await visitor.goto(`/v/${slug}/notices/999999999/poster`))?.status()).toBe(404);

	const villager = await newPage(browser, { javaScriptEnabled: false });
	await login(villager, 'villager');
	expect((await villager.goto(`/v/${slug}/notices/${membersId}/poster`))?.status()).toBe(200);
	expect(await textOf(villager, '.sheet-head')).toContain('仅村民');
	expect(await villager.locator('.sheet .code svg').count()).toBe(1);
	for (const page of [visitor, villager]) await page.context().close();
});
