// The ledger's format as a verifier reads it: canonical JSON as RFC 8785 (checked against the
// reference `canonicalize`), a chain that verifies, and each kind of tampering named at its entry.
import { describe, expect, it } from 'vitest';
import canonicalize from 'canonicalize';
import { canonicalJson, chainEntry, ledgerFormat, receiptHash, verifyLedger } from './ledger-verify.js';
import { fullLedger, makeLedger } from '../../../tests/ledgers';

describe('canonicalJson', () => {
	it('writes what RFC 8785 writes for every value a ledger holds', () => {
		const values = [
			{ b: 1, a: [true, null, 'x'], 'é': { z: -5, y: '\u2028\n"\\' } },
			{ '\u{1F600}': 1, '\uE000': 2, a: 3, A: 4, 10: 5, 9: 6 },
			['路灯', '爱心人士', 0, -0, Number.MAX_SAFE_INTEGER],
			{ nested: [{ d: [], c: {} }] }
		];
		for (const value of values) expect(canonicalJson(value)).toBe(canonicalize(value));
	});

	it('refuses fractions, huge numbers and what JSON cannot hold', () => {
		for (const bad of [1.5, 2 ** 60, NaN, Infinity, () => 1, 10n]) expect(() => canonicalJson({ amountFen: bad })).toThrow();
	});
});

describe('verifyLedger', () => {
	it('checks a whole chain: hashes, links, balances per project and checkpoints', async () => {
		const ledger = await fullLedger();
		const check = await verifyLedger(await ledger.file());
		expect(check).toEqual({ entries: 9, checkpoints: 2, head: ledger.entries[8].hash, balances: { 1: 51_000, 2: 700 }, problem: null });
		expect(await verifyLedger(JSON.parse(JSON.stringify(await ledger.file())))).toMatchObject({ problem: null });
	});

	it('names the entry a one-character change in the downloaded file breaks', async () => {
		const text = JSON.stringify(await (await fullLedger()).file());
		const tampered = text.replace('"amountFen":1000', '"amountFen":9000');
		expect(tampered).not.toBe(text);
		expect(await verifyLedger(JSON.parse(tampered))).toMatchObject({ entries: 1, problem: { seq: 2, code: 'hash' } });
	});

	it('finds a gap, a fork, a re-hashed entry and a rewritten tail', async () => {
		const ledger = await fullLedger();
		const file = await ledger.file();
		const without = { ...file, entries: file.entries.filter((entry) => entry.seq !== 3) };
		expect((await verifyLedger(without)).problem).toEqual({ seq: 3, code: 'sequence' });

		// An entry changed and hashed again no longer is the one its successor names.
		const rehashed = await ledger.file();
		const { prev, hash: _old, ...body } = rehashed.entries[1];
		rehashed.entries[1] = await chainEntry(prev, { ...body, donor: '别人' });
		expect((await verifyLedger(rehashed)).problem).toEqual({ seq: 3, code: 'link' });

		// Rewriting every entry after the change: the checkpoint signed over the old chain catches it.
		const rewritten = await ledger.file();
		let head = rewritten.entries[0].hash;
		for (const [index, entry] of rewritten.entries.entries()) {
			if (index === 0) continue;
			const { prev: _p, hash: _h, ...rest } = entry;
			rewritten.entries[index] = await chainEntry(head, index === 1 ? { ...rest, amountFen: 100 } : rest);
			head = rewritten.entries[index].hash;
		}
		expect((await verifyLedger(rewritten)).problem).toEqual({ seq: 5, code: 'checkpoint' });
	});

	it('refuses money out of nothing, a reversal twice and a checkpoint with a foreign signature', async () => {
		const over = await makeLedger();
		await over.add({ kind: 'donation', amountFen: 1_000 });
		await over.add({ kind: 'disbursement', amountFen: -1_001 });
		expect((await verifyLedger(await over.file())).problem).toEqual({ seq: 2, code: 'balance' });

		const twice = await makeLedger();
		await twice.add({ kind: 'donation', amountFen: 1_000 });
		const paid = await twice.add({ kind: 'disbursement', amountFen: -500 });
		await twice.add({ kind: 'reversal', amountFen: 500, reverses: paid });
		await twice.add({ kind: 'reversal', amountFen: 500, reverses: paid });
		expect((await verifyLedger(await twice.file())).problem).toEqual({ seq: 4, code: 'reversal' });

		const signs = [
			{ kind: 'donation' as const, amountFen: -5 },
			{ kind: 'disbursement' as const, amountFen: 5 },
			{ kind: 'goods' as const, amountFen: 100 }
		];
		for (const wrong of signs) {
			const bad = await makeLedger();
			await bad.add({ kind: 'donation', amountFen: 1_000 });
			await bad.add(wrong);
			expect((await verifyLedger(await bad.file())).problem).toEqual({ seq: 2, code: 'amount' });
		}

		const malformed = await makeLedger();
		await malformed.add({ kind: 'donation', amountFen: 100, receipt: 'not-a-hash' });
		expect((await verifyLedger(await malformed.file())).problem).toEqual({ seq: 1, code: 'kind' });

		const ledger = await fullLedger();
		const other = await makeLedger();
		const foreign = { ...(await ledger.file()), publicKey: (await other.file()).publicKey };
		expect((await verifyLedger(foreign)).problem).toEqual({ seq: 5, code: 'signature' });
	});

	it('says a file that is not a ledger is not one', async () => {
		for (const junk of [null, 'text', {}, { format: ledgerFormat, village: { slug: 'x' }, publicKey: '!!', entries: [] }, { ...(await (await fullLedger()).file()), format: 'other/1' }]) {
			expect((await verifyLedger(junk)).problem).toEqual({ seq: null, code: 'format' });
		}
	});
});

describe('receiptHash', () => {
	it('finds the same entry however the code is typed back', async () => {
		const hash = await receiptHash('K7PQ-2M9X-4T');
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		for (const typed of ['k7pq2m9x4t', ' K7PQ 2M9X 4T ', 'k7pq-2m9x-4t']) expect(await receiptHash(typed)).toBe(hash);
		expect(await receiptHash('K7PQ-2M9X-4X')).not.toBe(hash);
	});
});
