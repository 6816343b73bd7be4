// The question list's address (`/qa?q=&crop=&topic=&state=&village=&page=`) read into a typed
// filter: pure, so the page and the query agree on what an address means.
import { parseId, parseWhole, pick, typedLine } from '$lib/form-fields';
import { typedVillage } from '$lib/villages/forms';
import { qaStates, qaTopics, type QaState, type QaTopic } from './vocabulary';

export type QaFilter = {
	/** What was typed, trimmed; '' for none. */
	query: string;
	cropId: number | null;
	topic: QaTopic | null;
	state: QaState | null;
	/** A village as typed or chosen: its slug, its name or part of it (the page resolves it to one village). */
	village: string | null;
	/** 1-based. */
	page: number;
};

export const maxQueryLength = 100;
const maxPage = 500;

/** Anything malformed is ignored, never an error page. */
export function parseQaFilter(params: URLSearchParams): QaFilter {
	return {
		query: typedLine(params.get('q'), maxQueryLength) ?? '',
		cropId: parseId(params.get('crop')),
		topic: pick(params.get('topic'), qaTopics),
		state: pick(params.get('state'), qaStates),
		village: typedVillage(params),
		page: parseWhole(params.get('page'), 1, maxPage) ?? 1
	};
}
