// A donor's receipt code, typed back however it was copied, finds their gift: still a pledge,
// cancelled, or its entry in the village's public ledger and the checkpoint that seals it there.
// Nothing is throttled: a code is one of about 2^79, too many to find by guessing.
import { and, asc, eq, gt } from 'drizzle-orm';
import { normalizeLine } from '$lib/typed-text';
import type { GiftState } from '$lib/charity/vocabulary';
import type { LedgerEntry } from '$lib/charity/ledger-verify.js';
import { charityGifts, charityProjects, db, ledgerEntries, villages } from '$lib/server/platform/db';
import { codeLetters } from './gifts';

export type Receipt = {
	/** As printed: XXXX-XXXX-XXXX-XXXX. */
	code: string;
	state: GiftState;
	/** The ledger says 爱心人士; the page says it in its reader's words. */
	anonymous: boolean;
	village: { slug: string; name: string };
	project: { id: number; title: string };
	/** The gift's entry in the village's ledger once a cadre confirmed it; null before. */
	entry: LedgerEntry | null;
	/** The first checkpoint after the entry, whose signature covers the chain with the entry in it; null until the next one. */
	sealedBy: number | null;
};

const codeShape = new RegExp(`^[${codeLetters}]{16}$`);

/**
 * The receipt code in `text` as printed, or null when it is not one: case, spaces, dashes and
 * full-width characters (Ｂ, －, as some phone keyboards type them) do not matter.
 */
export function readReceiptCode(text: string): string | null {
	const chars = normalizeLine(text.slice(0, 100))
		.normalize('NFKC')
		.toUpperCase()
		.replace(/[\s\p{Pd}]/gu, '');
	return codeShape.test(chars) ? chars.match(/.{4}/g)!.join('-') : null;
}

/** The gift a receipt code was given for, or null when `text` is no code or no gift's. */
export async function findReceipt(text: string): Promise<Receipt | null> {
	const code = readReceiptCode(text);
	if (!code) return null;
	const [gift] = await db
		.select({
			state: charityGifts.state,
			anonymous: charityGifts.anonymous,
			ledgerSeq: charityGifts.ledgerSeq,
			projectId: charityProjects.id,
			title: charityProjects.title,
			villageId: villages.id,
			slug: villages.slug,
			name: villages.name
		})
		.from(charityGifts)
		.innerJoin(charityProjects, eq(charityProjects.id, charityGifts.projectId))
		.innerJoin(villages, eq(villages.id, charityProjects.villageId))
		.where(eq(charityGifts.receiptCode, code))
		.limit(1);
	if (!gift) return null;
	const receipt: Receipt = {
		code,
		state: gift.state,
		anonymous: gift.anonymous,
		village: { slug: gift.slug, name: gift.name },
		project: { id: gift.projectId, title: gift.title },
		entry: null,
		sealedBy: null
	};
	if (gift.state !== 'confirmed' || gift.ledgerSeq === null) return receipt;
	const [row] = await db
		.select({ body: ledgerEntries.body, prev: ledgerEntries.prevHash, hash: ledgerEntries.hash })
		.from(ledgerEntries)
		.where(and(eq(ledgerEntries.villageId, gift.villageId), eq(ledgerEntries.seq, gift.ledgerSeq)));
	if (!row) return receipt;
	// Checkpoints are daily, so this walks at most a day's entries of the (village, seq) index.
	const [seal] = await db
		.select({ seq: ledgerEntries.seq })
		.from(ledgerEntries)
		.where(and(eq(ledgerEntries.villageId, gift.villageId), gt(ledgerEntries.seq, gift.ledgerSeq), eq(ledgerEntries.kind, 'checkpoint')))
		.orderBy(asc(ledgerEntries.seq))
		.limit(1);
	return { ...receipt, entry: { ...(JSON.parse(row.body) as Omit<LedgerEntry, 'prev' | 'hash'>), prev: row.prev, hash: row.hash }, sealedBy: seal?.seq ?? null };
}
