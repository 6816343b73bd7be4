// A cadre issues a join code in the committee console; a villager redeems it on /me.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { redeemJoinCode } from './support/villagers';
import { connectBrowser, login, newPage, register, submit, textOf } from './support/browser';

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

async function registerMember(javaScriptEnabled: boolean): Promise<Page> {
	const page = await newPage(browser, { javaScriptEnabled });
	await register(page, '新村民');
	return page;
}

for (const javaScriptEnabled of [true, false]) {
	test(`join code issued, redeemed once, refused the second time (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
		const cadre = await newPage(browser, { javaScriptEnabled });
		await login(cadre, 'cadre');
		await cadre.goto('/committee');
		const realName = `赵${Date.now() % 1000}`;
		await cadre.locator('#forName').fill(realName);
		await submit(cadre, 'form[action="?/issueCode"]');
		const code = (await textOf(cadre, '.code')).trim();
		expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		// The same code as a QR code, pointing at /me with the code filled in.
		expect(await cadre.locator('.qr svg').count()).toBe(1);
		expect(await textOf(cadre, '#codes')).toContain(realName);

		const villager = await registerMember(javaScriptEnabled);
		expect(await redeemJoinCode(villager, code.toLowerCase())).toContain('认证成功');
		expect(await textOf(villager, 'main')).toContain('舒王庄村');

		const latecomer = await registerMember(javaScriptEnabled);
		expect(await redeemJoinCode(latecomer, code)).toBe('这个加入码无效、已用过或已过期，请找村干部重新领取。');
		expect(await textOf(latecomer, 'main')).toContain('你还不是任何村的认证村民');

		// The committee sees the new villager, under the name it checked, and the log says who did what.
		await cadre.goto('/committee');
		expect(await textOf(cadre, '#members')).toContain(realName);
		expect(await textOf(cadre, '#audit')).toContain(`使用加入码认证为村民（${realName}）`);
		for (const page of [cadre, villager, latecomer]) await page.context().close();
	});
}

test('a QR link opens /me with the code filled in', async () => {
	const page = await registerMember(false);
	await page.goto('/me?code=ABCD-EFGH');
	expect(await page.locator('#code').inputValue()).toBe('ABCD-EFGH');
	await page.context().close();
});

test('a villager gets 403 at the committee console, a visitor is sent to log in', async () => {
	const villager = await newPage(browser, { javaScriptEnabled: false });
	await login(villager, 'villager');
	const response = await villager.goto('/committee');
	expect(response?.status()).toBe(403);
	expect(await textOf(villager, 'main')).toContain('只有村干部可以使用村委会工作台');
	const admin = await villager.goto('/admin');
	expect(admin?.status()).toBe(403);

	const visitor = await newPage(browser);
	await visitor.goto('/committee');
	expect(new URL(visitor.url()).pathname).toBe('/login');
	expect(new URL(visitor.url()).searchParams.get('next')).toBe('/committee');
	for (const page of [villager, visitor]) await page.context().close();
});
