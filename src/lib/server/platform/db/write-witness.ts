import { AsyncLocalStorage } from 'node:async_hooks';
import type { Tx } from './index';

/**
 * A row that must be written in the same transaction as every write made on
 * its behalf, so that after a crash the two are both there or both gone. The
 * idempotency claim of a keyed request is one: it is marked "committed" with
 * the request's writes, so a replay after kill -9 knows whether they happened.
 */
export type WriteWitness = {
	/** Where the result of the write can be seen (the new order), when the write says so. */
	result: string | null;
	/** Writes the witness; `transaction()` calls it at the end of each transaction it witnesses. */
	record(tx: Tx): Promise<void>;
};

const witnesses = new AsyncLocalStorage<WriteWitness>();

/** Runs `work`, and everything it awaits, with `witness` written alongside each of its transactions. */
export function withWriteWitness<T>(witness: WriteWitness, work: () => T): T {
	return witnesses.run(witness, work);
}

/**
 * Runs bookkeeping that is not the request's write (a throttle count) without the
 * witness: a crash after it must not pass for a write that committed.
 */
export function unwitnessed<T>(work: () => T): T {
	return witnesses.exit(work);
}

export function currentWitness(): WriteWitness | undefined {
	return witnesses.getStore();
}

/**
 * Names the page that shows what the current write made, so a replay after a
 * crash can send the person there. Call it inside the write's transaction.
 */
export function recordWriteResult(location: string): void {
	const witness = witnesses.getStore();
	if (witness) witness.result = location;
}
