// Ledgers made entry by entry as the server makes them, with a village key of their own: for the
// verifier's tests and the script's.
import { chainEntry, checkpointMessage, genesisHash, ledgerFormat, type LedgerEntry, type LedgerFile } from '$lib/charity/ledger-verify.js';

type Body = Omit<LedgerEntry, 'prev' | 'hash'>;
const blank: Omit<Body, 'seq' | 'kind' | 'amountFen'> = { at: '2026-11-30T08:00:00.000Z', project: 1, label: '', donor: null, receipt: null, receipts: [], approvers: [], reverses: null, checkpoint: null };

const toBase64 = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes)));

/** A village's keys and a ledger built entry by entry, as the server will. */
export async function makeLedger() {
	const keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
	const entries: LedgerEntry[] = [];
	const head = () => entries.at(-1)?.hash ?? genesisHash;
	const add = async (fields: Partial<Body> & Pick<Body, 'kind' | 'amountFen'>) => {
		entries.push(await chainEntry(head(), { ...blank, seq: entries.length + 1, ...fields }));
		return entries.length;
	};
	const seal = async () => {
		const length = entries.length;
		const signature = toBase64(await crypto.subtle.sign({ name: 'Ed25519' }, keys.privateKey, checkpointMessage('shuwangzhuang', length, head())));
		return add({ kind: 'checkpoint', project: null, amountFen: 0, checkpoint: { length, head: head(), signature } });
	};
	const file = async (): Promise<LedgerFile> => ({
		format: ledgerFormat,
		village: { slug: 'shuwangzhuang', name: '舒王庄村' },
		publicKey: toBase64(await crypto.subtle.exportKey('raw', keys.publicKey)),
		entries: structuredClone(entries)
	});
	return { entries, add, seal, file };
}

/** A ledger with every kind: two donations, goods, hours, a checkpoint, a disbursement, its reversal. */
export async function fullLedger() {
	const ledger = await makeLedger();
	await ledger.add({ kind: 'donation', amountFen: 50_000, donor: '刘长河', label: '路灯' });
	await ledger.add({ kind: 'donation', amountFen: 1_000, donor: '爱心人士' });
	await ledger.add({ kind: 'goods', amountFen: 0, label: '化肥 20 袋', donor: '县农资站' });
	await ledger.add({ kind: 'hours', amountFen: 0, label: '12 小时' });
	await ledger.seal();
	const paid = await ledger.add({ kind: 'disbursement', amountFen: -30_000, label: '路灯 6 盏', receipts: ['a'.repeat(64)], approvers: ['王书记', '李主任'] });
	await ledger.add({ kind: 'reversal', amountFen: 30_000, reverses: paid, label: '付错了' });
	await ledger.add({ kind: 'donation', amountFen: 700, project: 2 });
	await ledger.seal();
	return ledger;
}

