// The market list's address (`/market?q=&village=&category=&sort=&page=`) read into a
// typed filter: pure, so the page and the catalog agree on what an address means.
import { parseWhole, pick } from '$lib/form-fields';
import { normalizeLine } from '$lib/typed-text';
import { marketSorts, productCategories, type MarketSort, type ProductCategory } from './vocabulary';

export type MarketFilter = {
	/** What was typed, trimmed; '' for none. */
	query: string;
	/** A village's slug. */
	village: string | null;
	category: ProductCategory | null;
	/** `relevance` only when there is a query; `newest` otherwise. */
	sort: MarketSort;
	/** 1-based. */
	page: number;
};

const maxQueryLength = 100;
/** Deep pages are for crawlers, not people: past this the page number is ignored. */
const maxPage = 500;

/** `?q=&village=&category=&sort=&page=`; anything malformed is ignored, never an error page. */
export function parseMarketFilter(params: URLSearchParams): MarketFilter {
	const query = [...normalizeLine(params.get('q') ?? '')].slice(0, maxQueryLength).join('').trim();
	const village = params.get('village') ?? '';
	const sort = pick(params.get('sort'), marketSorts);
	return {
		query,
		village: /^[a-z0-9-]{1,60}$/.test(village) ? village : null,
		category: pick(params.get('category'), productCategories),
		sort: sort && (sort !== 'relevance' || query) ? sort : query ? 'relevance' : 'newest',
		page: parseWhole(params.get('page'), 1, maxPage) ?? 1
	};
}
