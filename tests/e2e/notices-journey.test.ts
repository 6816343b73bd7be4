// A notice from end to end, as the acceptance list has it: a cadre posts with
// JavaScript off, a villager reads, acknowledges and votes once, an outsider sees nothing of a
// members-only notice. A core journey: it also runs on PostgreSQL behind two processes.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writePhotoFiles, type PhotoFiles } from './support/photos';
import { MEMBER_PASSWORD, connectBrowser, login, newPage, register, screenshot, submit, textOf } from './support/browser';
import { countRows, queryRows, uniqueName } from './support/database';
import { FormClient } from './support/http';
import { nextWeek } from './support/notices';

let browser: Browser;
let photos: PhotoFiles;
let photoPaths: string[];
beforeAll(async () => {
	browser = await connectBrowser();
	photos = await writePhotoFiles('notices');
	photoPaths = photos.paths;
});
afterAll(async () => {
	await browser?.close();
	await photos?.remove();
});

/** The village's verified villagers now, but the notice's author: the M of "read by N of M". */
function memberCount(): Promise<number> {
	return countRows(
		"SELECT count(DISTINCT m.user_id) AS n FROM memberships m JOIN villages v ON v.id = m.village_id WHERE v.slug = 'shuwangzhuang' AND m.revoked_at IS NULL"
	);
}

/** Fills and sends the new-notice form as a cadre; returns the notice's id. */
async function postNotice(page: Page, fields: { title: string; body: string; audience: 'public' | 'members'; poll?: string[] }): Promise<number> {
	await page.goto('/committee/notices/new?village=shuwangzhuang');
	await page.locator('#title').fill(fields.title);
	await page.locator('#category').selectOption('notice');
	await page.locator('#body').fill(fields.body);
	await page.locator(`input[name="audience"][value="${fields.audience}"]`).check();
	await page.locator('input[name="pinned"]').check();
	await page.locator('input[name="important"]').check();
	await page.locator('#photos').setInputFiles(photoPaths);
	if (fields.poll) {
		// A closed <details> opens with a tap, no script needed.
		await page.locator('summary', { hasText: '附一个投票' }).click();
		await page.locator('#pollQuestion').fill('水管检修放在哪天？');
		await page.locator('#pollOptions').fill(fields.poll.join('\n'));
		await page.locator('#pollClosesAt').fill(nextWeek());
	}
	await page.locator('button[name="intent"][value="publish"]').click();
	await page.waitForURL(/\/v\/shuwangzhuang\/notices\/\d+$/);
	return Number(new URL(page.url()).pathname.split('/').pop());
}

