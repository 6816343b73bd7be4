// Chinese search on the engine of the run: what a villager types finds what was stored.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, searchEntries, transaction } from '$lib/server/platform/db';
import { indexForSearch, matchSearch, rankedMatches, removeFromSearch, searchCapped, similarTitles } from '$lib/server/platform/search';

const kind = 'search-test';
const docs: Record<number, { title: string; extra?: string; body?: string }> = {
	1: { title: '散养土鸡蛋', extra: '舒王庄', body: '林下散养，每天现捡。' },
	2: { title: '农家自产蜂蜜 500g', extra: '桃园村', body: '槐花蜜，不加糖。' },
	3: { title: '水稻稻瘟病的防治', extra: '李家村', body: '发病初期喷药。' },
	4: { title: '手工鸟笼', extra: '舒王庄', body: '红木鸟笼，适合养鸡的人家也爱买。' },
	5: { title: 'Organic Cherries', extra: 'Taoyuan', body: 'sweet and early' }
};

async function find(query: string): Promise<number[]> {
	const match = matchSearch(kind, searchEntries.refId, query);
	if (!match) return [];
	const rows = await db
		.select({ id: searchEntries.refId })
		.from(searchEntries)
		.innerJoin(match.hits, match.on)
		.where(eq(searchEntries.kind, kind))
		.orderBy(match.rank, searchEntries.refId);
	return rows.map((row) => row.id);
}

beforeAll(async () => {
	await transaction(async (tx) => {
		for (const [id, text] of Object.entries(docs)) await indexForSearch(tx, kind, Number(id), text);
	});
});

describe('search', () => {
	it('finds one- and two-character words inside longer ones', async () => {
		expect(await find('鸡')).toEqual([1, 4]);
		expect(await find('蜂蜜')).toEqual([2]);
		expect(await find('稻瘟')).toEqual([3]);
	});

	it('ranks a title match above a body match', async () => {
		expect((await find('鸡'))[0]).toBe(1);
		expect(await find('鸟笼')).toEqual([4]);
	});

	it('needs every word, and looks in the village name too', async () => {
		expect(await find('舒王庄 鸟笼')).toEqual([4]);
		expect(await find('舒王庄 蜂蜜')).toEqual([]);
	});

	it('matches Latin words by prefix, in any case and width', async () => {
		expect(await find('cherr')).toEqual([5]);
		expect(await find('ＯＲＧＡＮＩＣ')).toEqual([5]);
	});

	it('treats query syntax as text and finds nothing in punctuation', async () => {
		expect(await find('" OR * NEAR( -- \'')).toEqual([]);
		expect(matchSearch(kind, searchEntries.refId, '，。！')).toBeNull();
	});

	it('follows edits and removals', async () => {
		await transaction((tx) => indexForSearch(tx, kind, 2, { title: '土蜂蜜', extra: '桃园村' }));
		expect((await find('土')).sort()).toEqual([1, 2]);
		await transaction((tx) => removeFromSearch(tx, kind, 2));
		expect(await find('蜂蜜')).toEqual([]);
	});
});

describe('a word in very many things', () => {
	it('ranks only the newest matches of its kind, says the list met the bound, and a rarer word still finds the oldest', async () => {
		const many = 'search-many';
		const other = 'search-many-other';
		await transaction(async (tx) => {
			for (let id = 1; id <= rankedMatches + 5; id++) await indexForSearch(tx, many, id, { title: id === 1 ? '最早的樱桃流胶问题' : `樱桃第${id}个问题` });
			// Another kind's newer entries take nothing from this kind's bound.
			for (let id = 1; id <= 10; id++) await indexForSearch(tx, other, id, { title: '樱桃' });
		});
		const matching = async (query: string) => {
			const match = matchSearch(many, searchEntries.refId, query)!;
			return db.select({ id: searchEntries.refId, matched: match.matched }).from(searchEntries).innerJoin(match.hits, match.on).where(eq(searchEntries.kind, many));
		};
		const ids = async (query: string) => (await matching(query)).map((row) => row.id);
		const common = await ids('樱桃');
		expect(common).toHaveLength(rankedMatches);
		// Every row of a search says how many it ranked: a list learns that it met the bound from its own rows.
		expect(new Set((await matching('樱桃')).map((row) => Number(row.matched)))).toEqual(new Set([rankedMatches]));
		expect((await matching('流胶')).map((row) => Number(row.matched))).toEqual([1]);
		expect(Math.min(...common)).toBe(6);
		expect(await searchCapped(many, '樱桃')).toBe(true);
		expect(await ids('流胶')).toEqual([1]);
		expect(await searchCapped(many, '流胶')).toBe(false);
		expect(await searchCapped(other, '樱桃')).toBe(false);
		// Similar titles rank among the newest matches too, and still find what shares a rarer word.
		expect(await similarTitles(many, '樱桃流胶', 3)).toContain(1);
	});
});
