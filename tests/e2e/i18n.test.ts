// zh-CN by default; English changes every visible string on the core pages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, login, newPage, register, submit } from './support/browser';
import { readDatabase } from './support/database';
import { noticeExcerpt } from '../../src/lib/notices/format';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const corePages = ['/', '/login', '/register', '/me', '/committee'];
const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** What people typed (names, stories, notices, comments, letters): it stays in their language whatever the interface language is. */
function userContent(): string[] {
	return readDatabase((db) =>
		[
			...db.prepare('SELECT name, county, story FROM villages').all(),
			...db.prepare('SELECT display_name FROM users').all(),
			...db.prepare('SELECT real_name FROM memberships').all(),
			...db.prepare('SELECT for_name FROM join_codes').all(),
			...db.prepare('SELECT title FROM notices').all(),
			...(db.prepare('SELECT body FROM notices').all() as { body: string }[]).map(({ body }) => ({ excerpt: noticeExcerpt(body) })),
			...db.prepare('SELECT body FROM notice_comments').all(),
			...db.prepare('SELECT subject FROM letters').all(),
			...db.prepare('SELECT title, pickup_place, pickup_time FROM products').all(),
			...db.prepare('SELECT title FROM order_lines').all(),
			...db.prepare('SELECT recipient_name, address, pickup_place, note, tracking_note, cancel_reason FROM orders').all(),
			...db.prepare('SELECT note FROM order_events').all(),
			...db.prepare('SELECT comment FROM reviews').all(),
			...db.prepare('SELECT title, description FROM live_sales').all(),
			...db.prepare('SELECT text FROM live_moments').all(),
			...db.prepare('SELECT text FROM live_comments').all(),
			...db.prepare('SELECT title, body FROM qa_questions').all(),
			...db.prepare('SELECT body FROM qa_answers').all(),
			...db.prepare('SELECT real_name, unit FROM experts').all(),
			...db.prepare('SELECT county FROM qa_alerts').all(),
			...db.prepare('SELECT title, description FROM charity_projects').all(),
			...db.prepare('SELECT goods, message FROM charity_gifts').all(),
			...db.prepare('SELECT payee, purpose FROM charity_disbursements').all(),
			// A gift as the ledger words it (水泥 10 袋, 12 小时（挖坑立杆）): in the village's language, as its ledger is; the committee's log quotes it.
			...(db.prepare('SELECT body FROM ledger_entries').all() as { body: string }[]).map(({ body }) => ({ label: (JSON.parse(body) as { label: string }).label })),
			// The product page shows a description a paragraph at a time, as /market/[product] splits it.
			...(db.prepare('SELECT description FROM products').all() as { description: string }[]).flatMap(({ description }) =>
				description.split(/\n\s*\n/).map((paragraph) => ({ paragraph: paragraph.trim() }))
			)
		].flatMap((row) => Object.values(row as Record<string, string>))
	)
		.filter(Boolean)
		// The language menu names each language in itself.
		.concat('简体中文')
		.sort((a, b) => b.length - a.length);
}

/** Visible text, placeholders, labels for assistive tech and the title. */
async function interfaceText(page: Page): Promise<string> {
	return page.evaluate(() => {
		const attributes = [...document.querySelectorAll('[aria-label], [placeholder], [title]')].map((el) =>
			['aria-label', 'placeholder', 'title'].map((name) => el.getAttribute(name) ?? '').join(' ')
		);
		return [document.title, document.body.innerText, ...attributes].join('\n');
	});
}

function untranslated(text: string, content: string[]): string[] {
	let rest = text;
	for (const piece of content) rest = rest.split(piece).join(' ');
	return rest.split('\n').filter((line) => cjk.test(line));
}

async function chooseLanguage(page: Page, locale: 'en' | 'zh-CN'): Promise<void> {
	await page.goto('/me');
	await page.locator('#locale').selectOption(locale);
	await submit(page, 'form[action="?/settings"]');
	await page.waitForURL('**/me?saved=settings');
}

test('zh-CN is the default language', async () => {
	const page = await newPage(browser, { locale: 'en-US' });
	for (const path of corePages.slice(0, 3)) {
		await page.goto(path);
		expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
		expect(await interfaceText(page)).toMatch(cjk);
	}
	await page.context().close();
});

test('switching to English changes every visible string on /, /login, /register, /me, /committee and the market', async () => {
	const content = userContent();
	const visitor = await newPage(browser, { javaScriptEnabled: false });
	await chooseLanguage(visitor, 'en');
	// The demo product with the most on its page: photos, a team offer, pickup and a ship window.
	const product = readDatabase((db) => db.prepare('SELECT id FROM products WHERE team_size IS NOT NULL AND pickup = 1 ORDER BY id LIMIT 1').get() as { id: number });
	for (const path of [...corePages.slice(0, 4), '/market', `/market/${product.id}`]) {
		await visitor.goto(path);
		expect(await visitor.locator('html').getAttribute('lang')).toBe('en');
		expect([path, untranslated(await interfaceText(visitor), content)]).toEqual([path, []]);
	}
	await visitor.context().close();

	// A cadre's choice is kept in the account, so it follows them to a new browser.
	const cadre = await newPage(browser);
	await login(cadre, 'cadre');
	await chooseLanguage(cadre, 'en');
	const elsewhere = await newPage(browser);
	await login(elsewhere, 'cadre');
	try {
		for (const path of corePages) {
			await elsewhere.goto(path);
			expect(await elsewhere.locator('html').getAttribute('lang')).toBe('en');
			expect([path, untranslated(await interfaceText(elsewhere), content)]).toEqual([path, []]);
		}
	} finally {
		// The demo cadre is everyone's: a failure here must not leave the later tests an English one.
		await chooseLanguage(elsewhere, 'zh-CN');
	}
	await elsewhere.goto('/committee');
	expect(await elsewhere.locator('h1').innerText()).toBe('村委会工作台');
	for (const page of [cadre, elsewhere]) await page.context().close();
});

test('what the service worker writes into pages (outbox, saved copy, /offline) follows the language too', async () => {
	const content = userContent();
	const page = await newPage(browser);
	// A new account of its own: a demo user's language choice would follow it into other tests.
	await register(page, 'Lin', 'english');
	await chooseLanguage(page, 'en');
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.goto('/me');
	await page.context().setOffline(true);
	await page.goto('/me');
	await page.locator('#code').fill('ABCD-EFGH');
	await submit(page, 'form[action="?/redeem"]');
	await page.waitForURL('**/me#outbox');
	for (const path of ['/me', '/offline-never-seen']) {
		await page.goto(path);
		const shown = await interfaceText(page);
		expect(shown).toMatch(/this is a saved copy from|You are offline/);
		expect(shown).toContain('Waiting to be sent (1)');
		expect([path, untranslated(shown, content)]).toEqual([path, []]);
	}
	await page.context().close();
});
