// The market list's address (`/market?q=&village=&category=&sort=&page=`) read into a
// typed filter: pure, so the page and the catalog agree on what an address means.
import { parseWhole, pick, typedLine } from '$lib/form-fields';
import { typedVillage } from '$lib/villages/forms';
import { marketSorts, productCategories, type MarketSort, type ProductCategory } from './vocabulary';

export type MarketFilter = {
	/** What was typed, trimmed; '' for none. */
	query: string;
	/** A village as typed or chosen: its slug, its name or part of it (the page resolves it to one village). */
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
	const query = typedLine(params.get('q'), maxQueryLength) ?? '';
	const sort = pick(params.get('sort'), marketSorts);
	return {
		query,
		village: typedVillage(params),
		category: pick(params.get('category'), productCategories),
		sort: sort && (sort !== 'relevance' || query) ? sort : query ? 'relevance' : 'newest',
		page: parseWhole(params.get('page'), 1, maxPage) ?? 1
	};
}
