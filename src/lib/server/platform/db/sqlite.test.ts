import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, expect, test } from 'vitest';
import * as schema from './schema';
import { openSqlite } from './sqlite';
import { GlobalHandleInTransaction } from './transaction-scope';

const dir = mkdtempSync(join(tmpdir(), 'village-square-sqlite-'));
const opened = openSqlite(join(dir, 'test.db'), schema, resolve('drizzle', 'sqlite'));
afterAll(async () => {
	await opened.close();
	rmSync(dir, { recursive: true, force: true });
});

await opened.transaction(async (tx) => {
	await tx.insert(schema.villages).values({ slug: 'liuhe', name: '六合村', county: '巨野县' });
});

test('a statement is compiled once per connection and handed out again for the same SQL', () => {
	const client = opened.shared.$client;
	const text = 'SELECT slug FROM villages WHERE id = ?';
	expect(client.prepare(text)).toBe(client.prepare(text));
	expect(client.prepare(text)).not.toBe(client.prepare(`${text} `));
});

test('a statement Drizzle switched to arrays answers with objects when the same SQL runs again', async () => {
	const query = opened.shared.select({ id: schema.villages.id, slug: schema.villages.slug }).from(schema.villages);
	// Drizzle maps the columns itself here, reading rows as arrays (raw mode).
	expect(await query).toEqual([{ id: 1, slug: 'liuhe' }]);
	// The same text as raw SQL reads objects, from the statement compiled above.
	expect(opened.shared.all(sql.raw(query.toSQL().sql))).toEqual([{ id: 1, slug: 'liuhe' }]);
});

test('the shared connection still refuses a statement inside a transaction, compiled before or not', async () => {
	const read = () => opened.shared.select({ id: schema.villages.id }).from(schema.villages);
	await read();
	await expect(opened.transaction(async () => read())).rejects.toThrow(GlobalHandleInTransaction);
});

test('a long queue of transactions leaves the event loop a turn between them', async () => {
	const finished: number[] = [];
	let doneWhenTheLoopTurned = -1;
	const queued = Array.from({ length: 50 }, (_, i) =>
		opened.transaction(async (tx) => {
			await tx.select({ id: schema.villages.id }).from(schema.villages);
			// What waits for the loop (a socket's write, a request read) gets in after this one, not after all.
			if (i === 0) setImmediate(() => (doneWhenTheLoopTurned = finished.length));
			finished.push(i);
		})
	);
	await Promise.all(queued);
	expect(doneWhenTheLoopTurned).toBe(1);
	expect(finished).toHaveLength(50);
});
