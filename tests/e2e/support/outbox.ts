// The outbox's tests: a member whose offline write waits in it.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { register, textOf, workerReady } from './browser';
import { countRows } from './database';
import { issueJoinCode } from './villagers';

/** How many villages this account is a member of. */
export function memberships(username: string): Promise<number> {
	return countRows('SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.username = ?', username);
}

/**
 * A new member with a fresh join code, who goes offline on a saved /me and
 * redeems the code: the post waits in the outbox.
 */
export async function redeemOffline(page: Page): Promise<{ username: string; code: string; key: string }> {
	const username = await register(page, '周小满', 'offline');
	await workerReady(page);
	const code = await issueJoinCode();
	await page.goto('/me');
	await page.context().setOffline(true);
	await page.goto('/me');
	expect(await textOf(page, '.saved-copy')).toContain('保存的副本');
	const form = page.locator('form[action="?/redeem"]');
	await form.locator('#code').fill(code);
	const key = await form.locator('input[name="idempotency_key"]').inputValue();
	await form.locator('button[type="submit"]').click();
	await page.waitForURL('**/me#outbox');
	return { username, code, key };
}
