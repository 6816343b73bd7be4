// The one transaction function, on whichever engine the run uses: all or nothing,
// one open transaction at a time per flow, and no statement that reaches around `tx`.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, engine, onOwnConnections, transaction, users, withWriteWitness, type Tx } from '$lib/server/platform/db';

let serial = 0;
const name = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

function insertUser(tx: Tx, username: string) {
	return tx.insert(users).values({ username, displayName: username, passwordHash: 'not-a-hash' }).returning({ id: users.id });
}

async function exists(username: string): Promise<boolean> {
	return (await db.select({ id: users.id }).from(users).where(eq(users.username, username))).length > 0;
}

/** What the guard throws, found through Drizzle's "Failed query" wrapper when there is one. */
function rootCause(error: unknown): string {
	let e = error as { cause?: unknown; message?: string };
	while (e?.cause) e = e.cause as typeof e;
	return String(e?.message ?? e);
}

describe('transaction()', () => {
	it('commits what its body wrote and returns its value', async () => {
		const username = name('commit');
		const [row] = await transaction((tx) => insertUser(tx, username));
		expect(row.id).toBeGreaterThan(0);
		expect(await exists(username)).toBe(true);
	});

	it('rolls back every statement when the body fails late', async () => {
		const first = name('first');
		const second = name('second');
		const failed = transaction(async (tx) => {
			await insertUser(tx, first);
			await insertUser(tx, second);
			throw new Error('late failure');
		});
		await expect(failed).rejects.toThrow('late failure');
		expect(await exists(first)).toBe(false);
		expect(await exists(second)).toBe(false);
	});

	it('refuses a statement on the shared handle inside a transaction', async () => {
		const username = name('around');
		const error = await transaction(async (tx) => {
			await insertUser(tx, username);
			await db.select().from(users);
		}).catch((e: unknown) => e);
		expect(rootCause(error)).toMatch(/shared database handle inside a transaction/);
		expect(await exists(username)).toBe(false);
	});

	it('refuses a transaction opened inside another', async () => {
		const error = await transaction(() => transaction(async () => 1)).catch((e: unknown) => e);
		expect(rootCause(error)).toMatch(/inside a transaction/);
	});

	it('keeps concurrent transactions apart: each sees only its own writes until it commits', async () => {
		const a = name('a');
		const b = name('b');
		const seen: string[][] = [];
		const body = (mine: string, other: string) =>
			transaction(async (tx) => {
				await insertUser(tx, mine);
				// Give the other flow every chance to run in between.
				await new Promise((r) => setTimeout(r, 20));
				const rows = await tx.select({ username: users.username }).from(users).where(eq(users.username, other));
				seen.push(rows.map((r) => r.username));
			});
		await Promise.all([body(a, b), body(b, a)]);
		expect(await exists(a)).toBe(true);
		expect(await exists(b)).toBe(true);
		// However the engine orders them, the second to finish may see the first's committed row,
		// but never both see each other's uncommitted one.
		expect(seen.filter((s) => s.length > 0).length).toBeLessThanOrEqual(1);
	});

	it('writes the request witness in the same transaction, and not when the body fails', async () => {
		const recorded: string[] = [];
		const witness = {
			result: null as string | null,
			async record(tx: Tx) {
				const [row] = await insertUser(tx, name('witness'));
				recorded.push(`${row.id} ${witness.result}`);
			}
		};
		await withWriteWitness(witness, async () => {
			await expect(
				transaction(async (tx) => {
					await insertUser(tx, name('refused'));
					throw new Error('refused');
				})
			).rejects.toThrow('refused');
			expect(recorded).toHaveLength(0);
			await transaction(async (tx) => {
				await insertUser(tx, name('kept'));
				witness.result = '/orders/1';
			});
		});
		expect(recorded).toHaveLength(1);
		expect(recorded[0]).toMatch(/ \/orders\/1$/);
	});
});

describe('onOwnConnections()', () => {
	it('answers reads while every connection of the pool is held by a transaction', async () => {
		const username = name('lane');
		await transaction((tx) => insertUser(tx, username));
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		// As many open transactions as the pool has connections (SQLite runs one and queues the rest).
		const poolSize = Number(process.env.DATABASE_POOL_SIZE) || 10;
		let started = 0;
		const transactions = Array.from({ length: poolSize }, () =>
			transaction(async (tx) => {
				started++;
				await tx.select({ id: users.id }).from(users).limit(1);
				await held;
			})
		);
		while (started < (engine === 'postgres' ? poolSize : 1)) await new Promise((r) => setTimeout(r, 5));

		let plainAnswered = false;
		const plain = exists(username).then((found) => ((plainAnswered = true), found));
		expect(await onOwnConnections(() => exists(username))).toBe(true);
		// PostgreSQL: a plain read queues for the pool, behind the open transactions.
		if (engine === 'postgres') expect(plainAnswered).toBe(false);
		release();
		await Promise.all(transactions);
		expect(await plain).toBe(true);
	});
});
