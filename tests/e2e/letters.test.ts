// 书记信箱: a villager writes to the committee, a cadre answers, the villager publishes the exchange.
import type { Browser, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectBrowser, login, newPage, register, screenshot, submit, textOf } from './support/browser';
import { readDatabase } from './support/database';
import { FormClient, issueJoinCode } from './support/http';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const cjk = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/** Lines of the page that still hold Chinese once what people typed (names, villages, letters) is taken out. */
async function untranslated(page: Page, selector = 'main'): Promise<string[]> {
	const typed = readDatabase((db) =>
		db
			.prepare('SELECT subject AS t FROM letters UNION SELECT body FROM letter_messages UNION SELECT name FROM villages UNION SELECT display_name FROM users UNION SELECT real_name FROM memberships')
			.all()
	) as { t: string }[];
	let text = await page.locator(selector).innerText();
	for (const { t } of typed.sort((a, b) => b.t.length - a.t.length)) text = text.split(t).join(' ');
	return text.split('\n').filter((line) => cjk.test(line));
}

/** Redeems a join code from the demo cadre on the page's /me. */
async function becomeVillager(page: Page, realName: string): Promise<void> {
	await page.goto(`/me?code=${await issueJoinCode(realName)}`);
	await submit(page, 'form[action="?/redeem"]');
	expect(await textOf(page, '#villages [role="status"]')).toContain('舒王庄村');
}

function letterId(page: Page): number {
	const id = Number(/\/letters\/(\d+)/.exec(page.url())?.[1]);
	expect(id).toBeGreaterThan(0);
	return id;
}

function countLetters(subject: string): number {
	return readDatabase((db) => (db.prepare('SELECT count(*) AS n FROM letters WHERE subject = ?').get(subject) as { n: number }).n);
}

/** Nothing wider than the phone. */
async function expectFits(page: Page): Promise<void> {
	expect([page.url(), await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)]).toEqual([page.url(), 0]);
}

async function writeLetter(page: Page, subject: string, body: string): Promise<number> {
	await page.goto('/me/letters/new');
	await page.locator('#subject').fill(subject);
	await page.locator('#body').fill(body);
	await submit(page);
	await page.waitForURL(/\/me\/letters\/\d+\?saved=sent$/);
	return letterId(page);
}

async function answer(page: Page, id: number, body: string): Promise<void> {
	await page.goto(`/committee/letters/${id}`);
	await page.locator('#body').fill(body);
	await submit(page, 'form[action="?/answer"]');
	await page.waitForURL(`**/committee/letters/${id}?saved=answer`);
}

async function setSettings(page: Page, locale: 'en' | 'zh-CN', easyMode: boolean): Promise<void> {
	await page.goto('/me');
	await page.locator('#locale').selectOption(locale);
	await page.locator('input[name="easyMode"]').setChecked(easyMode);
	await submit(page, 'form[action="?/settings"]');
	await page.waitForURL('**/me?saved=settings');
}

