// Issue 11, items 3, 4 and 10: every form action, with hostile values in every field it
// reads; no answer may be a server error, and a refused request must store nothing.
import { afterAll, beforeAll, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import {
	changedTables,
	choose,
	coreHostileValues,
	databaseFingerprinter,
	demoUsers,
	describe as describeRequest,
	formActions,
	formFieldNames,
	formValues,
	FuzzClient,
	fuzzSeed,
	hostileValues,
	readDemoIds,
	realParamValues,
	seededRandom,
	startFuzzServer,
	type DemoIds,
	type Role
} from './support/fuzz';
import { DEMO_PASSWORD } from './support/browser';

let server: Awaited<ReturnType<typeof startFuzzServer>>;
let ids: DemoIds;

beforeAll(async () => {
	server = await startFuzzServer();
	ids = readDemoIds(server.databasePath);
}, 180_000);

afterAll(async () => {
	await server?.stop();
});

/**
 * Plausible values for fields a page leaves empty, so a hostile value in one field
 * gets past the checks of the others. The current password is never the real one:
 * a changed demo password would sign the fuzzer's own users out.
 */
const plausible: Record<string, string> = {
	title: '新鲜玉米',
	body: '今天下午三点在村委会开会。',
	description: '自家种的，好吃。',
	price: '12.5',
	stock: '20',
	minOrder: '1',
	quantity: '1',
	rating: '5',
	comment: '很好',
	subject: '路灯坏了',
	name: '王小明',
	displayName: '王小明',
	realName: '王小明',
	forName: '王小明',
	phone: '13800138000',
	address: '舒王庄村三组',
	note: '下午送',
	username: 'buyer',
	password: DEMO_PASSWORD,
	currentPassword: 'not-the-demo-password',
	newPassword: 'fuzz-new-password-1',
	code: 'ABCD-EFGH',
	date: '2026-11-01',
	item: '修路',
	amount: '300',
	counterparty: '县交通局',
	slug: 'fuzz-village',
	county: '巨野县'
};

/** A UUID from the seeded source: every request carries a fresh idempotency key, so none is answered from a replay. */
const uuid = (random: () => number) =>
	'10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (Number(c) ^ (Math.floor(random() * 16) >> (Number(c) / 4))).toString(16));

/** Characters that must never be stored in text a person typed (item 4): controls but tab and newline, format characters but the emoji joiner. */
const junk = /(?![\t\n])[\p{Cc}\p{Cs}]|(?!\u200D)\p{Cf}/u;

function storedJunk(databasePath: string): string[] {
	const db = new Database(databasePath, { readonly: true, fileMustExist: true });
	try {
		const found: string[] = [];
		const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%'").pluck().all() as string[];
		for (const table of tables.filter((name) => !['sessions', 'idempotent_requests', 'throttle_events'].includes(name))) {
			for (const row of db.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]) {
				for (const [column, value] of Object.entries(row)) if (typeof value === 'string' && junk.test(value)) found.push(`${table}.${column} = ${JSON.stringify(value.slice(0, 80))}`);
			}
		}
		return found;
	} finally {
		db.close();
	}
}

it('answers every form action with hostile fields without a server error, and a refusal stores nothing', async () => {
	const random = seededRandom(fuzzSeed);
	const actions = formActions();
	expect(actions.length).toBeGreaterThan(25);
	const signedIn = new Map<Role, FuzzClient>();
	for (const user of demoUsers) signedIn.set(user, await new FuzzClient(server.baseURL).login(user));
	// A visitor is a fresh browser every time; /login and /register only ever as one, so a fuzzed sign-in never changes who the others are.
	const client = (role: Role) => (role === 'visitor' ? new FuzzClient(server.baseURL) : signedIn.get(role)!);
	const baselines = new Map<string, [string, string][]>();
	const failures: string[] = [];
	const stored: string[] = [];
	let sent = 0;
	let refused = 0;
	// Requests that were let through and wrote: shows the fingerprint sees writes, so "stored nothing" means something.
	let wrote = 0;
	const started = Date.now();
	const fingerprints = databaseFingerprinter(server.databasePath);
	let before = fingerprints.read();
	let turn = 0;
	for (const { route, name } of actions) {
		const path = route.replace(/\[(\w+)\]/g, (_, param: string) => encodeURIComponent(realParamValues(route, param, ids)[0] ?? '1'));
		// As a browser posts it: a default action to the page itself.
		const target = name === 'default' ? path : `${path}?/${name}`;
		const roles: Role[] = route === '/login' || route === '/register' ? ['visitor'] : ['visitor', ...demoUsers];
		const baseline = async (role: Role) => {
			const key = `${role} ${path}?/${name}`;
			if (!baselines.has(key)) {
				const page = await client(role).send(path);
				const found = formValues(await page.text(), name).filter(([field]) => field !== 'idempotency_key');
				baselines.set(key, found.map(([field, value]) => [field, value === '' && field in plausible ? plausible[field] : value]));
			}
			return baselines.get(key)!;
		};
		if (name === 'default') {
			// Kit reserves the name: a post that spells it out must be refused, not crash.
			const response = await client('visitor').post(`${path}?/default`, []);
			await response.arrayBuffer();
			sent++;
			if (response.status >= 500) failures.push(describeRequest('POST', `${path}?/default`, 'visitor', response.status));
			before = fingerprints.read();
		}
		const fields = formFieldNames(route).filter((field) => field !== 'idempotency_key');
		for (const field of fields) {
			// Two of the core values in turn (an action's fields share them out), one drawn by the seed; a redirect target gets every path trick.
			const values = [coreHostileValues[turn++ % coreHostileValues.length], coreHostileValues[turn++ % coreHostileValues.length], choose(random, hostileValues)];
			if (field === 'next') values.push(...hostileValues.filter((value) => value.startsWith('/')));
			for (const hostile of values) {
				const role = choose(random, roles);
				const posted: [string, string][] = (await baseline(role)).filter(([other]) => other !== field);
				posted.push([field, hostile], ['idempotency_key', uuid(random)]);
				const response = await client(role).post(target, posted);
				await response.arrayBuffer();
				sent++;
				const shown = `${field}=${JSON.stringify(hostile.length > 40 ? `${hostile.slice(0, 40)}…(${hostile.length})` : hostile)}`;
				if (response.status >= 500) failures.push(describeRequest('POST', target, role, response.status, shown));
				const after = fingerprints.read();
				if (response.status < 400 && changedTables(before, after).length > 0) wrote++;
				if (response.status >= 400 && response.status < 500) {
					refused++;
					const changed = changedTables(before, after);
					if (changed.length > 0) stored.push(`${describeRequest('POST', target, role, response.status, shown)} changed ${changed.join(', ')}`);
				}
				before = after;
			}
		}
	}
	fingerprints.close();
	console.log(`POST fuzzer: ${sent} requests (${refused} refused, ${wrote} wrote) over ${actions.length} actions in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${fuzzSeed})`);
	const replay = `(replay with FUZZ_SEED=${fuzzSeed})`;
	// Soft: a run reports every kind of failure at once.
	expect.soft(failures, `server errors ${replay}:\n${failures.join('\n')}\n--- server output ---\n${server.output().slice(-4000)}`).toEqual([]);
	expect.soft(wrote, 'no accepted request changed the database fingerprint').toBeGreaterThan(0);
	expect.soft(stored, `refused requests that stored something ${replay}:\n${stored.join('\n')}`).toEqual([]);
	expect(storedJunk(server.databasePath), `control or format characters stored ${replay}`).toEqual([]);
}, 120_000);
