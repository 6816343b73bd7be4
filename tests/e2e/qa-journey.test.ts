// Expert Q&A from end to end at 360x640 (issue 14): a villager asks with a photo and sees a
// similar question while typing; a member without JavaScript gets the "看看有没有人问过" step and
// asks anyway with the photo kept; the expert finds the question first in their queue and
// answers with the badge; another member presses 我也遇到了 and is told of the accepted answer;
// a two-character word finds it; offline, a question waits in the outbox and is posted once.
// Then the people around it, without JavaScript: the admin verifies an expert (the credential
// for admins only), the cadre sees 需要帮助 and turns the demo's outbreak alert into a notice,
// and the asker nobody answered is given the hotline.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, login, newPage, register, screenshot, textOf, workerReady } from './support/browser';
import { countRows, queryRow } from './support/database';
import { writePhotoFiles } from './support/photos';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** Fills the asking form: title (typed, as a person types), crop, topic and a photo. */
async function fillQuestion(page: Page, title: string, photo: string): Promise<void> {
	await page.goto('/qa/ask');
	await page.locator('#title').pressSequentially(title, { delay: 20 });
	// The crop by its name in either language.
	const yam = await page.locator('#cropId option', { hasText: /山药|Chinese yam/ }).getAttribute('value');
	await page.locator('#cropId').selectOption(yam!);
	await page.locator('input[name="topic"][value="disease"]').check();
	await page.locator('#body').fill('藤蔓上一片片白色的霉，<b>叶子</b>发黄。');
	await page.locator('#photos').setInputFiles(photo);
}

const questionId = (page: Page) => Number(/\/qa\/(\d+)/.exec(page.url())![1]);
const questionsTitled = (title: string) => countRows('SELECT count(*) AS n FROM qa_questions WHERE title = ?', title);

