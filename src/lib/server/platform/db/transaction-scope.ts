import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The transaction the current async flow is inside, if any. The shared handle
 * refuses to run a statement while one is open: a helper that reached for it
 * there would read around its caller's uncommitted writes (SQLite: another
 * connection; PostgreSQL: another pooled client) or commit on its own, so a
 * late failure could leave half a checkout behind. Pass `tx` instead.
 */
const scope = new AsyncLocalStorage<object>();

export function inTransactionScope<T>(tx: object, work: () => Promise<T>): Promise<T> {
	return scope.run(tx, work);
}

export function openTransaction(): object | undefined {
	return scope.getStore();
}

export class GlobalHandleInTransaction extends Error {
	constructor() {
		super('A statement ran on the shared database handle inside a transaction: pass `tx` to it instead');
	}
}

export class NestedTransaction extends Error {
	constructor() {
		super('transaction() was called inside a transaction: pass `tx` to the helper instead of opening another');
	}
}

/** Throws when a statement on the shared handle would run inside an open transaction. */
export function refuseInsideTransaction(): void {
	if (scope.getStore()) throw new GlobalHandleInTransaction();
}
