import { describe, expect, it } from 'vitest';
import { fts5Query, indexTokens, queryTerms, tellingTerms, tsQuery } from './search-tokens';

const tokens = (text: string) => new Set(indexTokens(text).split(' '));

describe('indexTokens', () => {
	it('indexes the characters and pairs of Han runs, so short words inside long ones are found', () => {
		const t = tokens('散养土鸡蛋，稻瘟病防治');
		for (const word of ['鸡', '土鸡', '鸡蛋', '稻瘟', '稻瘟病', '防治']) expect(t.has(word), word).toBe(true);
	});

	it('keeps Latin words and numbers whole and folds width and case', () => {
		expect(indexTokens('Organic ＣＨＥＲＲＩＥＳ 500g')).toBe('organic cherries 500g');
	});

	it('drops punctuation and anything that is not a letter or digit', () => {
		expect(indexTokens('"AND" NEAR( * - : \' ; --')).toBe('and near');
	});
});

describe('queryTerms', () => {
	it('asks for one- and two-character Han words as tokens, longer ones as word or pairs', () => {
		expect(queryTerms('鸡')).toEqual([{ kind: 'token', text: '鸡' }]);
		expect(queryTerms('蜂蜜')).toEqual([{ kind: 'token', text: '蜂蜜' }]);
		expect(queryTerms('稻瘟病')).toEqual([{ kind: 'han', text: '稻瘟病', pairs: ['稻瘟', '瘟病'] }]);
	});

	it('treats Latin words as prefixes, and query syntax as text', () => {
		expect(queryTerms('cherr')).toEqual([{ kind: 'prefix', text: 'cherr' }]);
		expect(fts5Query(queryTerms('NEAR( "x" OR'))).toBe('"near"* AND "x"* AND "or"*');
		expect(tsQuery(queryTerms("a' | !b"))).toBe("'a':* & 'b':*");
	});

	it('finds nothing to ask for in punctuation alone', () => {
		expect(queryTerms(' ，。!! ')).toEqual([]);
	});

	it('says the same thing in both engines’ syntax', () => {
		const terms = queryTerms('稻瘟病 樱桃 red');
		expect(fts5Query(terms)).toBe('("稻瘟病" OR ("稻瘟" AND "瘟病")) AND "樱桃" AND "red"*');
		expect(tsQuery(terms)).toBe("('稻瘟病' | ('稻瘟' & '瘟病')) & '樱桃' & 'red':*");
	});
});

describe('tellingTerms', () => {
	const texts = (query: string) => tellingTerms(queryTerms(query)).map((term) => term.text);
	it('keeps the matter of a title, not its words of asking or its single characters', () => {
		expect(texts('樱桃叶子发黄怎么办')).toEqual(expect.arrayContaining(['樱桃', '叶子', '发黄']));
		expect(texts('樱桃叶子发黄怎么办')).not.toContain('怎么办');
		expect(texts('鸡怎么了')).toEqual(['鸡']);
		expect(texts('怎么办')).toEqual([]);
	});
});
