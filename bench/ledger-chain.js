// A village's chain built in memory for the ledger benches (bench/ledger.js, bench/ledger-browser.js):
// donations with a signed checkpoint every 1,000 entries, hashed as the server hashes them.
import { createHash } from 'node:crypto';
import { chainEntry, checkpointMessage, genesisHash, ledgerFormat } from '../src/lib/charity/ledger-verify.js';

/** Node's SHA-256, as the server and the script hash: @type {(text: string) => string} */
export const nodeDigest = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** @param {number} seq */
export const fields = (seq) => ({ kind: 'donation', project: 1, amountFen: 100 + (seq % 900), label: '', donor: seq % 3 === 0 ? '爱心人士' : `村民${seq % 97}`, receipt: null, receipts: [], approvers: [], reverses: null, checkpoint: null });

/** A chain of `n` entries with a checkpoint every 1,000, signed by a key made here. @param {number} n */
export async function builtChain(n) {
	const keys = /** @type {CryptoKeyPair} */ (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']));
	const entries = [];
	let head = genesisHash;
	for (let seq = 1; seq <= n; seq++) {
		let body = { ...fields(seq), seq, at: new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString() };
		if (seq % 1000 === 0) {
			const signature = Buffer.from(await crypto.subtle.sign({ name: 'Ed25519' }, keys.privateKey, checkpointMessage('bench', seq - 1, head))).toString('base64');
			body = { ...body, kind: 'checkpoint', project: null, amountFen: 0, donor: null, checkpoint: { length: seq - 1, head, signature } };
		}
		const entry = await chainEntry(head, /** @type {any} */ (body), nodeDigest);
		entries.push(entry);
		head = entry.hash;
	}
	return { format: ledgerFormat, village: { slug: 'bench', name: '压测村' }, publicKey: Buffer.from(await crypto.subtle.exportKey('raw', keys.publicKey)).toString('base64'), entries };
}
