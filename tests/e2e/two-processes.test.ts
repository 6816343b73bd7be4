// Two app processes on one PostgreSQL, as two machines behind a load balancer would be (issue 12,
// item 2): what one process stored, the other honours. A double submit split across them makes one
// order; failed logins count at either; an event published in one process reaches another.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { connectBrowser, MEMBER_PASSWORD, newPage } from './support/browser';
import { uniqueName } from './support/database';
import { FormClient } from './support/http';
import { orderOf, sellerWithProduct } from './support/market';

const [first, second] = inject('appURLs');

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

test('there are two processes, each answering on its own address, and the round robin in front', async () => {
	const addresses = [...inject('appURLs'), inject('baseURL')];
	expect(new Set(addresses).size).toBe(3);
	for (const address of addresses) expect((await fetch(new URL('/api/health', address))).status).toBe(200);
});

/** A new member signed up at the first process; the client posts there unless told `.to(second)`. */
async function newMember(displayName: string): Promise<{ username: string; atFirst: FormClient; atSecond: FormClient }> {
	const atFirst = new FormClient({ to: first });
	const username = uniqueName('split');
	expect((await atFirst.post('/register', { username, displayName, password: MEMBER_PASSWORD })).status).toBe(303);
	return { username, atFirst, atSecond: atFirst.to(second) };
}

test('the same keyed checkout posted at once to both processes makes one order, and both answers point to it', async () => {
	const page = await newPage(browser);
	try {
		const listing = await sellerWithProduct(page);
		const { username, atFirst, atSecond } = await newMember('王小麦');
		// Three rounds, so the two posts meet in more than one order of arrival.
		for (let round = 1; round <= 3; round++) {
			// The cart filled at one process is the cart the other checks out.
			const added = await atFirst.post('/cart?/add', { productId: String(listing.id), quantity: '2', idempotency_key: crypto.randomUUID(), outbox_label: 'cart' });
			expect(added.status).toBe(303);
			const form = (await atSecond.get('/checkout')).html;
			expect(form).toContain(listing.title);
			const sellerId = /name="delivery_(\d+)"/.exec(form)?.[1];
			const fields = {
				idempotency_key: /name="idempotency_key" value="([^"]+)"/.exec(form.slice(form.indexOf('class="checkout"')))![1],
				outbox_label: 'order',
				name: '王小麦',
				phone: '13900001111',
				address: '',
				payment: 'later',
				[`delivery_${sellerId}`]: 'pickup'
			};
			const answers = await Promise.all([atFirst.post('/checkout', fields), atSecond.post('/checkout', fields)]);
			expect(answers.map((answer) => answer.status)).toEqual([303, 303]);
			const orders = await orderOf(username);
			expect(orders).toHaveLength(round);
			const newest = orders[orders.length - 1];
			for (const answer of answers) expect(answer.location).toMatch(new RegExp(`^/orders/${newest.id}(\\?|$)`));
		}
	} finally {
		await page.context().close();
	}
});

/**
 * Signs in once (this browser is now one the account logs in from), then posts wrong passwords,
 * to each client in turn, until the login is refused (429); returns how many failures went
 * through before. The refusal holds for the right password too.
 */
async function failuresUntilRefused(username: string, clients: FormClient[]): Promise<number> {
	await clients[0].login(username, MEMBER_PASSWORD);
	expect((await clients[0].post('/logout', {})).status).toBe(303);
	for (let failures = 0; failures < 50; failures++) {
		const client = clients[failures % clients.length];
		const wrong = await client.post('/login', { username, password: `not-the-password-${failures}` });
		if (wrong.status === 429) {
			for (const each of clients) expect((await each.post('/login', { username, password: MEMBER_PASSWORD })).status).toBe(429);
			return failures;
		}
		expect(wrong.status).toBe(400);
	}
	throw new Error('50 failed logins, and never refused');
}

test('failed logins count across processes: split between them, they are refused at the same count as at one', async () => {
	const alone = await newMember('刘一');
	const split = await newMember('刘二');
	const atOne = await failuresUntilRefused(alone.username, [alone.atFirst]);
	const atTwo = await failuresUntilRefused(split.username, [split.atFirst, split.atSecond]);
	expect(atOne).toBeGreaterThan(1);
	expect(atTwo).toBe(atOne);
});

/** The app's events module in another process on the same database (support/event-peer.js). */
function startPeer(databaseUrl: string) {
	const peer = fork(fileURLToPath(new URL('./support/event-peer.js', import.meta.url)), [], { env: { ...process.env, DATABASE_URL: databaseUrl } });
	const messages: Record<string, unknown>[] = [];
	const waiters: (() => void)[] = [];
	peer.on('message', (message: Record<string, unknown>) => {
		messages.push(message);
		for (const wake of waiters.splice(0)) wake();
	});
	/** The first message that matches, waiting for it up to `timeoutMs`. */
	async function next(match: (message: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<Record<string, unknown>> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const failed = messages.find((message) => 'failed' in message);
			if (failed) throw new Error(`the peer process failed: ${String(failed.failed)}`);
			const found = messages.find(match);
			if (found) return found;
			if (peer.exitCode !== null) throw new Error(`the peer process exited with ${peer.exitCode}`);
			if (Date.now() > deadline) throw new Error(`the peer process sent nothing matching within ${timeoutMs} ms`);
			await new Promise<void>((wake) => {
				waiters.push(wake);
				setTimeout(wake, 200);
			});
		}
	}
	return { peer, next };
}

test('an event published in one process reaches a subscriber in another, both ways (PostgreSQL LISTEN/NOTIFY)', async () => {
	// Nothing the app serves publishes or subscribes yet (live sales will): so this process and a
	// second one each run the app's own events module on the e2e database.
	const databaseUrl = inject('databaseUrl');
	process.env.DATABASE_URL = databaseUrl;
	const events = await import('$lib/server/platform/events');
	const { closeDatabase } = await import('$lib/server/platform/db');
	const { peer, next } = startPeer(databaseUrl);
	try {
		await next((message) => message.started === true);

		// Published there, heard here.
		const heardHere: string[] = [];
		const off = events.subscribe('test.two-processes', (payload) => heardHere.push(payload));
		await events.eventsReady();
		peer.send({ publish: 'test.two-processes', payload: 'from the peer' });
		await next((message) => message.published === 'test.two-processes');
		await expect.poll(() => heardHere, { timeout: 10_000 }).toEqual(['from the peer']);
		off();

		// Published here, heard there; and nothing on a channel it did not subscribe to.
		peer.send({ subscribe: 'test.back' });
		await next((message) => message.ready === 'test.back');
		await events.publish('test.elsewhere', 'not for it');
		await events.publish('test.back', '42');
		const heardThere = await next((message) => message.heard !== undefined);
		expect(heardThere).toEqual({ heard: 'test.back', payload: '42' });
	} finally {
		peer.disconnect();
		await events.stopEvents();
		await closeDatabase();
	}
});
