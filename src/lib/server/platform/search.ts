// Full-text search for every pillar, the same on both engines: a pillar stores the
// text of what it wants found with `indexForSearch` (in the transaction that writes
// the thing) and filters and ranks its lists with `matchSearch`.
import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { db, engine, queryRows, searchEntries, type Tx } from '$lib/server/platform/db';
import { fts5Query, indexTokens, queryTerms, tellingTerms, tsQuery } from './search-tokens';

/** Title words weigh most, then `extra` (a village's name), then the body. */
export type SearchText = { title: string; extra?: string; body?: string };

export async function indexForSearch(tx: Tx, kind: string, refId: number, text: SearchText): Promise<void> {
	const fields = { title: indexTokens(text.title), extra: indexTokens(text.extra ?? ''), body: indexTokens(text.body ?? '') };
	await tx
		.insert(searchEntries)
		.values({ kind, refId, ...fields })
		.onConflictDoUpdate({ target: [searchEntries.kind, searchEntries.refId], set: fields });
}

export async function removeFromSearch(tx: Tx, kind: string, refId: number): Promise<void> {
	await tx.delete(searchEntries).where(and(eq(searchEntries.kind, kind), eq(searchEntries.refId, refId)));
}

/**
 * For a list of `kind` things whose id is `refId`: `hits` is joined `on` the list to keep those
 * matching every term of `query`, and `rank` orders them best first (ascending). The engine finds
 * and ranks the matches in one pass (its full-text index, then one score per match), so a common
 * word costs one scan of its matches, never a full-text lookup per row. Null when the query holds
 * nothing to search for (punctuation only).
 */
export type SearchMatch = { hits: SQL; on: SQL; rank: SQL };

export function matchSearch(kind: string, refId: SQLWrapper, query: string): SearchMatch | null {
	const terms = queryTerms(query);
	if (terms.length === 0) return null;
	const on = sql`search_hits.ref_id = ${refId}`;
	const rank = sql`search_hits.rank`;
	if (engine === 'postgres') {
		const asked = sql`to_tsquery('simple', ${tsQuery(terms)})`;
		// ts_rank's weights run D, C, B, A: body 0.1, extra 0.4, title 1.
		const hits = sql`(select se.ref_id, -ts_rank('{0.1, 0.1, 0.4, 1.0}', se.document, ${asked}) as rank from search_entries se where se.kind = ${kind} and se.document @@ ${asked}) search_hits`;
		return { hits, on, rank };
	}
	const hits = sql`(select se.ref_id, bm25(search_fts, 10.0, 4.0, 1.0) as rank from search_fts join search_entries se on se.id = search_fts.rowid where search_fts match ${fts5Query(terms)} and se.kind = ${kind}) search_hits`;
	return { hits, on, rank };
}

/**
 * The ids of the `limit` things of `kind` whose titles share the most with `text`, best first:
 * "has someone asked this already?" while a title is typed. Any telling word may match, and
 * the engine ranks every match in one pass (no per-row lookups), so a common word stays fast.
 */
export async function similarTitles(kind: string, text: string, limit: number): Promise<number[]> {
	const terms = tellingTerms(queryTerms(text));
	if (terms.length === 0) return [];
	const query =
		engine === 'postgres'
			? sql`select ref_id from search_entries se where se.kind = ${kind} and se.document @@ to_tsquery('simple', ${tsQuery(terms, 'any', 'A')})
				order by ts_rank('{0, 0, 0, 1.0}', se.document, to_tsquery('simple', ${tsQuery(terms, 'any', 'A')})) desc, se.ref_id desc limit ${limit}`
			: sql`select se.ref_id from search_fts join search_entries se on se.id = search_fts.rowid
				where search_fts match ${`title : (${fts5Query(terms, 'any')})`} and se.kind = ${kind} order by bm25(search_fts, 1.0, 0, 0), se.ref_id desc limit ${limit}`;
	const rows = await queryRows<{ ref_id: number }>(db, query);
	return rows.map((row) => Number(row.ref_id));
}
