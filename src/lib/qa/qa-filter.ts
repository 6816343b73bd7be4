// The question list's address (`/qa?q=&crop=&topic=&state=&village=&page=`) read into a typed
// filter: pure, so the page and the query agree on what an address means.
import { parseId, parseWhole, pick } from '$lib/form-fields';
import { normalizeLine } from '$lib/typed-text';
import { qaStates, qaTopics, type QaState, type QaTopic } from './vocabulary';

export type QaFilter = {
	/** What was typed, trimmed; '' for none. */
	query: string;
	cropId: number | null;
	topic: QaTopic | null;
	state: QaState | null;
	/** A village's slug. */
	village: string | null;
	/** 1-based. */
	page: number;
};

export const maxQueryLength = 100;
const maxPage = 500;

/** Anything malformed is ignored, never an error page. */
export function parseQaFilter(params: URLSearchParams): QaFilter {
	const village = params.get('village') ?? '';
	return {
		query: [...normalizeLine(params.get('q') ?? '')].slice(0, maxQueryLength).join('').trim(),
		cropId: parseId(params.get('crop')),
		topic: pick(params.get('topic'), qaTopics),
		state: pick(params.get('state'), qaStates),
		village: /^[a-z0-9-]{1,60}$/.test(village) ? village : null,
		page: parseWhole(params.get('page'), 1, maxPage) ?? 1
	};
}