test('a villager writes with JavaScript off, the cadre answers, the villager publishes, a visitor reads it', async () => {
	const subject = `西头水渠堵了 ${Date.now() % 100000}`;
	const villager = await newPage(browser, { javaScriptEnabled: false });
	await login(villager, 'villager');
	const id = await writeLetter(villager, subject, '西头水渠被落叶堵了，一下雨就漫到路上。\n<b>请尽快</b>派人清一清。');
	expect(await textOf(villager, '[role="status"]')).toContain('信已寄出');
	// Plain text with its line break; the markup is shown as typed, never as markup.
	const body = villager.locator('.letter-thread .body').first();
	expect(await body.innerText()).toBe('西头水渠被落叶堵了，一下雨就漫到路上。\n<b>请尽快</b>派人清一清。');
	expect(await villager.locator('.letter-thread b').count()).toBe(0);
	expect(await textOf(villager, 'main')).toContain('等待回复');
	expect(countLetters(subject)).toBe(1);
	await villager.goto('/me');
	expect(await textOf(villager, '#letters')).toContain(subject);
	await screenshot(villager, 'letters-me-zh');

	const cadre = await newPage(browser);
	await login(cadre, 'cadre');
	await cadre.goto('/committee/letters');
	const inbox = await textOf(cadre, '#inbox');
	expect(inbox).toContain(subject);
	// Unanswered first: the new letter is above the demo's answered one.
	expect(inbox.indexOf(subject)).toBeLessThan(inbox.indexOf('村东头的路灯坏了半个多月'));
	await expectFits(cadre);
	await screenshot(cadre, 'letters-committee-inbox-zh');
	await answer(cadre, id, '收到。明天上午村里安排两个人去清理水渠。');
	expect(await textOf(cadre, '[role="status"]')).toBe('回复已发出。');
	expect(await textOf(cadre, '.letter-thread')).toContain('村委会（王书记）');
	await screenshot(cadre, 'letters-committee-thread-zh');
	await cadre.goto('/committee');
	expect(await textOf(cadre, '#audit')).toContain(`王书记 回复了 李秀英 的来信“${subject}”`);

	await villager.goto('/me');
	expect(await villager.locator('#letters li', { hasText: subject }).innerText()).toContain('已回复');
	await villager.goto(`/me/letters/${id}`);
	expect(await textOf(villager, '.letter-thread')).toContain('村委会（王书记）');
	expect(await textOf(villager, '.letter-thread')).toContain('明天上午村里安排两个人去清理水渠');
	await submit(villager, 'form[action="?/publish"]');
	await villager.waitForURL(`**/me/letters/${id}?saved=published`);
	expect(await textOf(villager, '#publish')).toContain('已公开');
	await expectFits(villager);
	await screenshot(villager, 'letters-thread-zh');

	const visitor = await newPage(browser, { javaScriptEnabled: false });
	const response = await visitor.goto('/v/shuwangzhuang/letters');
	expect(response?.status()).toBe(200);
	const shown = await textOf(visitor, `#letter-${id}`);
	expect(shown).toContain(subject);
	expect(shown).toContain('明天上午村里安排两个人去清理水渠');
	// The writer is not named in public; the committee's answer is.
	expect(shown).not.toContain('李秀英');
	expect(shown).toContain('村委会（王书记）');
	await expectFits(visitor);
	await screenshot(visitor, 'letters-village-zh');

	// Taken back: gone from the public page.
	await villager.goto(`/me/letters/${id}`);
	await submit(villager, 'form[action="?/unpublish"]');
	await villager.waitForURL(`**/me/letters/${id}?saved=unpublished`);
	await visitor.goto('/v/shuwangzhuang/letters');
	expect(await visitor.locator(`#letter-${id}`).count()).toBe(0);
	for (const page of [villager, cadre, visitor]) await page.context().close();
});

test('a private letter is 404 to everyone but its writer and the cadres, exactly like a letter that does not exist', async () => {
	const privateLetter = readDatabase(
		(db) => db.prepare("SELECT id, subject FROM letters WHERE subject = '请村里帮忙量一下宅基地边界'").get() as { id: number; subject: string }
	);
	const member = await newPage(browser, { javaScriptEnabled: false });
	await register(member, '路过的人');
	const neighbour = await newPage(browser, { javaScriptEnabled: false });
	await login(neighbour, 'villager');
	for (const page of [member, neighbour]) {
		for (const path of [`/me/letters/${privateLetter.id}`, `/committee/letters/${privateLetter.id}`, '/me/letters/999999', '/me/letters/abc']) {
			const response = await page.goto(path);
			expect([path, response?.status(), await textOf(page, '[role="alert"]')]).toEqual([path, 404, '找不到这封信。']);
		}
	}
	const publicPage = await neighbour.goto('/v/shuwangzhuang/letters');
	expect(publicPage?.status()).toBe(200);
	expect(await textOf(neighbour, 'main')).not.toContain(privateLetter.subject);

	const visitor = await newPage(browser);
	await visitor.goto(`/me/letters/${privateLetter.id}`);
	expect(new URL(visitor.url()).pathname).toBe('/login');

	const cadre = await newPage(browser);
	await login(cadre, 'cadre');
	expect((await cadre.goto(`/committee/letters/${privateLetter.id}`))?.status()).toBe(200);
	expect(await textOf(cadre, 'main')).toContain('张桂兰');
	for (const page of [member, neighbour, visitor, cadre]) await page.context().close();
});

