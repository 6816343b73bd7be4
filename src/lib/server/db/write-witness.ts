import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';

/**
 * A row that must be written in the same transaction as every write made on
 * its behalf, so that after a crash the two are both there or both gone. The
 * idempotency claim of a keyed request is one: it is marked "committed" with
 * the request's writes, so a replay after kill -9 knows whether they happened.
 */
export type WriteWitness = {
	/** Where the result of the write can be seen (the new order), when the write says so. */
	result: string | null;
	/** Writes the witness; called inside the transaction of each write it witnesses. */
	record(): void;
};

const witnesses = new AsyncLocalStorage<WriteWitness>();

/** Runs `work`, and everything it awaits, with `witness` written alongside each of its writes. */
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

/**
 * Names the page that shows what the current write made, so a replay after a
 * crash can send the person there. Call it inside the write's transaction.
 */
export function recordWriteResult(location: string): void {
	const witness = witnesses.getStore();
	if (witness) witness.result = location;
}

type Transaction = Database.Database['transaction'];

/**
 * Makes every write on this connection carry the current witness, if there is
 * one: a transaction that wrote gets it written at the end of its body (before
 * COMMIT); a write outside any transaction is wrapped in one with it. Reads and
 * writes with no witness run as they are.
 */
export function witnessWrites(client: Database.Database): void {
	const prepare = client.prepare.bind(client);
	const transaction: Transaction = client.transaction.bind(client);
	// better-sqlite3 runs a transaction synchronously, so one connection-wide flag cannot mix up requests.
	let depth = 0;
	let wrote = false;

	const write = <T>(run: () => T): T => {
		const witness = witnesses.getStore();
		if (!witness) return run();
		if (client.inTransaction) {
			wrote = true;
			return run();
		}
		return transaction(() => {
			const result = run();
			witness.record();
			return result;
		})();
	};

	client.prepare = ((source: string) => {
		const statement = prepare(source);
		if (statement.readonly) return statement;
		// raw(), pluck() and expand() return the statement itself, so these stay in place.
		// iterate() is left alone: its rows come after the call returns, too late to wrap.
		for (const method of ['run', 'get', 'all'] as const) {
			const original = statement[method].bind(statement) as (...params: unknown[]) => unknown;
			(statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => write(() => original(...params));
		}
		return statement;
	}) as typeof client.prepare;

	client.transaction = ((body: (...args: unknown[]) => unknown) =>
		transaction(function (this: unknown, ...args: unknown[]) {
			if (depth++ === 0) wrote = false;
			try {
				const result = body.apply(this, args);
				if (depth === 1 && wrote) witnesses.getStore()?.record();
				return result;
			} finally {
				depth--;
			}
		})) as Transaction;
}