test('ask with a photo and similar questions → the expert’s queue → answer → me-too → accept → told → search → offline outbox', async () => {
	const villager = await newPage(browser);
	const noScript = await newPage(browser, { javaScriptEnabled: false, locale: 'en-US' });
	const expert = await newPage(browser);
	const neighbour = await newPage(browser);
	try {
		const files = await writePhotoFiles('qa');
		const photo = files.paths[0];
		const first = '山药藤蔓长了白色霉层';

		// The villager asks; with JavaScript, the title is looked up while typed, so no extra step.
		await login(villager, 'villager');
		await fillQuestion(villager, first, photo);
		await expect.poll(() => villager.locator('[data-looked]').inputValue()).toBe(first);
		await villager.locator('form[data-qa-ask] button[type="submit"]').click();
		await villager.waitForURL(/\/qa\/\d+\?asked=1/);
		const firstId = questionId(villager);
		expect(await textOf(villager, '.message.ok')).toContain('问题已发出');
		expect(await villager.locator('.product-photos img').count()).toBe(1);
		expect(await textOf(villager, 'h1')).toBe(first);
		// Markup is shown as text.
		expect(await textOf(villager, '.question .pre-line')).toContain('<b>叶子</b>');
		await screenshot(villager, 'qa-asked-zh');

		// Another member types a title like it: the question appears under the title while typing.
		await register(neighbour, '孙大姐', 'qa-neighbour');
		await neighbour.goto('/qa/ask');
		await neighbour.locator('#title').pressSequentially('山药白色霉层', { delay: 20 });
		expect(await textOf(neighbour, '[data-similar-list]')).toContain(first);
		await screenshot(neighbour, 'qa-similar-typing-zh');

		// Without JavaScript (and in English), the server shows the step, then "Ask anyway" keeps the photo.
		await noScript.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: inject('baseURL') }]);
		await register(noScript, 'Li Wei', 'qa-noscript');
		const second = '山药藤蔓白色霉层怎么治';
		await fillQuestion(noScript, second, photo);
		await noScript.locator('form[data-qa-ask] button[type="submit"]').click();
		expect(await textOf(noScript, '.similar-step')).toContain(first);
		expect(await textOf(noScript, '.similar-step h2')).toContain('Similar questions');
		expect(await questionsTitled(second)).toBe(0);
		await screenshot(noScript, 'qa-similar-step-en');
		await noScript.locator('form[data-qa-ask] button[type="submit"]').click();
		await noScript.waitForURL(/\/qa\/\d+\?asked=1/);
		expect(await noScript.locator('.product-photos img').count()).toBe(1);
		expect(await questionsTitled(second)).toBe(1);

		// The expert finds the villager's question first in their queue, and answers with the badge.
		await login(expert, 'expert');
		await expert.goto('/qa/queue');
		expect(await expert.locator('.question-list a[href^="/qa/"]').first().getAttribute('href')).toBe(`/qa/${firstId}`);
		await screenshot(expert, 'qa-queue-zh');
		await expert.locator(`main a[href="/qa/${firstId}"]`).first().click();
		await expert.locator('#body').fill('这是山药炭疽病。剪掉病蔓，喷 25% 咪鲜胺 1000 倍液，7 天一次，连喷 2 次。');
		await expert.locator('#answer-form button[type="submit"]').click();
		await expert.waitForURL(new RegExp(`/qa/${firstId}#answer-\\d+`));
		expect(await textOf(expert, '.answer .badge.expert')).toContain('农业技术推广站');

		// The neighbour has it too.
		await neighbour.goto(`/qa/${firstId}`);
		await neighbour.locator('#metoo button[type="submit"]').click();
		expect(await textOf(neighbour, '#metoo')).toContain('有新回答会通知你');
		// Pressing it again from an old copy of the page is refused with a message.
		const again = await neighbour.evaluate(async (id) => {
			const body = new URLSearchParams({ idempotency_key: crypto.randomUUID(), outbox_label: 'x' });
			return (await fetch(`/qa/${id}?/metoo`, { method: 'POST', body, headers: { accept: 'text/html' } })).status;
		}, firstId);
		expect(again).toBe(409);

		// The villager accepts the expert's answer; the neighbour is told.
		await villager.goto(`/qa/${firstId}`);
		await villager.locator('form[action="?/accept"] button').first().click();
		expect(await textOf(villager, '.answer.accepted')).toContain('咪鲜胺');
		await screenshot(villager, 'qa-accepted-zh');
		await neighbour.goto('/me');
		expect(await textOf(neighbour, '#notifications')).toContain(`问题「${first}」采纳了一个回答`);

		// A two-character word finds it.
		await neighbour.goto(`/qa?q=${encodeURIComponent('霉层')}`);
		expect(await textOf(neighbour, '.question-list')).toContain(first);
		await neighbour.goto(`/qa?q=${encodeURIComponent('咪鲜胺')}`);
		expect(await textOf(neighbour, '.question-list')).toContain(first);

		// Offline after a first visit: the question waits in the outbox, photo and all, and is posted once.
		await workerReady(villager);
		await villager.goto('/qa/ask');
		await villager.context().setOffline(true);
		const offline = '山药块茎腐烂发黑';
		await fillQuestion(villager, offline, photo);
		await villager.locator('form[data-qa-ask] button[type="submit"]').click();
		await villager.waitForURL('**/me#outbox');
		expect(await textOf(villager, '#outbox')).toContain(offline);
		expect(await questionsTitled(offline)).toBe(0);
		await villager.context().setOffline(false);
		await villager.evaluate(() => {
			navigator.serviceWorker.controller!.postMessage({ type: 'replay' });
			navigator.serviceWorker.controller!.postMessage({ type: 'replay' });
		});
		await expect.poll(() => questionsTitled(offline), { timeout: 15_000 }).toBe(1);
		const photos = await countRows('SELECT count(*) AS n FROM qa_question_photos p JOIN qa_questions q ON q.id = p.question_id WHERE q.title = ?', offline);
		expect(photos).toBe(1);
		await villager.goto('/me');
		await expect.poll(async () => (await villager.reload(), textOf(villager, '#outbox'))).toContain('最近送出');
		expect(await questionsTitled(offline)).toBe(1);
		await files.remove();
	} finally {
		for (const page of [villager, noScript, expert, neighbour]) await page.context().close();
	}
});

