// Questions as the list and the asking page find them: filtered by crop, topic, state and
// village, searched in Chinese (title, crop, description and answers), and the few whose titles
// come closest to one being typed. Read-only.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { db, photos, qaCrops, qaQuestions, villages } from '$lib/server/platform/db';
import { matchSearch, rankedMatches, searchCapped, similarTitles, type SearchMatch } from '$lib/server/platform/search';
import { toPhotoView } from '$lib/photos';
import type { QaFilter } from '$lib/qa/qa-filter';
import type { QaListItem } from '$lib/qa/views';
import { qaSearchKind } from './search-text';
import { inSpeciality } from './experts';

/**
 * `totalAtLeast`: there are more than `total` (the list stopped counting at `countedQuestions`).
 * `capped`: the search met the platform's bound on ranked matches, so older ones may not be listed.
 */
export type QaPage = { items: QaListItem[]; total: number; totalAtLeast: boolean; hasNext: boolean; capped: boolean };

/**
 * A list without words counts this many questions at most and then says "more than": an exact
 * count reads every visible question (at 200,000, a page's whole time budget), and nobody pages
 * that far. A search needs no bound: its matches are bounded already (`rankedMatches`).
 */
export const countedQuestions = 10_000;

// The first photo, through the (question_id, position) primary key: one index lookup per row.
const firstPhotoId = sql<string | null>`(select photo_id from qa_question_photos where qa_question_photos.question_id = ${qaQuestions.id} order by position limit 1)`;

const itemColumns = {
	id: qaQuestions.id,
	title: qaQuestions.title,
	topic: qaQuestions.topic,
	cropName: qaCrops.name,
	cropNameEn: qaCrops.nameEn,
	villageName: villages.name,
	answerCount: qaQuestions.answerCount,
	meTooCount: qaQuestions.meTooCount,
	acceptedAnswerId: qaQuestions.acceptedAnswerId,
	createdAt: qaQuestions.createdAt,
	photoId: firstPhotoId
};

type ItemRow = Omit<QaListItem, 'crop' | 'accepted' | 'photo'> & { cropName: string; cropNameEn: string; acceptedAnswerId: number | null; photoId: string | null };

/** Rows to items, with all their first photos read in one query. */
async function toItems(rows: ItemRow[]): Promise<QaListItem[]> {
	const ids = [...new Set(rows.map((row) => row.photoId).filter((id): id is string => id !== null))];
	const found = ids.length > 0 ? await db.select().from(photos).where(inArray(photos.id, ids)) : [];
	const byId = new Map(found.map((photo) => [photo.id, toPhotoView(photo)]));
	return rows.map((row) => ({
		id: row.id,
		title: row.title,
		topic: row.topic,
		crop: { name: row.cropName, nameEn: row.cropNameEn },
		villageName: row.villageName,
		answerCount: row.answerCount,
		meTooCount: row.meTooCount,
		accepted: row.acceptedAnswerId !== null,
		createdAt: row.createdAt,
		photo: (row.photoId && byId.get(row.photoId)) || null
	}));
}

/**
 * A column as the filters of a search compare it: `+column` is the same value, but SQLite then
 * uses no index for it, so the search's bounded matches drive the join (1,000 lookups) instead
 * of every question of the crop read by its index and each looked up in the matches.
 */
const unindexed = (column: SQLWrapper, searching: boolean): SQLWrapper => (searching ? sql`+${column}` : column);

function stateCondition(state: QaFilter['state'], searching: boolean): SQL | undefined {
	const answerCount = unindexed(qaQuestions.answerCount, searching);
	if (state === 'unanswered') return sql`${answerCount} = 0`;
	if (state === 'answered') return and(sql`${answerCount} > 0`, isNull(qaQuestions.acceptedAnswerId));
	if (state === 'accepted') return isNotNull(qaQuestions.acceptedAnswerId);
	return undefined;
}

/**
 * A page of questions that are not hidden, matching every word of the query, in the crop, topic,
 * state and village asked for: best match first when searching, newest first otherwise.
 */