test('a letter to another village’s committee is refused with the message and nothing is stored', async () => {
	const client = new FormClient();
	await client.login('villager');
	const subject = `越村来信 ${Date.now() % 100000}`;
	const refused = await client.post('/me/letters/new', {
		idempotency_key: randomUUID(),
		outbox_label: '给村委会的信',
		village: 'liuhe',
		subject,
		body: '想反映一下柳河村的事。'
	});
	expect(refused.status).toBe(403);
	expect(refused.html).toMatch(/class="message error\s*" role="alert"[^>]*>(?:<!---->)?你还不是柳河村的认证村民，只能给自己村的村委会写信。</);
	// The form comes back as it was typed.
	expect(refused.html).toContain(subject);
	expect(countLetters(subject)).toBe(0);

	const empty = await client.post('/me/letters/new', { idempotency_key: randomUUID(), village: 'shuwangzhuang', subject, body: '  ' });
	expect(empty.status).toBe(400);
	expect(empty.html).toContain('信的内容不能是空的。');
	expect(countLetters(subject)).toBe(0);

	// A member of no village is told how to become one.
	const member = await newPage(browser, { javaScriptEnabled: false });
	await register(member, '新来的');
	await member.goto('/me/letters/new');
	expect(await textOf(member, 'main')).toContain('只有认证村民才能给村委会写信');
	expect(await member.locator('form[method="post"]').count()).toBe(0);
	await member.context().close();
});

test('in English and in easy mode the letter pages are translated and fit the phone', async () => {
	// Accounts of their own: demo users' settings are shared by every test.
	const writer = await newPage(browser);
	await register(writer, 'Lin', 'letters-en');
	await becomeVillager(writer, '林小红');
	await setSettings(writer, 'en', false);
	const id = await writeLetter(writer, 'Broken street light by the bridge', 'The light by the west bridge has been out for a week.\nChildren walk home there in the dark.');

	const cadre = await newPage(browser);
	const cadreName = await register(cadre, 'Zhou', 'letters-cadre');
	await becomeVillager(cadre, '周文');
	const appointer = new FormClient();
	await appointer.login('cadre');
	expect((await appointer.post('/committee?/appointCadre', { village: 'shuwangzhuang', username: cadreName })).status).toBe(200);
	await setSettings(cadre, 'en', false);


	await cadre.goto('/committee/letters');
	expect(await textOf(cadre, 'h1')).toBe('Letters to the committee');
	expect(await untranslated(cadre)).toEqual([]);
	await expectFits(cadre);
	await screenshot(cadre, 'letters-committee-inbox-en');
	await answer(cadre, id, 'Thank you. The electrician comes on Thursday morning.');
	expect(await textOf(cadre, '.letter-thread')).toContain('The committee (Zhou)');
	expect(await untranslated(cadre)).toEqual([]);
	await screenshot(cadre, 'letters-committee-thread-en');

	await writer.goto('/me');
	expect(await textOf(writer, '#letters')).toContain('Answered');
	// The rest of /me is checked by the i18n tests (its language menu names 简体中文 in Chinese).
	expect(await untranslated(writer, '#letters')).toEqual([]);
	await screenshot(writer, 'letters-me-en');
	await writer.goto('/me/letters/new');
	expect(await untranslated(writer)).toEqual([]);
	await screenshot(writer, 'letters-new-en');
	await writer.goto(`/me/letters/${id}`);
	expect(await untranslated(writer)).toEqual([]);
	await expectFits(writer);
	await screenshot(writer, 'letters-thread-en');

	await setSettings(writer, 'en', true);
	await writer.goto(`/me/letters/${id}`);
	await expectFits(writer);
	await screenshot(writer, 'letters-thread-en-easy');
	await setSettings(cadre, 'zh-CN', true);
	await cadre.goto('/committee/letters');
	await expectFits(cadre);
	await screenshot(cadre, 'letters-committee-inbox-zh-easy');
	await writer.goto('/v/shuwangzhuang/letters');
	expect(await untranslated(writer)).toEqual([]);
	await expectFits(writer);
	await screenshot(writer, 'letters-village-en-easy');
	for (const page of [writer, cadre]) await page.context().close();
});
