// A village's ledger on either engine: entries chained as docs/ledger.md says (the verifier
// checks what the server wrote), one chain per village with no gap or fork under concurrent
// appends, checkpoints signed with the deployment's key, and rows nobody can change or delete.
import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { charityProjects, db, ledgerEntries, queryRows, transaction, type Village } from '$lib/server/platform/db';
import { verifyLedger } from '$lib/charity/ledger-verify.js';
import { appendLedgerEntry, ledgerKey, sealLedger, villageLedger, type EntryFields } from '$lib/server/charity/ledger';
import { makeCadre, makeVillage } from './factories';

/** A project row as the charity pages will make it (the project functions come with its pages). */
async function makeProject(village: Village): Promise<number> {
	const cadre = await makeCadre(village);
	const [row] = await transaction((tx) =>
		tx.insert(charityProjects).values({ villageId: village.id, title: '村口路灯', category: 'infrastructure', goalFen: 2_000_000, createdBy: cadre.id, responsibleId: cadre.id }).returning({ id: charityProjects.id })
	);
	return row.id;
}

const entry = (project: number, kind: EntryFields['kind'], amountFen: number, more: Partial<EntryFields> = {}): EntryFields => ({
	kind,
	project,
	amountFen,
	label: '',
	donor: null,
	receipt: null,
	receipts: [],
	approvers: [],
	reverses: null,
	checkpoint: null,
	...more
});
const append = (village: Village, fields: EntryFields) => transaction((tx) => appendLedgerEntry(tx, village.id, fields));

describe('the ledger', () => {
	it('chains each village’s entries from 1, and the verifier accepts what was written', async () => {
		const [village, other] = [await makeVillage(), await makeVillage()];
		const [project, elsewhere] = [await makeProject(village), await makeProject(other)];
		expect(await append(village, entry(project, 'donation', 50_000, { donor: '刘长河', label: '路灯' }))).toMatchObject({ seq: 1 });
		expect(await append(other, entry(elsewhere, 'donation', 100))).toMatchObject({ seq: 1 });
		await append(village, entry(project, 'goods', 0, { label: '化肥 20 袋', donor: '县农资站' }));
		const paid = await append(village, entry(project, 'disbursement', -20_000, { label: '路灯 4 盏', receipts: ['b'.repeat(64)], approvers: ['王书记', '李主任'] }));
		await append(village, entry(project, 'reversal', 20_000, { reverses: paid.seq, label: '付错了' }));

		const ledger = await villageLedger(village.slug);
		expect(ledger?.entries.map((e) => [e.seq, e.kind, e.amountFen])).toEqual([
			[1, 'donation', 50_000],
			[2, 'goods', 0],
			[3, 'disbursement', -20_000],
			[4, 'reversal', 20_000]
		]);
		expect(await verifyLedger(JSON.parse(JSON.stringify(ledger)))).toMatchObject({ entries: 4, balances: { [project]: 50_000 }, problem: null });
		expect(await verifyLedger(await villageLedger(other.slug))).toMatchObject({ entries: 1, problem: null });
		expect(await villageLedger('no-such-village')).toBeNull();
	});

	it('has no gap and no fork when many write at once', async () => {
		const village = await makeVillage();
		const project = await makeProject(village);
		const written = await Promise.all(Array.from({ length: 40 }, (_, n) => append(village, entry(project, 'donation', 100 + n))));
		expect(written.map((w) => w.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
		const check = await verifyLedger(await villageLedger(village.slug));
		expect(check).toMatchObject({ entries: 40, problem: null });
		expect(check.balances[project]).toBe(Array.from({ length: 40 }, (_, n) => 100 + n).reduce((a, b) => a + b));
	});

	it('seals the chain with a signed checkpoint once there is something new, with one key for every village', async () => {
		const village = await makeVillage();
		const project = await makeProject(village);
		expect(await sealLedger(village.id)).toBeNull();
		await append(village, entry(project, 'donation', 1_000));
		expect(await sealLedger(village.id)).toMatchObject({ seq: 2 });
		expect(await sealLedger(village.id)).toBeNull();
		await append(village, entry(project, 'hours', 0, { label: '12 小时' }));
		expect(await sealLedger(village.id)).toMatchObject({ seq: 4 });

		const ledger = await villageLedger(village.slug);
		expect(ledger?.publicKey).toBe((await ledgerKey()).publicKey);
		expect(ledger?.entries[1].checkpoint).toMatchObject({ length: 1, head: ledger?.entries[0].hash });
		expect(await verifyLedger(ledger)).toMatchObject({ entries: 4, checkpoints: 2, problem: null });
	});

	it('refuses to change or delete an entry, from the app or by hand in SQL', async () => {
		const village = await makeVillage();
		const project = await makeProject(village);
		await append(village, entry(project, 'donation', 1_000));
		const before = await db.select().from(ledgerEntries).where(eq(ledgerEntries.villageId, village.id));
		const attempts = [
			() => transaction((tx) => tx.update(ledgerEntries).set({ amountFen: 9_000 }).where(eq(ledgerEntries.villageId, village.id))),
			() => transaction((tx) => tx.delete(ledgerEntries).where(eq(ledgerEntries.villageId, village.id))),
			() => transaction((tx) => queryRows(tx, sql`update ledger_entries set body = replace(body, '1000', '9000') where village_id = ${village.id} returning id`)),
			() => transaction((tx) => queryRows(tx, sql`delete from ledger_entries where village_id = ${village.id} returning id`))
		];
		// PostgreSQL's refusal comes as the cause of the driver's error.
		const refusalOf = (error: unknown): string => (error instanceof Error ? `${error.message} ${refusalOf(error.cause)}` : '');
		for (const attempt of attempts) await expect(attempt().catch((error: unknown) => refusalOf(error))).resolves.toMatch(/ledger entries are never/);
		expect(await db.select().from(ledgerEntries).where(eq(ledgerEntries.villageId, village.id))).toEqual(before);
		expect(await verifyLedger(await villageLedger(village.slug))).toMatchObject({ entries: 1, problem: null });
	});
});
