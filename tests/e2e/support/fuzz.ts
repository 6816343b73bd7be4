// What the GET and POST fuzzers share: a seeded random source, hostile values, the
// routes and their inputs as the source declares them, and a server of their own.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { DEMO_PASSWORD } from './browser';
import { inject } from 'vitest';
import { startFromSnapshot } from './demo-snapshot';
import { seededRandom } from '../../../scripts/seeded-random.js';
import { fetchWithCookies } from './http';

export { seededRandom };


/** The seed: FUZZ_SEED to replay a failure, else a fixed one, so `npm test` always runs the same requests. */
export const fuzzSeed = Number(process.env.FUZZ_SEED ?? 20261130);

export const choose = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

/** Numbers that are not ids or counts, and text that is not text (issue 11, items 3, 4 and 10). */
export const hostileNumbers = ['Infinity', '-Infinity', '1e309', '1e3', '-1', '0', '0x1f', '99999999999999999999', '9007199254740993', 'NaN', '', ' ', '1.5', ' 7 ', '+1', '１２'];
export const hostileText = [
	'__proto__',
	'constructor',
	'toString',
	'hasOwnProperty',
	'\u0000',
	'a\u0000b',
	'\u001b[31mred\u001b[0m',
	'\u007f',
	'陈先生\u202E',
	'\u2066x\u2069',
	'\u200B',
	'\uFEFF',
	'%00',
	'%E3%80%80',
	'../../etc/passwd',
	// Paths a browser would read differently once it drops tabs and newlines (issue 11, items 1 and 2).
	'/\t/evil.example/x',
	'/\n/x',
	'/\u0000/x',
	'/\u000b/x',
	'/\u3000/x',
	'//evil.example',
	"' OR 1=1 --",
	'<script>alert(1)</script>',
	'\r\n',
	'👨‍🌾',
	'x'.repeat(5_000)
];
export const hostileValues = [...hostileNumbers, ...hostileText];

/** The values every parameter gets: the ones the issue found, one of each kind; the rest are sampled by the seed. */
export const coreHostileValues = ['Infinity', '1e309', '99999999999999999999', '-1', '0x1f', 'NaN', '', '__proto__', 'constructor', '陈先生\u202E', '/\n/x'];

/** The core values and `extra` more drawn from the rest by the seed. */
export function hostileSample(random: () => number, extra: number): string[] {
	const rest = hostileValues.filter((value) => !coreHostileValues.includes(value));
	const drawn = new Set<string>();
	while (drawn.size < extra) drawn.add(choose(random, rest));
	return [...coreHostileValues, ...drawn];
}

/** `/v/[village]/notices/[id]` for `src/routes/(notices)/v/[village]/notices/[id]/+page.svelte`: route groups are not in URLs. */
export function routeOf(file: string): string {
	const path = file
		.replace(/^\/src\/routes/, '')
		.replace(/\/\([^/)]+\)/g, '')
		.replace(/\/\+(page\.svelte|page\.server\.ts|server\.ts)$/, '');
	return path === '' ? '/' : path;
}

// Every file under src/routes as text: the fuzzers read what each route declares.
const sources = import.meta.glob<string>('/src/routes/**/*.{ts,svelte}', { query: '?raw', import: 'default', eager: true });
const libSources = import.meta.glob<string>('/src/lib/**/*.ts', { query: '?raw', import: 'default', eager: true });

/** The source files of a route's own folder. */
export function routeSources(route: string): string[] {
	const folderRoute = (file: string) => file.slice(0, file.lastIndexOf('/')).replace(/^\/src\/routes/, '').replace(/\/\([^/)]+\)/g, '') || '/';
	return Object.entries(sources)
		.filter(([file]) => folderRoute(file) === route)
		.map(([, text]) => text);
}

/** Pages (GET) and endpoints with a GET handler. */
export function getRoutes(): string[] {
	return Object.entries(sources)
		.filter(([file, text]) => file.endsWith('/+page.svelte') || (file.endsWith('/+server.ts') && /export (const|async function|function) GET\b/.test(text)))
		.map(([file]) => routeOf(file))
		.filter((route, index, all) => all.indexOf(route) === index)
		.sort();
}

const queryNamePattern = /(?:searchParams|params)\.(?:get|has|getAll)\('([^']+)'\)/g;

/** The source of a `$lib/…` module a route imports. */
const libModule = (specifier: string) => libSources[`/src/lib/${specifier}.ts`] ?? libSources[`/src/lib/${specifier}/index.ts`] ?? '';

