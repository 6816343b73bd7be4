// Issue 11, items 1, 2 and 9: where login and sign-up send you afterwards (and any other redirect
// built from what a request names), and what happens to the session a browser held before.
import { randomUUID } from 'node:crypto';
import { validateHeaderValue } from 'node:http';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectBrowser, DEMO_PASSWORD, login, newPage } from './support/browser';
import { readDatabase, uniqueName } from './support/database';
import { FormClient } from './support/http';

const base = () => inject('baseURL');

/** Hostile `next` values, as they stand in a query string. */
const hostileNext = [
	'/%09/evil.example/x',
	'/%0A/evil.example/x',
	'/%0D%0A/evil.example',
	'/%0A/x',
	'/%00/x',
	'/%0B/x',
	'/%7F/x',
	'/%E3%80%80/x',
	'/%E2%80%AE/x',
	'//evil.example/',
	'/%5Cevil.example',
	'%5C%5Cevil.example',
	'/.//evil.example',
	'https://evil.example/',
	'javascript:alert(1)',
	'/' + 'a'.repeat(4000)
];

/** A browser's form post: HTML accepted, our Origin, the given session cookie; redirects not followed. */
async function post(path: string, fields: Record<string, string>, cookie = ''): Promise<Response> {
	return fetch(new URL(path, base()), {
		method: 'POST',
		headers: { accept: 'text/html', origin: base(), 'content-type': 'application/x-www-form-urlencoded', cookie },
		body: new URLSearchParams(fields).toString(),
		redirect: 'manual'
	});
}

function sessionCookie(response: Response): string {
	const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith('vs_session='));
	if (!line) throw new Error(`No session cookie in the answer (${response.status})`);
	return line.split(';')[0];
}

/** A redirect that a browser follows to this site, and that Node could write (no 500 on the way). */
function expectSafeRedirect(what: string, response: Response): void {
	expect([what, response.status]).toEqual([what, 303]);
	const location = response.headers.get('location') ?? '';
	expect(() => validateHeaderValue('location', location)).not.toThrow();
	expect([what, new URL(location, base()).origin]).toEqual([what, new URL(base()).origin]);
}

/** Whose account /me shows with this cookie (a visitor's /me has no account section), or null. */
async function signedInAs(cookie: string): Promise<string | null> {
	const response = await fetch(new URL('/me', base()), { headers: { accept: 'text/html', cookie }, redirect: 'manual' });
	return (await response.text()).match(/name="username"[^>]*value="([^"]*)"/)?.[1] ?? null;
}

let browser: Browser;
beforeAll(async () => {
	browser = await connectBrowser();
});
afterAll(async () => {
	await browser?.close();
});

test('signed in, GET /login?next=… redirects only within this site, encoded, and never answers 500', async () => {
	const cookie = sessionCookie(await post('/login', { username: 'buyer', password: DEMO_PASSWORD }));
	for (const next of hostileNext) {
		const response = await fetch(new URL(`/login?next=${next}`, base()), { headers: { accept: 'text/html', cookie }, redirect: 'manual' });
		expectSafeRedirect(`GET /login?next=${next}`, response);
		const again = await fetch(new URL(`/register?next=${next}`, base()), { headers: { accept: 'text/html', cookie }, redirect: 'manual' });
		expectSafeRedirect(`GET /register?next=${next}`, again);
	}
	// A path on this site is still honoured, encoded as the browser would.
	const kept = await fetch(new URL('/login?next=/market%3Fq%3D%E8%8B%B9%E6%9E%9C', base()), { headers: { cookie }, redirect: 'manual' });
	expect(kept.headers.get('location')).toBe('/market?q=%E8%8B%B9%E6%9E%9C');
});

test('the next field of POST /login and POST /register redirects only within this site, and never answers 500', async () => {
	for (const next of hostileNext) {
		const field = decodeURIComponent(next.replace(/%(?![0-9A-F]{2})/g, '%25'));
		expectSafeRedirect(`POST /login next=${next}`, await post('/login', { username: 'buyer', password: DEMO_PASSWORD, next: field }));
	}
	for (const next of ['/%09/evil.example/x', '/%0B/x', '/%E3%80%80/x']) {
		const fields = { username: uniqueName('next'), displayName: '跳转测试', password: 'cherry-orchard-2026', next: decodeURIComponent(next) };
		expectSafeRedirect(`POST /register next=${next}`, await post('/register', fields));
	}
});

test('in Chromium, signed in, /login?next=/%09/evil.example/x stays on this site', async () => {
	const page = await newPage(browser);
	try {
		await login(page, 'buyer');
		await page.goto('/login?next=/%09/evil.example/x');
		expect(new URL(page.url()).origin).toBe(new URL(base()).origin);
	} finally {
		await page.context().close();
	}
});

test('signing in as B where A was signed in ends A’s session on the server; so does signing up', async () => {
	const a = sessionCookie(await post('/login', { username: 'buyer', password: DEMO_PASSWORD }));
	expect(await signedInAs(a)).toBe('buyer');

	const b = sessionCookie(await post('/login', { username: 'villager', password: DEMO_PASSWORD }, a));
	expect(await signedInAs(b)).toBe('villager');
	expect(await signedInAs(a)).toBeNull();
	const aId = a.slice('vs_session='.length).split('.')[0];
	expect(readDatabase((db) => db.prepare('SELECT count(*) AS n FROM sessions WHERE id = ?').get(aId))).toEqual({ n: 0 });

	const username = uniqueName('after');
	const c = sessionCookie(await post('/register', { username, displayName: '后来的人', password: 'cherry-orchard-2026' }, b));
	expect(await signedInAs(c)).toBe(username);
	expect(await signedInAs(b)).toBeNull();
});

test('a letter page’s redirects name the letter by its number, never by the raw route segment (U+000A, U+000B)', async () => {
	const writer = new FormClient();
	await writer.login('villager');
	const sent = await writer.post('/me/letters/new', { idempotency_key: randomUUID(), village: 'shuwangzhuang', subject: '路灯', body: '村口的路灯坏了。' });
	const id = /^\/me\/letters\/(\d+)\?saved=sent$/.exec(sent.location ?? '')?.[1];
	expect(id).toBeTruthy();
	const cadre = new FormClient();
	await cadre.login('cadre');
	for (const junk of ['%0A', '%0B']) {
		const reply = await writer.post(`/me/letters/${id}${junk}?/reply`, { idempotency_key: randomUUID(), body: `补充 ${junk}` });
		expect([junk, reply.status]).not.toEqual([junk, 500]);
		if (reply.status === 303) expect(reply.location).toBe(`/me/letters/${id}?saved=reply`);
		const answer = await cadre.post(`/committee/letters/${id}${junk}?/answer`, { idempotency_key: randomUUID(), body: `已报修 ${junk}` });
		expect([junk, answer.status]).not.toEqual([junk, 500]);
		if (answer.status === 303) expect(answer.location).toBe(`/committee/letters/${id}?saved=answer`);
	}
});
