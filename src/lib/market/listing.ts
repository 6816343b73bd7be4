// What a listing may hold and which way its state may move: shared by the seller's forms and the server's checks.
import type { ProductStatus } from './vocabulary';

export const titleMaxLength = 40;
export const descriptionMaxLength = 2000;
export const pickupTextMaxLength = 60;
export const maxStock = 1_000_000;
/** ¥1,000,000 a unit: times maxStock, every order total stays a safe integer of fen. */
export const maxPriceFen = 100_000_000;
export const teamSizeRange = { min: 2, max: 10 } as const;
export const teamHoursRange = { min: 1, max: 72 } as const;

/**
 * Where a seller may move a listing by hand. `sold_out` comes from the last sale
 * and leaves by a restock, and `archived` is final: an archived listing's orders
 * and reviews stay readable, but it is never offered again.
 */
export const productTransitions: Record<ProductStatus, readonly ProductStatus[]> = {
	draft: ['listed', 'archived'],
	listed: ['paused', 'archived'],
	paused: ['listed', 'archived'],
	sold_out: ['paused', 'archived'],
	archived: []
};

export function canMoveProduct(from: ProductStatus, to: ProductStatus): boolean {
	return productTransitions[from].includes(to);
}

/** Fen as a seller would type it back into a form: "12", "12.5", "0.05". */
export function yuanInputValue(fen: number): string {
	const whole = Math.trunc(fen / 100);
	const cents = Math.abs(fen % 100);
	if (cents === 0) return String(whole);
	return `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}