export async function searchQuestions(filter: QaFilter, limit = 20): Promise<QaPage> {
	const text = filter.query ? matchSearch(qaSearchKind, qaQuestions.id, filter.query) : null;
	const where = and(
		isNull(qaQuestions.hiddenAt),
		// Typed, but nothing in it to look for (punctuation alone): nothing is found.
		filter.query && !text ? sql`1 = 0` : undefined,
		filter.cropId !== null ? sql`${unindexed(qaQuestions.cropId, text !== null)} = ${filter.cropId}` : undefined,
		filter.topic ? eq(qaQuestions.topic, filter.topic) : undefined,
		stateCondition(filter.state, text !== null),
		filter.village ? eq(villages.slug, filter.village) : undefined
	);
	const offset = (filter.page - 1) * limit;
	const page = (rows: ItemRow[], total: number, capped: boolean) =>
		toItems(rows.slice(0, limit)).then((items) => ({ items, total: Math.min(total, countedQuestions), totalAtLeast: total > countedQuestions, hasNext: rows.length > limit, capped }));

	if (text) {
		// The page's rows carry their count and the search's: one walk of the index, not three.
		const rows = await db
			.select({ ...itemColumns, listed: sql<number>`count(*) over ()`, matched: text.matched })
			.from(qaQuestions)
			.innerJoin(text.hits, text.on)
			.innerJoin(qaCrops, eq(qaCrops.id, qaQuestions.cropId))
			.leftJoin(villages, eq(villages.id, qaQuestions.villageId))
			.where(where)
			.orderBy(text.rank, desc(qaQuestions.id))
			.limit(limit + 1)
			.offset(offset);
		const [first] = rows;
		if (first) return page(rows, Number(first.listed), Number(first.matched) >= rankedMatches);
		// Nothing on this page: a page past the end still says how many there are.
		const total = filter.page > 1 ? await countQuestions(where, filter.village !== null, text) : 0;
		return page(rows, total, await searchCapped(qaSearchKind, filter.query));
	}
	const rows = await db
		.select(itemColumns)
		.from(qaQuestions)
		.innerJoin(qaCrops, eq(qaCrops.id, qaQuestions.cropId))
		.leftJoin(villages, eq(villages.id, qaQuestions.villageId))
		.where(where)
		.orderBy(desc(qaQuestions.createdAt), desc(qaQuestions.id))
		.limit(limit + 1)
		.offset(offset);
	// A first page that is the whole list is its own count.
	const counted = rows.length > limit || filter.page > 1;
	return page(rows, counted ? await countQuestions(where, filter.village !== null, null) : rows.length, false);
}

/** The questions `where` keeps, counted up to one past `countedQuestions`. */
async function countQuestions(where: SQL | undefined, byVillage: boolean, text: SearchMatch | null): Promise<number> {
	// The villages are joined only to filter by one: counting all questions reads one index.
	let counted = db.select({ one: sql`1` }).from(qaQuestions).$dynamic();
	if (byVillage) counted = counted.leftJoin(villages, eq(villages.id, qaQuestions.villageId));
	if (text) counted = counted.innerJoin(text.found, text.on);
	const bounded = counted.where(where).limit(countedQuestions + 1).as('bounded');
	const [row] = await db.select({ n: count() }).from(bounded);
	return Number(row?.n ?? 0);
}

/** Questions whose titles come closest to `title` (as it is being typed), best first; hidden ones never. */
export async function similarQuestions(title: string, limit = 5): Promise<QaListItem[]> {
	// A hidden question is out of the index already; the rows are checked again all the same.
	const ids = await similarTitles(qaSearchKind, title, limit);
	if (ids.length === 0) return [];
	const rows = await db
		.select(itemColumns)
		.from(qaQuestions)
		.innerJoin(qaCrops, eq(qaCrops.id, qaQuestions.cropId))
		.leftJoin(villages, eq(villages.id, qaQuestions.villageId))
		.where(and(inArray(qaQuestions.id, ids), isNull(qaQuestions.hiddenAt)))
		.orderBy(asc(qaQuestions.id));
	const byId = new Map(rows.map((row) => [row.id, row]));
	return toItems(ids.map((id) => byId.get(id)).filter((row): row is ItemRow => row !== undefined));
}

/**
 * An expert's queue: the questions nobody has answered yet (and not hidden), those within their
 * crops and topics first (`mine`), the oldest first in each: the longest wait is answered first.
 */
export async function expertQueue(userId: number, limit = 30): Promise<{ mine: QaListItem[]; others: QaListItem[] }> {
	const mine = sql<number>`case when ${inSpeciality(userId)} then 1 else 0 end`;
	const rows = await db
		.select({ ...itemColumns, mine })
		.from(qaQuestions)
		.innerJoin(qaCrops, eq(qaCrops.id, qaQuestions.cropId))
		.leftJoin(villages, eq(villages.id, qaQuestions.villageId))
		.where(and(eq(qaQuestions.answerCount, 0), isNull(qaQuestions.hiddenAt)))
		.orderBy(desc(mine), asc(qaQuestions.createdAt), asc(qaQuestions.id))
		.limit(limit);
	const items = await toItems(rows);
	const isMine = new Set(rows.filter((row) => Number(row.mine) === 1).map((row) => row.id));
	return { mine: items.filter((item) => isMine.has(item.id)), others: items.filter((item) => !isMine.has(item.id)) };
}

/**
 * 需要帮助: escalated to the cadres and still unanswered, oldest first: all of them for the admin
 * (`villageId` null), a village's own for its committee console.
 */
export async function questionsNeedingHelp(villageId: number | null, limit = 20): Promise<QaListItem[]> {
	const rows = await db
		.select(itemColumns)
		.from(qaQuestions)
		.innerJoin(qaCrops, eq(qaCrops.id, qaQuestions.cropId))
		.leftJoin(villages, eq(villages.id, qaQuestions.villageId))
		.where(
			and(
				isNotNull(qaQuestions.cadresAlertedAt),
				eq(qaQuestions.answerCount, 0),
				isNull(qaQuestions.hiddenAt),
				villageId === null ? undefined : eq(qaQuestions.villageId, villageId)
			)
		)
		.orderBy(asc(qaQuestions.createdAt), asc(qaQuestions.id))
		.limit(limit);
	return toItems(rows);
}
