// What other pillars do when an order's units go back to its products (cancelled, declined,
// lapsed, a team dissolved), inside that same transaction, without the market knowing them: a
// live sale gives its flash units back. Each registers at start (src/lib/server/startup.ts).
import type { Tx } from '$lib/server/platform/db';

export type OrderReleasedHook = (tx: Tx, orderId: number, now: Date) => Promise<void>;

const hooks: OrderReleasedHook[] = [];

export function onOrderReleased(hook: OrderReleasedHook): void {
	if (!hooks.includes(hook)) hooks.push(hook);
}

export async function runOrderReleasedHooks(tx: Tx, orderId: number, now: Date): Promise<void> {
	for (const hook of hooks) await hook(tx, orderId, now);
}
