import { describe, expect, it } from 'vitest';
import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { count } from 'drizzle-orm';
import { auditLog, db, memberships, users, villages, type User, type Village } from '$lib/server/db';
import type { SessionUser } from '$lib/server/auth/session';
import { makeAdmin, makeCadre, makeUser, makeVillage, makeVillager } from './factories';

/**
 * Who may run each form action. The test fails when an action exists that this
 * table does not name, so a new action cannot ship without a decision here.
 */
type Rule =
	| 'anyone' // visitors too (login, sign-up, display settings)
	| 'signed-in' // any account, acting on itself
	| 'cadre-of-village' // a cadre of the village the form names
	| 'admin';

const rules: Record<string, Rule> = {
	'/login?/default': 'anyone',
	'/register?/default': 'anyone',
	'/me?/settings': 'anyone',
	'/me?/profile': 'signed-in',
	'/me?/password': 'signed-in',
	'/me?/redeem': 'signed-in',
	'/committee?/issueCode': 'cadre-of-village',
	'/committee?/revokeCode': 'cadre-of-village',
	'/committee?/revokeMember': 'cadre-of-village',
	'/committee?/appointCadre': 'cadre-of-village',
	'/admin?/createVillage': 'admin',
	'/admin?/appointCadre': 'admin'
};

type Action = (event: RequestEvent) => unknown;
const modules = import.meta.glob<{ actions?: Record<string, Action> }>('/src/routes/**/+page.server.ts', { eager: true });
const actions = new Map<string, Action>();
for (const [file, module] of Object.entries(modules)) {
	const route = file.replace('/src/routes', '').replace('/+page.server.ts', '') || '/';
	for (const [name, action] of Object.entries(module.actions ?? {})) actions.set(`${route}?/${name}`, action);
}

function sessionUser(user: User): SessionUser {
	const { id, username, displayName, locale, easyMode, dataSaver, isAdmin } = user;
	return { id, username, displayName, locale, easyMode, dataSaver, isAdmin };
}

/** A form post as SvelteKit hands it to an action. */
function postEvent(key: string, user: User | null, form: Record<string, string>): RequestEvent {
	const url = new URL(`http://127.0.0.1${key.replace('?/default', '')}`);
	const jar = new Map<string, string>();
	return {
		request: new Request(url, { method: 'POST', body: new URLSearchParams(form) }),
		url,
		params: {},
		route: { id: url.pathname },
		locals: {
			user: user && sessionUser(user),
			session: null,
			locale: 'zh-CN',
			preferences: { easyMode: false, dataSaver: 'auto', savingData: false }
		},
		cookies: {
			get: (name: string) => jar.get(name),
			getAll: () => [...jar].map(([name, value]) => ({ name, value })),
			set: (name: string, value: string) => void jar.set(name, value),
			delete: (name: string) => void jar.delete(name),
			serialize: () => ''
		},
		getClientAddress: () => '127.0.0.1',
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false
	} as unknown as RequestEvent;
}

type Outcome = 'forbidden' | 'to-login' | 'let-through';

async function run(key: string, user: User | null, form: Record<string, string>): Promise<Outcome> {
	try {
		await actions.get(key)!(postEvent(key, user, form));
		return 'let-through';
	} catch (error) {
		if (isHttpError(error) && error.status === 403) return 'forbidden';
		if (isRedirect(error) && error.location.startsWith('/login')) return 'to-login';
		if (isRedirect(error)) return 'let-through';
		throw error;
	}
}

/** Rows in every table a refused action could have touched. */
function footprint(): number[] {
	return [auditLog, memberships, villages, users].map((table) => db.select({ n: count() }).from(table).get()!.n);
}

/** A form that would do real work if the guard let it through. */
function formFor(key: string, village: Village, target: User): Record<string, string> {
	return {
		village: village.slug,
		forName: '测试',
		codeId: '1',
		membershipId: '1',
		username: target.username,
		realName: '测试',
		name: '越权村',
		slug: `forbidden-${Date.now()}`,
		county: '巨野县'
	};
}

describe('permission matrix', () => {
	it('names every form action that exists', () => {
		expect([...actions.keys()].sort()).toEqual(Object.keys(rules).sort());
	});

	it('a villager of A can do no cadre action in A, nothing in B, and no admin action', async () => {
		const a = await makeVillage();
		const b = await makeVillage();
		const cadreA = await makeCadre(a);
		await makeCadre(b);
		const villagerA = await makeVillager(a, cadreA);
		const villagerB = await makeVillager(b);

		for (const [key, rule] of Object.entries(rules)) {
			if (rule !== 'cadre-of-village' && rule !== 'admin') continue;
			for (const village of [a, b]) {
				const before = footprint();
				const target = village === a ? villagerA : villagerB;
				expect([key, village.slug, await run(key, villagerA, formFor(key, village, target))]).toEqual([key, village.slug, 'forbidden']);
				expect(footprint()).toEqual(before);
			}
		}
	});

	it('a cadre of A can act in A but not in B, and visitors are sent to log in', async () => {
		const a = await makeVillage();
		const b = await makeVillage();
		const cadreA = await makeCadre(a);
		const villagerA = await makeVillager(a, cadreA);
		const villagerB = await makeVillager(b);
		for (const [key, rule] of Object.entries(rules)) {
			if (rule === 'cadre-of-village') {
				expect([key, await run(key, cadreA, formFor(key, a, villagerA))]).toEqual([key, 'let-through']);
				const before = footprint();
				expect([key, await run(key, cadreA, formFor(key, b, villagerB))]).toEqual([key, 'forbidden']);
				expect(footprint()).toEqual(before);
			}
			if (rule === 'admin') expect([key, await run(key, cadreA, formFor(key, a, villagerA))]).toEqual([key, 'forbidden']);
			if (rule !== 'anyone') expect([key, await run(key, null, formFor(key, a, villagerA))]).toEqual([key, 'to-login']);
		}
	});

	it('an admin may run admin actions', async () => {
		const village = await makeVillage();
		const admin = await makeAdmin();
		const someone = await makeUser();
		for (const [key, rule] of Object.entries(rules)) {
			if (rule === 'admin') expect([key, await run(key, admin, formFor(key, village, someone))]).toEqual([key, 'let-through']);
		}
	});
});
