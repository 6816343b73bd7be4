// A database made by today's release upgrades in place with nothing lost: built with only the
// migrations that release shipped, filled with rows in every table by plain SQL, then migrated
// with the whole current folder, as a server started after `git pull` would. Runs on the engine
// of its project: SQLite in `unit`, PostgreSQL in `integration-postgres`.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, inject, test } from 'vitest';
import { createDatabase, dropDatabase } from '../../scripts/postgres-server.js';
import { type Engine, migratePostgres, migrateSqlite, migrationsFolder } from './migrations';

/**
 * How many of each folder's migrations the last release shipped: SQLite's 0000–0008;
 * PostgreSQL's baseline 0000 (it has not shipped yet). Raise these with a release, and make
 * the rows below fit what that release's schema requires.
 */
const RELEASED: Record<Engine, number> = { sqlite: 9, postgres: 1 };

/** The market's search index is made from products by triggers: a later migration may rebuild it. */
const DERIVED = /^product_search/;

type Journal = { entries: { idx: number; tag: string; when: number }[] };
const readJournal = (folder: string): Journal => JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8'));

/** A copy of the first `count` migrations of `folder`, with its journal cut to them. */
function releasedMigrations(folder: string, count: number, into: string): string {
	const journal = readJournal(folder);
	expect(journal.entries.length, `${folder} has fewer migrations than the release shipped`).toBeGreaterThanOrEqual(count);
	mkdirSync(join(into, 'meta'), { recursive: true });
	const entries = journal.entries.slice(0, count);
	for (const { tag } of entries) copyFileSync(join(folder, `${tag}.sql`), join(into, `${tag}.sql`));
	writeFileSync(join(into, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
	return into;
}

/** A moment, stored as each engine stores Drizzle's timestamps. */
class Moment {
	constructor(readonly ms: number) {}
}
/** A yes/no, stored as each engine stores Drizzle's booleans. */
class Flag {
	constructor(readonly value: boolean) {}
}
const start = Date.UTC(2026, 10, 1, 8, 0, 0);
const at = (minutes: number) => new Moment(start + minutes * 60_000);
const yes = new Flag(true);
const no = new Flag(false);
const bytes = (text: string) => createHash('sha256').update(text).digest();

/**
 * Rows for every table of the released schema, in an order that keeps foreign keys whole.
 * Ids are given, so the references below are plain numbers.
 */
const rows: [table: string, row: Record<string, unknown>][] = [
	['users', { id: 1, username: 'admin', display_name: '管理员', password_hash: 'x', is_admin: yes, easy_mode: no, created_at: at(0) }],
	['users', { id: 2, username: 'cadre', display_name: '王书记', password_hash: 'x', phone: '13800000002', created_at: at(1) }],
	['users', { id: 3, username: 'seller', display_name: '李大姐', password_hash: 'x', locale: 'en', data_saver: 'on', created_at: at(2) }],
	['users', { id: 4, username: 'buyer', display_name: '张先生', password_hash: 'x', easy_mode: yes, created_at: at(3) }],
	['villages', { id: 1, slug: 'shuwangzhuang', name: '舒王庄', county: '巨野县', story: '樱桃之乡', created_at: at(4) }],
	['sessions', { id: 'session-1', secret_hash: bytes('secret'), user_id: 4, created_at: at(5), last_verified_at: at(6) }],
	['throttle_events', { id: 1, bucket: 'login', key: '127.0.0.1', at: at(7) }],
	['trusted_devices', { id: 1, user_id: 4, token_hash: bytes('device'), created_at: at(8) }],
	['join_codes', { id: 1, village_id: 1, code_hash: 'code-hash', hint: 'AB', for_name: '李大姐', created_by: 2, created_at: at(9), expires_at: at(9000), redeemed_by: 3, redeemed_at: at(10) }],
	['memberships', { id: 1, user_id: 2, village_id: 1, role: 'cadre', real_name: '王建国', verified_by: 1, verified_at: at(11) }],
	['memberships', { id: 2, user_id: 3, village_id: 1, role: 'villager', real_name: '李秀英', verified_by: 2, verified_at: at(12) }],
	['audit_log', { id: 1, at: at(12), actor_id: 2, village_id: 1, action: 'membership.verify', subject_user_id: 3, detail: JSON.stringify({ name: '李秀英' }) }],
	['photos', { id: 'photo-1', width: 1024, height: 768, placeholder: 'data:image/webp;base64,AAAA', renditions: JSON.stringify([{ width: 320, format: 'webp', bytes: 1000 }]), uploaded_by: 3, created_at: at(13) }],
	['idempotent_requests', { id: 1, scope: 'user:4', key: 'key-1', request_hash: 'hash', owner: 'boot-1', committed_at: at(14), status: 303, location: '/market/orders', created_at: at(14) }],
	['notices', { id: 1, village_id: 1, author_id: 2, title: '秋收安排', body: '各位村民…', category: 'affairs', audience: 'public', pinned: yes, important: no, status: 'published', created_at: at(15), published_at: at(16), edited_at: at(17) }],
	['notice_versions', { id: 1, notice_id: 1, title: '秋收', body: '旧文', rows: JSON.stringify([{ item: '化肥', amountFen: 50000 }]), replaced_at: at(17), replaced_by: 2 }],
	['notice_photos', { notice_id: 1, position: 0, photo_id: 'photo-1' }],
	['notice_reads', { notice_id: 1, user_id: 3, read_at: at(18), acknowledged_at: at(19) }],
	['notice_comments', { id: 1, notice_id: 1, author_id: 3, body: '收到', created_at: at(20) }],
	['comment_reports', { comment_id: 1, user_id: 4, reason: 'spam', created_at: at(21) }],
	['disclosure_rows', { id: 1, notice_id: 1, position: 0, date: '2026-10-30', item: '修路', amount_fen: 1_234_500, counterparty: '县交通局' }],
	['disclosure_rows', { id: 2, notice_id: 1, position: 1, date: '2026-10-31', item: '路灯', amount_fen: -20_000 }],
	['polls', { id: 1, notice_id: 1, question: '哪天开会？', closes_at: at(9000) }],
	['poll_options', { id: 1, poll_id: 1, position: 0, label: '周六' }],
	['poll_options', { id: 2, poll_id: 1, position: 1, label: '周日' }],
	['poll_votes', { poll_id: 1, user_id: 3, option_id: 2, voted_at: at(22) }],
	['letters', { id: 1, village_id: 1, author_id: 3, subject: '路灯坏了', created_at: at(23), updated_at: at(24), published_at: at(25) }],
	['letter_messages', { id: 1, letter_id: 1, author_id: 3, from_committee: no, body: '村口路灯不亮', created_at: at(23) }],
	['letter_messages', { id: 2, letter_id: 1, author_id: 2, from_committee: yes, body: '明天修', created_at: at(24) }],
	['products', { id: 1, village_id: 1, seller_id: 3, cooperative: no, title: '大樱桃', description: '当天采摘', category: 'fruit', unit: 'jin', price_fen: 1500, stock: 8, min_order: 1, shipping: yes, ship_fee_fen: 500, pickup: yes, pickup_place: '村委会门口', pickup_time: '下午4点后', team_size: 2, team_price_fen: 1200, team_hours: 24, status: 'listed', review_count: 1, rating_total: 5, created_at: at(26), updated_at: at(27), listed_at: at(27) }],
	['products', { id: 2, village_id: 1, seller_id: 2, cooperative: yes, title: '小米', description: '合作社', category: 'grain', unit: 'bag', price_fen: 3990, stock: 0, status: 'sold_out', created_at: at(28), updated_at: at(29), listed_at: at(28) }],
	['product_photos', { product_id: 1, position: 0, photo_id: 'photo-1' }],
	['cart_items', { user_id: 4, product_id: 2, quantity: 3, added_at: at(30) }],
	['teams', { id: 1, product_id: 1, starter_id: 4, size: 2, price_fen: 1200, status: 'open', created_at: at(31), expires_at: at(31 + 24 * 60) }],
	['orders', { id: 1, checkout_id: 'checkout-1', buyer_id: 4, seller_id: 3, village_id: 1, status: 'completed', delivery: 'ship', recipient_name: '张先生', recipient_phone: '13900000004', address: '巨野县某路1号', subtotal_fen: 3000, ship_fee_fen: 500, total_fen: 3500, payment_provider: 'offline', payment_method: 'transfer', payment_reference: 'VS-1', paid_at: at(33), tracking_note: '顺丰 123', created_at: at(32), updated_at: at(40) }],
	['orders', { id: 2, checkout_id: 'checkout-2', buyer_id: 4, seller_id: 3, village_id: 1, status: 'teaming', delivery: 'pickup', recipient_name: '张先生', recipient_phone: '13900000004', pickup_place: '村委会门口', subtotal_fen: 1200, ship_fee_fen: 0, total_fen: 1200, payment_provider: 'offline', payment_method: 'pickup', team_id: 1, created_at: at(31), updated_at: at(31), expires_at: at(31 + 48 * 60) }],
	['order_lines', { id: 1, order_id: 1, product_id: 1, title: '大樱桃', unit: 'jin', unit_price_fen: 1500, quantity: 2, line_total_fen: 3000 }],
	['order_lines', { id: 2, order_id: 2, product_id: 1, title: '大樱桃', unit: 'jin', unit_price_fen: 1200, quantity: 1, line_total_fen: 1200 }],
	['order_events', { id: 1, order_id: 1, status: 'placed', actor_id: 4, at: at(32) }],
	['order_events', { id: 2, order_id: 1, status: 'confirmed', kind: 'paid', actor_id: 3, note: '已收款', at: at(33) }],
	['order_events', { id: 3, order_id: 1, status: 'completed', actor_id: 4, at: at(40) }],
	['reviews', { id: 1, order_id: 1, product_id: 1, buyer_id: 4, rating: 5, comment: '很甜', photo_id: 'photo-1', created_at: at(41) }],
	['notifications', { id: 1, user_id: 3, kind: 'order.placed', params: JSON.stringify({ order: 1 }), href: '/market/orders/1', created_at: at(32), read_at: at(35) }]
];

/** A row's values as the engine stores them. */
function stored(engine: Engine, value: unknown): unknown {
	if (value instanceof Moment) return engine === 'sqlite' ? value.ms : new Date(value.ms);
	if (value instanceof Flag) return engine === 'sqlite' ? Number(value.value) : value.value;
	return value;
}

function insertSql(table: string, columns: string[], placeholder: (index: number) => string): string {
	return `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) VALUES (${columns.map((_, index) => placeholder(index)).join(', ')})`;
}

/** One engine's database, as far as this test needs it. */
type Target = {
	query(sql: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
	tables(): Promise<string[]>;
	moneyColumns(table: string): Promise<string[]>;
	/** The migrator's own record: one row per migration it applied. */
	applied(): Promise<{ hash: string; created_at: string }[]>;
};

function sqliteTarget(file: string): Target & { close(): void } {
	const sqlite = new Database(file);
	// As the app opens it: the rows must keep their foreign keys whole.
	sqlite.pragma('foreign_keys = ON');
	return {
		async query(sql, values = []) {
			const statement = sqlite.prepare(sql);
			if (statement.reader) return statement.all(...values) as Record<string, unknown>[];
			statement.run(...values);
			return [];
		},
		async tables() {
			const found = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations' ORDER BY name`).all() as { name: string }[];
			return found.map(({ name }) => name);
		},
		async moneyColumns(table) {
			return (sqlite.pragma(`table_info("${table}")`) as { name: string }[]).map(({ name }) => name).filter((name) => name.endsWith('_fen'));
		},
		async applied() {
			return sqlite.prepare(`SELECT hash, CAST(created_at AS TEXT) AS created_at FROM __drizzle_migrations ORDER BY id`).all() as { hash: string; created_at: string }[];
		},
		close: () => sqlite.close()
	};
}

function postgresTarget(client: pg.Client): Target {
	return {
		async query(sql, values = []) {
			let index = 0;
			return (await client.query(sql.replace(/\?/g, () => `$${++index}`), values)).rows;
		},
		async tables() {
			const found = await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
			return found.rows.map(({ name }) => name);
		},
		async moneyColumns(table) {
			const found = await client.query<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name LIKE '%\\_fen'`, [table]);
			return found.rows.map(({ name }) => name);
		},
		async applied() {
			return (await client.query<{ hash: string; created_at: string }>(`SELECT hash, created_at::text AS created_at FROM drizzle.__drizzle_migrations ORDER BY id`)).rows;
		}
	};
}

/** Rows per table and the sum of every money column (…_fen), as exact text. */
async function inventory(target: Target, tables: string[]): Promise<Record<string, string>> {
	const counts: Record<string, string> = {};
	for (const table of tables) {
		counts[`${table} rows`] = String((await target.query(`SELECT COUNT(*) AS n FROM "${table}"`))[0].n);
		for (const column of await target.moneyColumns(table)) {
			counts[`${table}.${column} sum`] = String((await target.query(`SELECT COALESCE(SUM("${column}"), 0) AS total FROM "${table}"`))[0].total);
		}
	}
	return counts;
}

/** What drizzle records for a migration file: the SHA-256 of its SQL. */
const migrationHash = (folder: string, tag: string) => createHash('sha256').update(readFileSync(join(folder, `${tag}.sql`), 'utf8')).digest('hex');

/** The whole upgrade on one engine; `migrate` applies a folder's pending migrations. */
async function upgradesInPlace(engine: Engine, target: Target, migrate: (folder: string) => Promise<void>, scratch: string) {
	const current = migrationsFolder(engine);
	await migrate(releasedMigrations(current, RELEASED[engine], join(scratch, 'released')));
	for (const [table, row] of rows) {
		const columns = Object.keys(row);
		await target.query(insertSql(table, columns, () => '?'), columns.map((column) => stored(engine, row[column])));
	}

	const tables = (await target.tables()).filter((table) => !DERIVED.test(table));
	const before = await inventory(target, tables);
	// The rows above reach every table of the release, so every table's rows are checked.
	expect(Object.entries(before).filter(([key, count]) => key.endsWith(' rows') && count === '0').map(([key]) => key)).toEqual([]);
	const appliedBefore = await target.applied();
	expect(appliedBefore).toHaveLength(RELEASED[engine]);

	await migrate(current);

	expect(await inventory(target, tables)).toEqual(before);
	// SQLite rebuilds a table to change it, with foreign keys off meanwhile: none may dangle after.
	if (engine === 'sqlite') expect(await target.query('PRAGMA foreign_key_check')).toEqual([]);
	// Each migration applied once, in journal order: the released ones kept as they were, not
	// run again, and every later one after them, none skipped.
	const appliedAfter = await target.applied();
	expect(appliedAfter.slice(0, appliedBefore.length)).toEqual(appliedBefore);
	expect(appliedAfter.map(({ hash }) => hash), 'the journal\'s migrations, each applied once in order (drizzle skips one whose "when" is older than the last applied)').toEqual(readJournal(current).entries.map(({ tag }) => migrationHash(current, tag)));
}

const scratch = mkdtempSync(join(tmpdir(), 'village-square-upgrade-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');

// One engine per project: each run tests the engine its project gives DATABASE_URL.
if (!onPostgres) test('a SQLite database made by the last release upgrades in place with every row and every fen kept', async () => {
	const file = join(scratch, 'released.db');
	const target = sqliteTarget(file);
	try {
		await upgradesInPlace('sqlite', target, async (folder) => migrateSqlite(file, folder), scratch);
	} finally {
		target.close();
	}
});

if (onPostgres) test('a PostgreSQL database made by the last release upgrades in place with every row and every fen kept', async () => {
	const adminUrl = inject('postgresAdminUrl');
	// An empty database, not the file's own: that one already has every migration.
	const url = await createDatabase(adminUrl, { name: `${inject('postgresDatabasePrefix')}upgrade` });
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await upgradesInPlace('postgres', postgresTarget(client), (folder) => migratePostgres(url, folder), scratch);
	} finally {
		await client.end();
		await dropDatabase(adminUrl, url);
	}
});
