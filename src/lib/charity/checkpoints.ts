// How a ledger checkpoint is shown outside the ledger, on the village's feed and on the poster for
// the paper notice board: the same addresses and the same day everywhere, so a photographed poster,
// a feed item and a downloaded file can be compared with each other.
import { parseId } from '$lib/form-fields';

/**
 * The day in Beijing time, as 2026-12-01: one spelling on paper, in a feed and in either language.
 * China keeps no daylight saving, so it is UTC+8 all year.
 */
export const beijingDay = (at: Date): string => new Date(at.getTime() + 8 * 60 * 60_000).toISOString().slice(0, 10);

/** The village's whole ledger, as every verifier reads it. */
export const ledgerPath = (village: string): string => `/v/${encodeURIComponent(village)}/ledger.json`;

/** The printable poster of one checkpoint (its ledger entry's `seq`), or of the latest. */
export const posterPath = (village: string, seq?: number): string => `/v/${encodeURIComponent(village)}/ledger/poster${seq === undefined ? '' : `?seq=${seq}`}`;

/** The page where a phone checks that the village's ledger today still has `head` at entry `length`. */
export function verifyPath(village: string, length: number, head: string): string {
	return `/charity/verify?${new URLSearchParams({ village, length: String(length), head })}`;
}

/** A poster's claim as its code opens the verify page: the village's chain had `length` entries, the last with hash `head`. */
export type PosterClaim = { village: string; length: number; head: string };

/**
 * The poster's claim in the verify page's address: `null` when it names none; what is wrong with
 * it when it is incomplete or `length` is no entry number (a whole number from 1, within what the
 * database's integers hold) or `head` no SHA-256 hash. As `verify-ledger.js --extends` reads a
 * hash copied from a poster: spaces between its groups and upper case do not matter.
 */
export function readPosterClaim(params: URLSearchParams): PosterClaim | { problem: 'incomplete' | 'length' | 'head'; typed: string } | null {
	const [village, length, head] = ['village', 'length', 'head'].map((name) => params.get(name));
	if (village === null && length === null && head === null) return null;
	if (!village || !length || !head) return { problem: 'incomplete', typed: '' };
	const seq = parseId(length);
	if (seq === null) return { problem: 'length', typed: length };
	const hash = head.replace(/\s+/g, '').toLowerCase();
	if (!/^[0-9a-f]{64}$/.test(hash)) return { problem: 'head', typed: head };
	return { village, length: seq, head: hash };
}
