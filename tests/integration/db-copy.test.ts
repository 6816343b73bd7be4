// npm run db:copy moves a county from PostgreSQL to SQLite and back with nothing lost:
// every row of every table arrives equal (times, booleans, JSON, bytes, money), and a
// copy into a database that is not empty is refused without touching it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { databaseUrl, engine } from '$lib/server/platform/db';
import { addToCart } from '$lib/server/market/cart';
import { placeOrders } from '$lib/server/market/checkout';
import { parseCheckoutForm } from '$lib/market/forms';
import { createDatabase } from '../../scripts/postgres-server.js';
import { insertProduct, makeCadre, makeNotice, makeSeller, makeUser, makeVillager } from './factories';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'village-square-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function copy(from: string, to: string): Promise<{ code: number; output: string }> {
	try {
		const { stdout, stderr } = await run(process.execPath, ['scripts/db-copy.js', from, to], { timeout: 120_000 });
		return { code: 0, output: stdout + stderr };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, output: failed.stdout + failed.stderr };
	}
}

/** Every row of every table of a PostgreSQL database, in key order, as node-postgres reads them. */
async function everything(url: string): Promise<Record<string, unknown[]>> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const tables = await client.query<{ name: string }>(
			"select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('jobs', 'server_processes') order by 1"
		);
		const out: Record<string, unknown[]> = {};
		for (const { name } of tables.rows) out[name] = (await client.query(`select * from "${name}" order by 1, 2`)).rows;
		return out;
	} finally {
		await client.end();
	}
}

// Each copy starts Vite to load the schemas: seconds, not milliseconds.
describe.runIf(engine === 'postgres')('db:copy', { timeout: 120_000 }, () => {
	it('copies PostgreSQL to SQLite and back, every row equal', async () => {
		const { seller, village } = await makeSeller();
		await makeVillager(village);
		await makeNotice(village, await makeCadre(village), { title: '停水通知 ✓', body: '明天上午停水。\n请提前储水。' });
		const product = await insertProduct(village, seller, { title: '舒王庄樱桃', priceFen: 3990, stock: 20, pickup: true });
		const buyer = await makeUser();
		await addToCart({ userId: buyer.id }, { productId: product.id, quantity: 3 });
		await placeOrders({ userId: buyer.id }, parseCheckoutForm({ name: '陈先生', phone: '138 1234 5678', address: '北京市朝阳区幸福路 8 号', payment: 'later', [`delivery_${seller.id}`]: 'ship' }));

		const sqliteFile = join(dir, 'county.db');
		const there = await copy(databaseUrl, sqliteFile);
		expect(there.output).toContain('Every row and every money total arrived.');
		expect(there.code).toBe(0);

		const adminUrl = new URL(databaseUrl);
		adminUrl.pathname = '/postgres';
		const back = await createDatabase(adminUrl.toString(), { name: `copy_back_${process.pid}` });
		const home = await copy(sqliteFile, back);
		expect(home.code).toBe(0);

		const [before, after] = [await everything(databaseUrl), await everything(back)];
		expect(Object.keys(after)).toEqual(Object.keys(before));
		for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
		expect(before.orders.length).toBe(1);
		expect(before.search_entries.length).toBeGreaterThan(0);
	});

	it('refuses to copy into a database that is not empty, and leaves it as it was', async () => {
		const full = join(dir, 'full.db');
		expect((await copy(databaseUrl, full)).code).toBe(0);
		const again = await copy(databaseUrl, full);
		expect(again.code).toBe(1);
		expect(again.output).toMatch(/not empty/);
		const check = await copy(full, join(dir, 'check.db'));
		expect(check.code).toBe(0);
	});
});
