// How a ledger checkpoint is shown outside the ledger, on the village's feed and on the poster for
// the paper notice board: the same addresses and the same day everywhere, so a photographed poster,
// a feed item and a downloaded file can be compared with each other.

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