test('a cadre posts an important notice with 2 photos and a poll without JavaScript; a villager reads, acknowledges and votes once; an outsider sees nothing', async () => {
	const title = `停水通知：自来水管道检修 ${uniqueName('t').slice(-6)}`;
	const cadre = await newPage(browser, { javaScriptEnabled: false });
	await login(cadre, 'cadre');
	const id = await postNotice(cadre, {
		title,
		body: '因自来水管道检修，**11月28日**全天停水。\n\n- 请提前储水\n- 老人家里请子女帮忙',
		audience: 'members',
		poll: ['周四', '周六', '下周一']
	});
	expect(await textOf(cadre, 'h1')).toBe(title);
	expect(await cadre.locator('.notice-photos picture').count()).toBe(2);
	expect(await cadre.locator('.notice-body strong').innerText()).toBe('11月28日');

	// First in the village feed: pinned, and the newest pinned one.
	await cadre.goto('/v/shuwangzhuang');
	expect(await textOf(cadre, '.notice-item .notice-title')).toBe(title);

	// A villager opens it: one read, however often they open it; the cadre read it by writing it.
	const members = await memberCount();
	const villager = await newPage(browser, { javaScriptEnabled: false });
	await login(villager, 'villager');
	await villager.goto('/v/shuwangzhuang');
	await villager.locator('.notice-item a', { hasText: title }).click();
	await villager.waitForURL(`**/notices/${id}`);
	expect(await textOf(villager, '.read-summary')).toContain(`${members} 位村民中 2 位已读`);
	await villager.reload();
	expect(await countRows('SELECT count(*) AS n FROM notice_reads WHERE notice_id = ?', id)).toBe(1);

	// Acknowledged is a separate act from opened.
	expect(await countRows('SELECT count(*) AS n FROM notice_reads WHERE notice_id = ? AND acknowledged_at IS NOT NULL', id)).toBe(0);
	await submit(villager, 'form[action="?/acknowledge#acknowledge"]');
	expect(await textOf(villager, '#acknowledge [role="status"]')).toContain('你已确认阅读');
	expect(await countRows('SELECT count(*) AS n FROM notice_reads WHERE notice_id = ? AND acknowledged_at IS NOT NULL', id)).toBe(1);

	// One vote; the results show after it.
	await villager.locator('#poll label', { hasText: '周六' }).click();
	await submit(villager, 'form[action="?/vote#poll"]');
	expect(await textOf(villager, '#poll [role="status"]')).toBe('投票成功，谢谢！');
	expect(await textOf(villager, '#poll')).toContain('你投了：周六');
	await screenshot(villager, 'notice-zh-villager-voted');

	// A second vote, posted by hand with a new key: refused, and the first one stands.
	const options = await queryRows<{ id: number; label: string }>(
		'SELECT o.id, o.label FROM poll_options o JOIN polls p ON p.id = o.poll_id WHERE p.notice_id = ? ORDER BY o.position',
		id
	);
	const client = new FormClient();
	await client.login('villager');
	const second = await client.post(`/v/shuwangzhuang/notices/${id}?/vote`, { option: String(options[0].id), idempotency_key: randomUUID() });
	expect(second.status).toBe(409);
	expect(second.html).toContain('你已经投过票了');
	const votes = await queryRows<{ label: string }>(
		'SELECT o.label FROM poll_votes v JOIN poll_options o ON o.id = v.option_id JOIN polls p ON p.id = v.poll_id WHERE p.notice_id = ?',
		id
	);
	expect(votes.map((v) => v.label)).toEqual(['周六']);

	// An outsider: not in the feed, a 404 at its address, and a crafted comment is refused.
	const outsider = await newPage(browser, { javaScriptEnabled: false });
	const outsiderName = await register(outsider, '外村人');
	await outsider.goto('/v/shuwangzhuang');
	expect(await textOf(outsider, '#notices')).not.toContain(title);
	const response = await outsider.goto(`/v/shuwangzhuang/notices/${id}`);
	expect(response?.status()).toBe(404);
	expect(await textOf(outsider, '[role="alert"]')).toContain('找不到这条通知');
	const outsiderClient = new FormClient();
	await outsiderClient.login(outsiderName, MEMBER_PASSWORD);
	const comment = await outsiderClient.post(`/v/shuwangzhuang/notices/${id}?/comment`, { body: '我也说两句', idempotency_key: randomUUID() });
	expect(comment.status).toBe(403);
	expect(comment.html).toContain('只有本村认证村民');
	expect(await countRows('SELECT count(*) AS n FROM notice_comments WHERE notice_id = ?', id)).toBe(0);
	// Nor in the village's public Atom feed.
	const atom = await outsiderClient.get('/v/shuwangzhuang/feed.xml');
	expect(atom.status).toBe(200);
	expect(atom.html).not.toContain(title);

	// The cadre sees who has read it and who has not.
	await cadre.goto(`/committee/notices/${id}/reads`);
	expect(await textOf(cadre, '.big-number')).toBe(`${members} 位村民中 2 位已读`);
	expect(await textOf(cadre, '#unread')).toContain('张桂兰');
	expect(await textOf(cadre, '#read')).toContain('李秀英');
	await screenshot(cadre, 'notice-zh-cadre-receipts');
	// Turnout counts the same villagers as the read receipts.
	await cadre.goto(`/v/shuwangzhuang/notices/${id}`);
	expect(await textOf(cadre, '#poll')).toContain(`投票率：${members} 位村民中 1 位已投`);
	await villager.goto('/v/shuwangzhuang');
	await screenshot(villager, 'notice-zh-feed');

	for (const page of [cadre, villager, outsider]) await page.context().close();
});
