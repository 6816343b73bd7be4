import { describe, expect, it } from 'vitest';
import { lineTotal, orderTotals } from './totals';

/** A repeatable pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
	let state = seed;
	return (below: number) => {
		state = (state * 1664525 + 1013904223) % 4294967296;
		return Math.floor((state / 4294967296) * below);
	};
}

describe('orderTotals', () => {
	it('is the sum of its lines plus the fee, in whole fen, over many random carts', () => {
		const next = random(42);
		for (let cart = 0; cart < 2000; cart++) {
			const lines = Array.from({ length: 1 + next(8) }, () => ({ unitPriceFen: 1 + next(500_000), quantity: 1 + next(200) }));
			const fee = next(3_000);
			const totals = orderTotals(lines, fee);
			let expected = 0;
			for (const line of lines) for (let unit = 0; unit < line.quantity; unit++) expected += line.unitPriceFen;
			expect(totals.subtotalFen).toBe(expected);
			expect(totals.totalFen).toBe(expected + fee);
			expect(Number.isInteger(totals.totalFen)).toBe(true);
		}
	});

	it('refuses fractional or negative amounts rather than rounding them', () => {
		expect(() => lineTotal({ unitPriceFen: 12.5, quantity: 2 })).toThrow(RangeError);
		expect(() => lineTotal({ unitPriceFen: 100, quantity: -1 })).toThrow(RangeError);
		expect(() => orderTotals([{ unitPriceFen: 100, quantity: 1 }], -5)).toThrow(RangeError);
		expect(() => orderTotals([{ unitPriceFen: Number.MAX_SAFE_INTEGER, quantity: 2 }], 0)).toThrow(RangeError);
	});
});
