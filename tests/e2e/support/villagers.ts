// Villagers made the way real ones are: the demo cadre issues a join code, the person redeems it.
import type { Page } from 'playwright-core';
import { submit, textOf } from './browser';
import { FormClient } from './http';

/** A fresh join code for 舒王庄村 from the demo cadre. */
export async function issueJoinCode(forName = '周小满'): Promise<string> {
	const cadre = new FormClient();
	await cadre.login('cadre');
	const { html } = await cadre.post('/committee?/issueCode', { village: 'shuwangzhuang', forName });
	return /class="code"[^>]*>([A-Z2-9]{4}-[A-Z2-9]{4})</.exec(html)![1];
}

/** Redeems a join code on /me for the signed-in page; returns what the page said. */
export async function redeemJoinCode(page: Page, code: string): Promise<string> {
	await page.goto('/me');
	await page.locator('#code').fill(code);
	await submit(page, 'form[action="?/redeem"]');
	return textOf(page, '#villages [role="status"], #villages [role="alert"]');
}
