// The visitor page copies (web/visitor-pages.ts): one render serves the next visitors with the
// same cookies until anyone writes or a few seconds pass; each copy shown gets its own form keys;
// nobody signed in, no form's result and no page that sets a cookie is ever shared.
//
// The pages here come from a stand-in renderer that counts its calls; the change stamp is the real
// database's. On PostgreSQL the stamp is the server's write-ahead log position, which other test
// files' writes move too, so there a copy being used is not checked, only that a stale one never is.
import type { RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { changeStamp, engine, transaction, villages } from '$lib/server/platform/db';
import { sessionCookieName } from '$lib/server/web/session-cookie';
import { keepVisitorPages } from '$lib/server/web/visitor-pages';
import { makeVillage } from './factories';

const productRoute = '/(market)/market/[product]';
const stampSharedWithOthers = engine === 'postgres';

type Visit = { cookie?: string; method?: string; routeId?: string; headers?: Record<string, string> };

function eventFor(path: string, { cookie = '', method = 'GET', routeId = productRoute, headers = {} }: Visit): RequestEvent {
	const url = new URL(path, 'http://127.0.0.1');
	const jar = new Map(cookie.split(';').filter(Boolean).map((pair) => pair.trim().split('=') as [string, string]));
	return {
		request: new Request(url, { method, headers: { ...headers, ...(cookie ? { cookie } : {}) } }),
		url,
		route: { id: routeId },
		isDataRequest: false,
		cookies: { get: (name: string) => jar.get(name) }
	} as unknown as RequestEvent;
}

/** A renderer standing in for Kit: each page it makes says which render it was and has one keyed form. */
function site(answer: Partial<{ headers: Record<string, string>; status: number; keyed: boolean }> = {}) {
	let renders = 0;
	const resolve = async () => {
		renders++;
		const form = answer.keyed === false ? '' : `<form method="POST"><input type="hidden" name="idempotency_key" value="${crypto.randomUUID()}"></form>`;
		return new Response(`<main>render ${renders}</main>${form}`, {
			status: answer.status ?? 200,
			headers: { 'content-type': 'text/html', etag: `"e${renders}"`, ...answer.headers }
		});
	};
	return {
		get renders() {
			return renders;
		},
		async visit(path: string, visit: Visit = {}) {
			const response = await keepVisitorPages({ event: eventFor(path, visit), resolve } as unknown as Parameters<typeof keepVisitorPages>[0]);
			return { response, html: await response.text() };
		}
	};
}

const keyOf = (html: string) => /name="idempotency_key" value="([^"]+)"/.exec(html)?.[1];
let pathCount = 0;
/** Each test reads its own addresses: copies outlive a test. */
const freshPath = () => `/market/${++pathCount}${Date.now()}`;

afterEach(() => {
	vi.useRealTimers();
});

describe('pages kept for visitors', () => {
	it.skipIf(stampSharedWithOthers)('serves the next visitor the same page without rendering it again, with new form keys', async () => {
		const pages = site();
		const path = freshPath();
		const first = await pages.visit(path);
		const second = await pages.visit(path);
		expect(pages.renders).toBe(1);
		expect(second.html).toContain('render 1');
		expect(keyOf(second.html)).toMatch(/^[0-9a-f-]{36}$/);
		expect(keyOf(second.html)).not.toBe(keyOf(first.html));
		// The body differs from the one the etag was made for, so the copy carries none.
		expect(second.response.headers.get('etag')).toBeNull();
		expect(second.response.headers.get('content-type')).toBe('text/html');
	});

	it.skipIf(stampSharedWithOthers)('keeps the etag of a page without forms, so a browser that has it is told nothing changed', async () => {
		const pages = site({ keyed: false });
		const path = freshPath();
		await pages.visit(path);
		const again = await pages.visit(path);
		expect(pages.renders).toBe(1);
		expect(again.response.headers.get('etag')).toBe('"e1"');
	});

	it('renders again after anyone commits a write', async () => {
		const pages = site();
		const path = freshPath();
		const village = await makeVillage();
		await pages.visit(path);
		const before = await changeStamp();
		await transaction((tx) => tx.update(villages).set({ name: '新名字村' }).where(eq(villages.id, village.id)));
		expect(await changeStamp()).not.toBe(before);
		const after = await pages.visit(path);
		expect(after.html).toContain('render 2');
	});

	it.skipIf(stampSharedWithOthers)('does not count a transaction that changed nothing as a change', async () => {
		const pages = site();
		const path = freshPath();
		await pages.visit(path);
		await transaction((tx) => tx.update(villages).set({ name: '无此村' }).where(eq(villages.id, -1)));
		await pages.visit(path);
		expect(pages.renders).toBe(1);
	});

	it('renders again once the copy is five seconds old, for what changes with the clock alone', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		const pages = site();
		const path = freshPath();
		await pages.visit(path);
		vi.setSystemTime(Date.now() + 5_001);
		expect((await pages.visit(path)).html).toContain('render 2');
	});

	it('renders for each set of cookies and connection hints, so language, easy mode and a cart stay the visitor’s own', async () => {
		const pages = site();
		const path = freshPath();
		const visits: Visit[] = [
			{},
			{ cookie: 'PARAGLIDE_LOCALE=en' },
			{ cookie: 'PARAGLIDE_LOCALE=en; vs_prefs=easy' },
			{ headers: { 'save-data': 'on' } },
			{ headers: { ect: '2g' } }
		];
		for (const visit of visits) await pages.visit(path, visit);
		expect(pages.renders).toBe(visits.length);
		await pages.visit(path + '?page=2');
		expect(pages.renders).toBe(visits.length + 1);
	});

	it('never shares what a signed-in person, a form post or any other page is sent', async () => {
		const pages = site();
		const path = freshPath();
		const signedIn = { cookie: `${sessionCookieName}=abc.def` };
		await pages.visit(path, signedIn);
		await pages.visit(path, signedIn);
		await pages.visit(path, { method: 'POST' });
		await pages.visit(path, { method: 'POST' });
		await pages.visit('/cart', { routeId: '/(market)/cart' });
		await pages.visit('/cart', { routeId: '/(market)/cart' });
		expect(pages.renders).toBe(6);
	});

	it('does not keep a page that sets a cookie, is private or is not a whole page', async () => {
		const answers: Partial<{ headers: Record<string, string>; status: number }>[] = [
			{ headers: { 'set-cookie': 'PARAGLIDE_LOCALE=en; Path=/' } },
			{ headers: { 'cache-control': 'private, no-store' } },
			{ status: 404 },
			{ headers: { 'content-type': 'application/json' } }
		];
		for (const answer of answers) {
			const pages = site(answer);
			const path = freshPath();
			await pages.visit(path);
			await pages.visit(path);
			expect(pages.renders, JSON.stringify(answer)).toBe(2);
		}
	});
});