/** The query parameters a route's own files read, and the $lib modules they import (the market and feed filters, sign-in's `next`). */
export function routeQueryNames(route: string): string[] {
	const own = routeSources(route);
	const imported = own.flatMap((text) => [...text.matchAll(/from '\$lib\/([^']+)'/g)].map((match) => libModule(match[1])));
	return [...new Set([...own, ...imported].flatMap((text) => [...text.matchAll(queryNamePattern)].map((match) => match[1])))];
}

/** Every query parameter read anywhere (src/lib too: the market and feed filters, preferences, `next`). */
export function allQueryNames(): string[] {
	const texts = [...Object.values(sources), ...Object.values(libSources)];
	return [...new Set(texts.flatMap((text) => [...text.matchAll(queryNamePattern)].map((match) => match[1])))].sort();
}

/** Form actions, `/route?/name`, from each +page.server.ts's `export const actions = { name: … }`. */
export function formActions(): { route: string; name: string }[] {
	return Object.entries(sources)
		.filter(([file]) => file.endsWith('/+page.server.ts'))
		.flatMap(([file, text]) => {
			const block = /export const actions = \{([\s\S]*?)\n\}/.exec(text)?.[1] ?? '';
			return [...block.matchAll(/^\t(?:\/\*\*[^\n]*\*\/\n\t)?(\w+):/gm)].map((match) => ({ route: routeOf(file), name: match[1] }));
		})
		.sort((a, b) => `${a.route}?/${a.name}`.localeCompare(`${b.route}?/${b.name}`));
}

/**
 * The fields a form action may read: `name="…"` in the route's folder and in the shared
 * parts (components, *.server.ts) of the folder above it, and `form.x` / `fields.x` in its server files.
 * A name made from an id (`seen_qty_{id}`) is given the id 1.
 */
export function formFieldNames(route: string): string[] {
	const parent = route.slice(0, route.lastIndexOf('/')) || '/';
	const parentParts = Object.entries(sources)
		.filter(([file]) => file.startsWith(`/src/routes${parent === '/' ? '' : parent}/`) && !file.includes('/+') && file.split('/').length === `/src/routes${parent}`.split('/').length + 1)
		.map(([, text]) => text);
	const texts = [...routeSources(route), ...(route === '/' ? [] : parentParts)];
	const names = texts.flatMap((text) => [
		...[...text.matchAll(/\bname="([\w-]+)"/g)].map((match) => match[1]),
		...[...text.matchAll(/\bname="([\w-]+)\{/g)].map((match) => `${match[1]}1`),
		...[...text.matchAll(/\b(?:form|fields)\.(\w+)/g)].map((match) => match[1])
	]);
	return [...new Set(names)].filter((name) => !['server', 'message', 'section'].includes(name)).sort();
}

/** The demo users: every one signs in with the demo password. */
export const demoUsers = ['admin', 'cadre', 'villager', 'expert', 'buyer'] as const;
export type Role = 'visitor' | (typeof demoUsers)[number];

/** A client that keeps cookies and posts like a browser without JavaScript. */
export class FuzzClient {
	#cookies = new Map<string, string>();
	constructor(readonly baseURL: string) {}

	async send(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		headers.set('x-forwarded-for', nextClientAddress());
		return fetchWithCookies(this.#cookies, this.baseURL, path, { ...init, headers });
	}

	async post(path: string, fields: [string, string][]): Promise<Response> {
		return this.send(path, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString()
		});
	}

	async login(username: string): Promise<this> {
		const response = await this.post('/login', [['username', username], ['password', DEMO_PASSWORD]]);
		await response.arrayBuffer();
		if (response.status !== 303) throw new Error(`Login as ${username} answered ${response.status}`);
		return this;
	}
}

/** Real values for the route parameters, read from the fuzzers' own demo database. */
export type DemoIds = Record<'village' | 'notices' | 'letters' | 'orders' | 'teams' | 'products' | 'file', string[]>;

export function readDemoIds(databasePath: string): DemoIds {
	const db = new Database(databasePath, { readonly: true, fileMustExist: true });
	try {
		const column = (sql: string) => db.prepare(sql).pluck().all().map(String);
		const renditions = db.prepare('select id, renditions from photos limit 3').all() as { id: string; renditions: string }[];
		return {
			// The village with the most notices first: a notice's page is under its own village.
			village: column('select slug from villages order by (select count(*) from notices where notices.village_id = villages.id) desc, id'),
			notices: column(
				'select id from notices where village_id = (select village_id from notices group by village_id order by count(*) desc, village_id limit 1) order by id limit 6'
			),
			letters: column('select id from letters order by id limit 6'),
			orders: column('select id from orders order by id limit 6'),
			teams: column('select id from teams order by id limit 6'),
			products: column('select id from products order by id limit 6'),
			file: renditions.flatMap(({ id, renditions }) =>
				(JSON.parse(renditions) as { width: number; format: string }[]).slice(0, 1).map((r) => `${id}-${r.width}.${r.format === 'jpeg' ? 'jpg' : r.format}`)
			)
		};
	} finally {
		db.close();
	}
}

/** Real ids for a route's `[param]`: the folder before `[id]` says which table. */
export function realParamValues(route: string, param: string, ids: DemoIds): string[] {
	if (param === 'village') return route.includes('[id]') ? ids.village.slice(0, 1) : ids.village;
	if (param === 'product') return ids.products;
	if (param === 'file') return ids.file;
	const segments = route.split('/');
	const table = segments[segments.indexOf(`[${param}]`) - 1];
	return table === 'notices' || table === 'letters' || table === 'orders' || table === 'teams' || table === 'products' ? ids[table] : ['1'];
}

/**
 * Tables whose rows a refused request may legitimately change: sign-in state, throttles, replay
 * records, read marks made by showing a page; and the server's own heartbeat and job runs, which
 * change while the fuzzer works whatever it sends.
 */
const bookkeeping = new Set(['sessions', 'trusted_devices', 'throttle_events', 'idempotent_requests', 'notice_reads', 'notifications', 'server_processes', 'jobs']);

/**
 * Row count and a hash of every row of every table but the bookkeeping ones and the
 * full-text index (derived from the products). One read-only connection for the whole
 * run: each read sees the server's latest commit.
 */
export function databaseFingerprinter(databasePath: string): { read: () => Map<string, string>; close: () => void } {
	const db = new Database(databasePath, { readonly: true, fileMustExist: true });
	const all = db.prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string; sql: string }[];
	const virtual = all.filter((table) => /^create virtual/i.test(table.sql)).map((table) => table.name);
	const tables = all
		.map((table) => table.name)
		.filter((name) => !bookkeeping.has(name) && !name.startsWith('__drizzle') && !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
	const statements = tables.map((table) => [table, db.prepare(`select * from "${table}"`).raw()] as const);
	return {
		read() {
			const fingerprint = new Map<string, string>();
			for (const [table, statement] of statements) {
				// Sorted as text: some tables have no rowid to order by.
				const rows = statement.all().map((row) => JSON.stringify(row)).sort();
				fingerprint.set(table, `${rows.length}:${createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16)}`);
			}
			return fingerprint;
		},
		close: () => db.close()
	};
}

export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
	return [...new Set([...before.keys(), ...after.keys()])].filter((table) => before.get(table) !== after.get(table));
}

/**
 * The fuzzers' own server on a fresh demo database, so the writes that succeed disturb no other
 * test. It reads the client's address from X-Forwarded-For, as behind a proxy, so the fuzzer's
 * thousands of refused logins and sign-ups come from many addresses: from one, the address
 * limits would slow every later login by seconds (as they should) and the run would crawl.
 */
/** A server of the fuzzers' own, on a copy of the freshly seeded demo county. */
export const startFuzzServer = () =>
	startFromSnapshot(inject('demoSnapshot'), { timeoutMs: 150_000, env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', SIGNUP_BURST: '100000' } });

let requestsSent = 0;
/** An address from the documentation ranges (RFC 5737), a different one for each request in turn. */
const nextClientAddress = () => `${['192.0.2', '198.51.100', '203.0.113'][requestsSent % 3]}.${(Math.floor(requestsSent++ / 3) % 254) + 1}`;

/** A request and what came back, short enough for a failure message. */
export function describe(method: string, path: string, role: Role, status: number, extra = ''): string {
	const shown = path.length > 200 ? `${path.slice(0, 200)}…(${path.length} chars)` : path;
	return `${method} ${JSON.stringify(shown)} as ${role} → ${status}${extra ? ` ${extra}` : ''}`;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => entities[name]);
const attribute = (tag: string, name: string) => {
	const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
	return match ? decode(match[1]) : null;
};

/** What a browser would post from the form for `?/action` on a page: inputs, checked boxes, chosen options, textareas. */
export function formValues(html: string, action: string): [string, string][] {
	// A default action's form has no `?/name`: it posts to the page itself.
	const posts = (tag: string) =>
		action === 'default' ? /method="post"/i.test(tag) && !/action="[^"]*\?\//.test(tag) : new RegExp(`action="[^"]*\\?/${action}"`).test(tag);
	const form = html
		.split('<form')
		.slice(1)
		.find((chunk) => posts(chunk.slice(0, chunk.indexOf('>'))))
		?.split('</form>')[0];
	if (!form) return [];
	const values: [string, string][] = [];
	for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
		const name = attribute(tag, 'name');
		const type = attribute(tag, 'type') ?? 'text';
		if (!name || type === 'file' || ((type === 'checkbox' || type === 'radio') && !/\schecked/.test(tag))) continue;
		values.push([name, attribute(tag, 'value') ?? (type === 'checkbox' ? 'on' : '')]);
	}
	for (const [, tag, text] of form.matchAll(/<textarea\b([^>]*)>([^<]*)<\/textarea>/g)) {
		const name = attribute(tag, 'name');
		if (name) values.push([name, decode(text)]);
	}
	for (const [, tag, options] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
		const name = attribute(tag, 'name');
		const chosen = /<option\b[^>]*\sselected[^>]*>/.exec(options)?.[0] ?? /<option\b[^>]*>/.exec(options)?.[0];
		if (name && chosen) values.push([name, attribute(chosen, 'value') ?? '']);
	}
	return values;
}