test('admin verifies an expert; the cadre’s console shows 需要帮助 and an alert becomes a notice in one step; the asker gets the hotline', async () => {
	const admin = await newPage(browser, { javaScriptEnabled: false });
	const newcomer = await newPage(browser, { javaScriptEnabled: false });
	const cadre = await newPage(browser, { javaScriptEnabled: false });
	const asker = await newPage(browser, { javaScriptEnabled: false });
	try {
		const files = await writePhotoFiles('qa-credential');
		const username = await register(newcomer, '钱兽医', 'qa-vet');
		// Neither the queue nor the admin's page is theirs.
		expect((await newcomer.goto('/qa/queue'))!.status()).toBe(403);
		expect((await newcomer.goto('/admin/experts'))!.status()).toBe(403);

		await login(admin, 'admin');
		await admin.goto('/admin/experts');
		// A first verification without the credential photo is refused, and what was typed stays.
		await admin.locator('#username').fill(username);
		await admin.locator('#realName').fill('钱立民');
		await admin.locator('#unit').fill('巨野县畜牧站');
		await admin.locator('label.check', { hasText: '乌鸡' }).locator('input').check();
		await admin.locator('label.check', { hasText: '养殖' }).locator('input').check();
		await admin.locator('#verify button[type="submit"]').click();
		expect(await textOf(admin, '#verify .message.error')).toContain('证书照片');
		expect(await admin.locator('#realName').inputValue()).toBe('钱立民');
		expect(await admin.locator('label.check', { hasText: '乌鸡' }).locator('input').isChecked()).toBe(true);
		await admin.locator('#credential').setInputFiles(files.paths[0]);
		await admin.locator('#verify button[type="submit"]').click();
		expect(await textOf(admin, '#verify .message.ok')).toContain('钱立民');
		const line = admin.locator('.expert-line', { hasText: '钱立民' });
		expect(await line.textContent()).toContain('巨野县畜牧站');
		const credential = (await line.locator('a', { hasText: '看证书' }).getAttribute('href'))!;
		expect((await admin.goto(credential))!.status()).toBe(200);
		// Nobody else gets the credential, not even through /media.
		expect((await newcomer.goto(credential))!.status()).toBe(403);
		expect((await newcomer.goto(credential.replace('/admin/experts/credential/', '/media/')))!.status()).toBe(404);
		await files.remove();

		// Now an expert: a queue, and the badge on their public page.
		expect((await newcomer.goto('/qa/queue'))!.status()).toBe(200);
		const { id: vetId } = await queryRow<{ id: number }>('SELECT id FROM users WHERE username = ?', username);
		await newcomer.goto(`/qa/experts/${vetId}`);
		expect(await textOf(newcomer, '.badge.expert')).toContain('巨野县畜牧站');

		// The cadre's console: the bees nobody answered, and the chicken alert.
		await login(cadre, 'cadre');
		await cadre.goto('/committee');
		expect(await textOf(cadre, '#qa-help')).toContain('蜜蜂在蜂箱门口成片死掉');
		await screenshot(cadre, 'qa-committee-help-zh');
		await cadre.locator('#qa-help a[href^="/qa/alerts/"]').first().click();
		expect(await textOf(cadre, 'h1')).toContain('可能在流行：乌鸡 病害');
		await screenshot(cadre, 'qa-alert-zh');
		await cadre.locator('form[action="?/notice"] button').first().click();
		await cadre.waitForURL(/\/v\/shuwangzhuang\/notices\/\d+/);
		expect(await textOf(cadre, 'h1')).toContain('乌鸡病害可能在流行');
		expect(await textOf(cadre, 'main')).toContain('乌鸡咳嗽、甩头');
		// Back on the alert, the village's notice is linked instead of a second button.
		await cadre.goBack();
		await cadre.reload();
		expect(await cadre.locator('form[action="?/notice"]').count()).toBe(0);

		// The asker nobody answered sees the hotline.
		const { id: beesId } = await queryRow<{ id: number }>("SELECT id FROM qa_questions WHERE title LIKE '蜜蜂%'");
		await login(asker, 'zhangguilan');
		await asker.goto(`/qa/${beesId}`);
		expect(await asker.locator('.message.hotline a[href="tel:12316"]').count()).toBe(1);
		await screenshot(asker, 'qa-hotline');
	} finally {
		for (const page of [admin, newcomer, cadre, asker]) await page.context().close();
	}
});
