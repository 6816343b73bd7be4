import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'drizzle-orm';

/**
 * Counts the statements each request runs, for bench/throughput.js: with
 * COUNT_QUERIES=1 every page answers with `x-query-count`. Off by default, so
 * serving pays nothing for it.
 */
export const countingQueries = process.env.COUNT_QUERIES === '1';

const counters = new AsyncLocalStorage<{ n: number }>();

export const queryCounter: Logger | undefined = countingQueries
	? {
			logQuery() {
				const counter = counters.getStore();
				if (counter) counter.n++;
			}
		}
	: undefined;

/** Runs `work` counting its statements; `read()` gives the count so far. */
export function withQueryCount<T>(work: (read: () => number) => T): T {
	const counter = { n: 0 };
	return counters.run(counter, () => work(() => counter.n));
}
