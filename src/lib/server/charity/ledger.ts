// A village's charity ledger: one append-only hash chain per village (docs/ledger.md), extended
// by one writer at a time on either engine, read whole for download and verification, and sealed
// by signed checkpoints. The entries' format and hashes are the verifier's own code
// ($lib/charity/ledger-verify.js), so what the server writes is what every verifier checks.
import { createHash } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import type { Job } from '$lib/server/platform/jobs';
import { chainEntry, checkpointMessage, entryBody, genesisHash, ledgerFormat, type LedgerEntry, type LedgerFile } from '$lib/charity/ledger-verify.js';
import { db, ledgerEntries, ledgerKeys, lockFor, transaction, villages, type Tx } from '$lib/server/platform/db';

/** What an entry records, before the chain gives it its place, time and hashes. */
export type EntryFields = Omit<LedgerEntry, 'seq' | 'at' | 'prev' | 'hash'>;

const toBase64 = (bytes: ArrayBuffer): string => Buffer.from(bytes).toString('base64');

/** Node's SHA-256, the same hashes as the verifier's Web Crypto default without its asynchronous hop. */
const nodeDigest = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const keyName = 'checkpoints';

type LedgerKey = { publicKey: string; sign: (message: Uint8Array<ArrayBuffer>) => Promise<string> };

// Read and imported once per process: it never changes once made, and every download needs it.
let loaded: Promise<LedgerKey> | undefined;

/**
 * The deployment's signing key, made on first use and kept in the database, so every process
 * and machine signs with the same one. Concurrent first uses agree: the first insert wins.
 */
export function ledgerKey(): Promise<LedgerKey> {
	loaded ??= loadLedgerKey().catch((error: unknown) => {
		loaded = undefined;
		throw error;
	});
	return loaded;
}

async function loadLedgerKey(): Promise<LedgerKey> {
	let [row] = await db.select().from(ledgerKeys).where(eq(ledgerKeys.name, keyName));
	if (!row) {
		const made = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
		const fresh = { name: keyName, publicKey: toBase64(await crypto.subtle.exportKey('raw', made.publicKey)), privateKey: toBase64(await crypto.subtle.exportKey('pkcs8', made.privateKey)) };
		await transaction((tx) => tx.insert(ledgerKeys).values(fresh).onConflictDoNothing());
		[row] = await db.select().from(ledgerKeys).where(eq(ledgerKeys.name, keyName));
	}
	const key = await crypto.subtle.importKey('pkcs8', Buffer.from(row.privateKey, 'base64'), { name: 'Ed25519' }, false, ['sign']);
	return { publicKey: row.publicKey, sign: async (message) => toBase64(await crypto.subtle.sign({ name: 'Ed25519' }, key, message)) };
}

/** The newest entry of a village's chain, or none. */
async function chainHead(tx: Tx, villageId: number): Promise<{ seq: number; hash: string; kind: string } | undefined> {
	const [head] = await tx
		.select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash, kind: ledgerEntries.kind })
		.from(ledgerEntries)
		.where(eq(ledgerEntries.villageId, villageId))
		.orderBy(desc(ledgerEntries.seq))
		.limit(1);
	return head;
}

/**
 * Takes the village's ledger for this transaction (PostgreSQL; SQLite has one writer). A
 * transaction that moves a project's money takes it before the project's row, as appending does.
 */
export const lockLedger = (tx: Tx, villageId: number): Promise<void> => lockFor(tx, `ledger:${villageId}`);

/**
 * Appends an entry to the village's chain inside the caller's transaction, so it commits with
 * what it records (a confirmed gift, a payment). One writer per village at a time: SQLite has one
 * writer; PostgreSQL takes the village's lock, and (village, seq) is unique besides, so no gap
 * and no fork whatever the load.
 */
export async function appendLedgerEntry(tx: Tx, villageId: number, fields: EntryFields, at = new Date()): Promise<{ seq: number; hash: string }> {
	await lockLedger(tx, villageId);
	const head = await chainHead(tx, villageId);
	const seq = (head?.seq ?? 0) + 1;
	const entry = await chainEntry(head?.hash ?? genesisHash, { ...fields, seq, at: at.toISOString() }, nodeDigest);
	await tx.insert(ledgerEntries).values({
		villageId,
		seq,
		kind: entry.kind,
		projectId: entry.project,
		amountFen: entry.amountFen,
		recordedAt: at,
		body: entryBody(entry),
		prevHash: entry.prev,
		hash: entry.hash
	});
	return { seq, hash: entry.hash };
}

/**
 * Signs the village's chain as it stands and appends the checkpoint; nothing when the newest
 * entry is a checkpoint already (or there is none): a quiet day adds no entry.
 */
export async function sealLedger(villageId: number, at = new Date()): Promise<{ seq: number; hash: string } | null> {
	const key = await ledgerKey();
	const [village] = await db.select({ slug: villages.slug }).from(villages).where(eq(villages.id, villageId));
	if (!village) return null;
	return transaction(async (tx) => {
		await lockLedger(tx, villageId);
		const head = await chainHead(tx, villageId);
		if (!head || head.kind === 'checkpoint') return null;
		const signature = await key.sign(checkpointMessage(village.slug, head.seq, head.hash));
		return appendLedgerEntry(
			tx,
			villageId,
			{ kind: 'checkpoint', project: null, amountFen: 0, label: '', donor: null, receipt: null, receipts: [], approvers: [], reverses: null, checkpoint: { length: head.seq, head: head.hash, signature } },
			at
		);
	});
}

/** The village's whole ledger as its download and every verifier read it; null for no such village. */
export async function villageLedger(villageSlug: string): Promise<LedgerFile | null> {
	const [village] = await db.select({ id: villages.id, slug: villages.slug, name: villages.name }).from(villages).where(eq(villages.slug, villageSlug));
	if (!village) return null;
	const rows = await db
		.select({ body: ledgerEntries.body, prev: ledgerEntries.prevHash, hash: ledgerEntries.hash })
		.from(ledgerEntries)
		.where(eq(ledgerEntries.villageId, village.id))
		.orderBy(asc(ledgerEntries.seq));
	return {
		format: ledgerFormat,
		village: { slug: village.slug, name: village.name },
		publicKey: (await ledgerKey()).publicKey,
		entries: rows.map((row) => ({ ...(JSON.parse(row.body) as Omit<LedgerEntry, 'prev' | 'hash'>), prev: row.prev, hash: row.hash }))
	};
}

/** Seals every village's chain that has entries since its last checkpoint; returns how many. */
export async function sealLedgers(now = new Date()): Promise<number> {
	const chains = await db.selectDistinct({ villageId: ledgerEntries.villageId }).from(ledgerEntries);
	let sealed = 0;
	for (const { villageId } of chains) if (await sealLedger(villageId, now)) sealed++;
	return sealed;
}

export const sealLedgersJob: Job = {
	name: 'charity.seal-ledgers',
	label: () => m.charity_job_seal_ledgers(),
	everyMs: 24 * 60 * 60_000,
	run: async (now) => void (await sealLedgers(now))
};
