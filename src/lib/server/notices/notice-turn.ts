import { lockFor, type Tx } from '$lib/server/platform/db';

/**
 * Every change to a notice (its text, photos, table or poll) and every vote on
 * its poll takes the notice's turn first, then reads what it decides on with
 * `tx`. On PostgreSQL two edits, or an edit and a vote, would otherwise each
 * act on what they read before the other committed: a poll replaced under a
 * vote, a version that misses the other edit, two table rows in one place.
 */
export function takeNoticeTurn(tx: Tx, noticeId: number): Promise<void> {
	return lockFor(tx, `notice:${noticeId}`);
}
