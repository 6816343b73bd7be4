// A village's signed checkpoints as they are read outside the ledger: in the village's Atom feed
// and on the poster for the paper notice board (docs/ledger.md, "Checkpoints"). Copies kept there,
// out of our reach, are what make a quiet rewrite of the chain detectable.
import { and, desc, eq, max } from 'drizzle-orm';
import { db, ledgerEntries, villages } from '$lib/server/platform/db';
import type { CheckpointSeal } from '$lib/charity/ledger-verify.js';
import { checkCadre } from './projects';
import { sealLedger } from './ledger';

/** A checkpoint entry: where it stands in the chain (`seq`), when it was made, and what it signs. */
export type Checkpoint = CheckpointSeal & { seq: number; at: Date };

type CheckpointRow = { seq: number; at: Date; body: string };

const columns = { seq: ledgerEntries.seq, at: ledgerEntries.recordedAt, body: ledgerEntries.body };

// The seal is read from the entry's body, the very text its hash covers, so what is shown is what verifies.
function toCheckpoint({ seq, at, body }: CheckpointRow): Checkpoint {
	const { length, head, signature } = (JSON.parse(body) as { checkpoint: CheckpointSeal }).checkpoint;
	return { seq, at, length, head, signature };
}

/** The village's latest checkpoints, newest first: a walk back along its (village, seq) index. */
export async function listCheckpoints(villageId: number, limit: number): Promise<Checkpoint[]> {
	const rows = await db
		.select(columns)
		.from(ledgerEntries)
		.where(and(eq(ledgerEntries.villageId, villageId), eq(ledgerEntries.kind, 'checkpoint')))
		.orderBy(desc(ledgerEntries.seq))
		.limit(limit);
	return rows.map(toCheckpoint);
}

/** The checkpoint at `seq` of the village's chain; undefined when there is no entry there or it is not a checkpoint. */
export async function findCheckpoint(villageId: number, seq: number): Promise<Checkpoint | undefined> {
	const [row] = await db
		.select(columns)
		.from(ledgerEntries)
		.where(and(eq(ledgerEntries.villageId, villageId), eq(ledgerEntries.seq, seq), eq(ledgerEntries.kind, 'checkpoint')))
		.limit(1);
	return row && toCheckpoint(row);
}

/** Whether entries were added since the village's last checkpoint (or there is none yet): what sealing now would sign. */
export async function hasUnsealedEntries(villageId: number): Promise<boolean> {
	const [head] = await db.select({ kind: ledgerEntries.kind }).from(ledgerEntries).where(eq(ledgerEntries.villageId, villageId)).orderBy(desc(ledgerEntries.seq)).limit(1);
	return head !== undefined && head.kind !== 'checkpoint';
}

/**
 * Seals the village's chain now, on a cadre's word, rather than at the daily job: before a poster
 * goes up at a meeting. Anyone but a cadre of the village is refused; nothing new, nothing added.
 */
export async function sealLedgerNow(cadreId: number, villageId: number, now = new Date()): Promise<{ seq: number; hash: string } | null> {
	await checkCadre(cadreId, villageId);
	return sealLedger(villageId, now);
}

/** This server's ledger of a village beside a poster's claim (`length` entries, the last with hash `head`). */
export type PosterComparison = {
	village: { slug: string; name: string };
	length: number;
	head: string;
	/** Entry `length` still has the poster's hash; has another one; or the ledger has fewer entries. */
	outcome: 'extends' | 'differs' | 'shorter';
	/** How many entries the village's ledger has now. */
	entries: number;
	/** Entries added after the poster's `length`; 0 unless it extends. */
	since: number;
	/** The checkpoint entry that signed the claim, for a link to its poster; null when there is none. */
	poster: number | null;
};

/**
 * Whether the village's ledger today still has entry `length` with hash `head`, as a photographed
 * poster says; null for no such village. Two reads of the (village, seq) index. This is the
 * server vouching for itself: the real check recomputes the chain (ledger-verify.js).
 */
export async function compareWithPoster(slug: string, length: number, head: string): Promise<PosterComparison | null> {
	const [village] = await db.select({ id: villages.id, slug: villages.slug, name: villages.name }).from(villages).where(eq(villages.slug, slug)).limit(1);
	if (!village) return null;
	const [last] = await db.select({ seq: max(ledgerEntries.seq) }).from(ledgerEntries).where(eq(ledgerEntries.villageId, village.id));
	const [entry] = await db
		.select({ hash: ledgerEntries.hash })
		.from(ledgerEntries)
		.where(and(eq(ledgerEntries.villageId, village.id), eq(ledgerEntries.seq, length)))
		.limit(1);
	const entries = Number(last?.seq ?? 0);
	const outcome = !entry ? 'shorter' : entry.hash === head ? 'extends' : 'differs';
	// A seal is appended right after the head it signs, under the chain's lock: it is entry length + 1.
	const seal = outcome === 'extends' ? await findCheckpoint(village.id, length + 1) : undefined;
	return {
		village: { slug: village.slug, name: village.name },
		length,
		head,
		outcome,
		entries,
		since: outcome === 'extends' ? entries - length : 0,
		poster: seal && seal.length === length && seal.head === head ? seal.seq : null
	};
}
