// Chinese full-text search, one method on both engines: text is cut into words by a
// real segmenter (jieba) when it is stored and when it is searched, and each run of
// Han characters is also indexed by its single characters and pairs, so a one- or
// two-character word (鸡, 蜂蜜, 稻瘟) is found inside a longer one (土鸡, 稻瘟病)
// whatever the segmenter made of it. The engines only match tokens and rank.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let segmenter: Jieba | undefined;

/** The dictionary takes ~0.4 s and ~60 MB to load: only when search is first used. */
function jieba(): Jieba {
	segmenter ??= Jieba.withDict(dict);
	return segmenter;
}

const han = /\p{Script=Han}/u;
const wordCharacters = /[\p{L}\p{N}]+/gu;

/** Full-width letters and digits as ASCII, lower case: ＡＢＣ１２ and abc12 are one word. */
function fold(text: string): string {
	return text.normalize('NFKC').toLowerCase();
}

/** Runs of letters and digits, split where Han meets anything else. */
function runs(text: string): string[] {
	const out: string[] = [];
	for (const piece of fold(text).match(wordCharacters) ?? []) {
		for (const run of piece.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) ?? []) out.push(run);
	}
	return out;
}

function grams(run: string): string[] {
	const chars = [...run];
	const out = [...chars];
	for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
	return out;
}

/**
 * The tokens stored for a text, space-separated: for Han runs, their characters,
 * their pairs and the segmenter's words (search mode, so 稻瘟病 also gives 瘟病);
 * other words as they are. Every token is letters and digits only, so neither
 * engine's query syntax can be reached through it.
 */
export function indexTokens(text: string): string {
	const tokens: string[] = [];
	for (const run of runs(text)) {
		if (!han.test(run)) {
			tokens.push(run);
			continue;
		}
		tokens.push(...grams(run));
		for (const word of jieba().cutForSearch(run, true)) if ([...word].length > 2) tokens.push(word);
	}
	return tokens.join(' ');
}

/**
 * One thing a search asks for; every term of a query must match.
 * - `token`: this exact token (a Han word of one or two characters).
 * - `prefix`: a token starting with it (a Latin word or number as typed so far).
 * - `han`: a longer Han word: the word itself, or all of its pairs.
 */
export type SearchTerm = { kind: 'token'; text: string } | { kind: 'prefix'; text: string } | { kind: 'han'; text: string; pairs: string[] };

/** At most this many terms: a pasted paragraph is not a search. */
const maxTerms = 12;

export function queryTerms(query: string): SearchTerm[] {
	const terms: SearchTerm[] = [];
	const seen = new Set<string>();
	for (const run of runs(query)) {
		const words = han.test(run) ? jieba().cut(run, true) : [run];
		for (const word of words) {
			if (seen.has(word)) continue;
			seen.add(word);
			const chars = [...word];
			if (!han.test(word)) terms.push({ kind: 'prefix', text: word });
			else if (chars.length <= 2) terms.push({ kind: 'token', text: word });
			else terms.push({ kind: 'han', text: word, pairs: grams(word).slice(chars.length) });
		}
	}
	return terms.slice(0, maxTerms);
}

/** How a query's terms combine: all must match (a search), or any may (similar titles, ranked). */
export type TermJoin = 'all' | 'any';

/** FTS5 MATCH syntax. Tokens are letters and digits only; quoting them still keeps FTS5 keywords (AND, NEAR) as words. */
export function fts5Query(terms: SearchTerm[], join: TermJoin = 'all'): string {
	const quote = (token: string) => `"${token}"`;
	return terms
		.map((term) => {
			if (term.kind === 'token') return quote(term.text);
			if (term.kind === 'prefix') return `${quote(term.text)}*`;
			return `(${quote(term.text)} OR (${term.pairs.map(quote).join(' AND ')}))`;
		})
		.join(join === 'all' ? ' AND ' : ' OR ');
}

/**
 * PostgreSQL to_tsquery('simple', …) syntax, with the same meaning as fts5Query; `weight` 'A'
 * keeps to the title (stored with weight A).
 */
export function tsQuery(terms: SearchTerm[], join: TermJoin = 'all'): string {
	const quote = (token: string) => `'${token}'`;
	return terms
		.map((term) => {
			if (term.kind === 'token') return quote(term.text);
			if (term.kind === 'prefix') return `'${term.text}':*`;
			return `(${quote(term.text)} | (${term.pairs.map(quote).join(' & ')}))`;
		})
		.join(join === 'all' ? ' & ' : ' | ');
}

/**
 * Words of asking, not of the matter: 怎么办 is in half the questions anyone types, so a title
 * sharing only these with another is not like it.
 */
const askingWords = new Set([
	'怎么', '怎么办', '怎么回事', '怎么样', '怎样', '咋办', '咋回事', '如何', '什么', '为什么', '为啥',
	'是不是', '有没有', '能不能', '可不可以', '可以', '是否', '应该', '需要', '一下', '这个', '那个', '这样', '没有', '请问', '求助',
	'了', '吗', '呢', '啊', '吧', '呀', '的'
]);

/**
 * The terms worth looking for in a title being typed: one-character words (上, 有, 了) match
 * nearly everything, so they count only when nothing longer was typed; words of asking never.
 */
export function tellingTerms(terms: SearchTerm[]): SearchTerm[] {
	const matter = terms.filter((term) => !askingWords.has(term.text));
	const longer = matter.filter((term) => term.kind !== 'token' || [...term.text].length > 1);
	return longer.length > 0 ? longer : matter;
}
