// What an order costs, in integer fen: the one place lines and fees are added up.
// The server computes every stored total with it, and the checkout page shows what it will store with the same functions.

export type PricedLine = { unitPriceFen: number; quantity: number };
export type Totals = { subtotalFen: number; shipFeeFen: number; totalFen: number };

function checkedInteger(value: number, what: string): number {
	if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative whole number of fen, got ${value}`);
	return value;
}

export function lineTotal(line: PricedLine): number {
	return checkedInteger(checkedInteger(line.unitPriceFen, 'price') * checkedInteger(line.quantity, 'quantity'), 'line total');
}

/** The fee is per order (one parcel per seller), not per line. */
export function orderTotals(lines: PricedLine[], shipFeeFen: number): Totals {
	const subtotalFen = checkedInteger(
		lines.reduce((sum, line) => sum + lineTotal(line), 0),
		'subtotal'
	);
	checkedInteger(shipFeeFen, 'shipping fee');
	return { subtotalFen, shipFeeFen, totalFen: checkedInteger(subtotalFen + shipFeeFen, 'total') };
}

export type Delivery = 'ship' | 'pickup';

/** One seller's order delivered this way: the fee only when shipped. The checkout page shows, and placing the order stores, exactly this. */
export function deliveredTotals(lines: PricedLine[], shipFeeFen: number, delivery: Delivery | null): Totals {
	return orderTotals(lines, delivery === 'ship' ? shipFeeFen : 0);
}
