// Full-text search for every pillar, the same on both engines: a pillar stores the
// text of what it wants found with `indexForSearch` (in the transaction that writes
// the thing) and filters and ranks its lists with `matchSearch`.
import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { db, engine, queryRows, searchEntries, type Tx } from '$lib/server/platform/db';
import { fts5Query, indexTokens, queryTerms, tellingTerms, tsQuery, type SearchTerm, type TermJoin } from './search-tokens';

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
 * A search ranks only the newest this many matches of its kind. Ranking scores every match it is
 * given, so a word in a quarter of 200,000 questions would cost the engine a second or more; the
 * newest matches are found from the index's end and the scan stops there. A list that reached the
 * bound says so (`searchCapped`), and one more word narrows it.
 */
export const rankedMatches = 1000;

/**
 * For a list of `kind` things whose id is `refId`: `hits` is joined `on` the list to keep those
 * matching every term of `query` (the newest `rankedMatches` of them), and `rank` orders them best
 * first (ascending). Null when the query holds nothing to search for (punctuation only).
 */
export type SearchMatch = {
	hits: SQL;
	on: SQL;
	rank: SQL;
	/**
	 * How many matches `hits` ranked, on every row it gives: `rankedMatches` when the search met
	 * that bound (see `searchCapped`), so a list learns it from its own rows.
	 */
	matched: SQL<number>;
	/** The same matches without their ranks, joined `on` the list the same way: for counting them. */
	found: SQL;
};

export function matchSearch(kind: string, refId: SQLWrapper, query: string): SearchMatch | null {
	const terms = queryTerms(query);
	if (terms.length === 0) return null;
	return {
		hits: sql`(${rankedHits(kind, terms, true)}) search_hits`,
		on: sql`search_hits.ref_id = ${refId}`,
		rank: sql`search_hits.rank`,
		matched: sql<number>`search_hits.matched`,
		found: sql`(${rankedHits(kind, terms, false)}) search_hits`
	};
}

/**
 * The newest `rankedMatches` matches of `kind`, `scored` with their rank (ascending: best first)
 * and how many they are, or not. Both are worked out on the bounded rows, outside the scan.
 */
function rankedHits(kind: string, terms: SearchTerm[], scored: boolean): SQL {
	if (engine === 'postgres') {
		const asked = sql`to_tsquery('simple', ${tsQuery(terms)})`;
		const newest = sql`select se.ref_id, se.document from search_entries se where se.kind = ${kind} and se.document @@ ${asked} order by se.id desc limit ${rankedMatches}`;
		if (!scored) return newest;
		// ts_rank's weights run D, C, B, A: body 0.1, extra 0.4, title 1.
		return sql`select newest.ref_id, -ts_rank('{0.1, 0.1, 0.4, 1.0}', newest.document, ${asked}) as rank, count(*) over () as matched from (${newest}) newest`;
	}
	// FTS5 walks its index by rowid, newest first, and stops at the limit; bm25 runs per row returned
	// and must be asked for in the query that holds the match.
	const rank = scored ? sql`, bm25(search_fts, 10.0, 4.0, 1.0) as rank` : sql``;
	const newest = sql`select se.ref_id${rank} from search_fts join search_entries se on se.id = search_fts.rowid
		where search_fts match ${fts5Query(terms)} and se.kind = ${kind} order by search_fts.rowid desc limit ${rankedMatches}`;
	return scored ? sql`select newest.ref_id, newest.rank, count(*) over () as matched from (${newest}) newest` : newest;
}

/**
 * Whether a search met the bound of `rankedMatches`: there may be older matches it did not rank.
 * A list that has rows knows it from `SearchMatch.matched`; this is for one that has none.
 */
export async function searchCapped(kind: string, query: string): Promise<boolean> {
	const terms = queryTerms(query);
	if (terms.length === 0) return false;
	const [row] = await queryRows<{ n: number }>(db, sql`select count(*) as n from (${rankedHits(kind, terms, false)}) search_hits`);
	return Number(row?.n ?? 0) >= rankedMatches;
}

/**
 * The ids of the `limit` things of `kind` whose titles share the most with `text`, best first:
 * "has someone asked this already?" while a title is typed. Titles with every telling word come
 * first, then titles with any; each set ranks its newest `rankedMatches`, so a common word stays
 * fast and an old title sharing every word is still found.
 */
export async function similarTitles(kind: string, text: string, limit: number): Promise<number[]> {
	const terms = tellingTerms(queryTerms(text));
	if (terms.length === 0) return [];
	const found = await similarIds(kind, terms, 'all', limit);
	if (found.length < limit && terms.length > 1) {
		for (const id of await similarIds(kind, terms, 'any', limit)) if (!found.includes(id) && found.length < limit) found.push(id);
	}
	return found;
}

async function similarIds(kind: string, terms: SearchTerm[], join: TermJoin, limit: number): Promise<number[]> {
	const query =
		engine === 'postgres'
			? sql`select newest.ref_id from (select se.ref_id, se.title_document from search_entries se
					where se.kind = ${kind} and se.title_document @@ to_tsquery('simple', ${tsQuery(terms, join)}) order by se.id desc limit ${rankedMatches}) newest
				order by ts_rank(newest.title_document, to_tsquery('simple', ${tsQuery(terms, join)})) desc, newest.ref_id desc limit ${limit}`
			: sql`select newest.ref_id from (select se.ref_id, bm25(search_fts, 1.0, 0, 0) as rank from search_fts join search_entries se on se.id = search_fts.rowid
					where search_fts match ${`title : (${fts5Query(terms, join)})`} and se.kind = ${kind} order by search_fts.rowid desc limit ${rankedMatches}) newest
				order by newest.rank, newest.ref_id desc limit ${limit}`;
	const rows = await queryRows<{ ref_id: number }>(db, query);
	return rows.map((row) => Number(row.ref_id));
}
