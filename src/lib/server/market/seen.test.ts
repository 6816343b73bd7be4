import { describe, expect, it } from 'vitest';
import { UserError } from '$lib/server/platform/user-error';
import { parseCheckoutForm, seenFeeField, seenPriceField, seenQuantityField } from '$lib/market/forms';
import { checkCartSeen } from './seen';

const contact = { name: '陈先生', phone: '13812345678', payment: 'later' };
const seen = (fields: Record<string, string>) => parseCheckoutForm({ ...contact, ...fields }).seen;

/** The cart as the server reads it now: honey ×2 at 1250, eggs ×1 at 800; seller 9 ships for 600. */
const cart = [
	{ productId: 5, unitPriceFen: 1250, quantity: 2 },
	{ productId: 6, unitPriceFen: 800, quantity: 1 }
];
const fees = [{ sellerId: 9, shipFeeFen: 600 }];
const shown = {
	[seenQuantityField(5)]: '2',
	[seenPriceField(5)]: '1250',
	[seenQuantityField(6)]: '1',
	[seenPriceField(6)]: '800',
	[seenFeeField(9)]: '600'
};

function refused(fields: Record<string, string>, lines: Parameters<typeof checkCartSeen>[1] = cart): boolean {
	try {
		checkCartSeen(seen(fields), lines, fees);
		return false;
	} catch (error) {
		if (error instanceof UserError && error.status === 409) return true;
		throw error;
	}
}

describe('checkCartSeen', () => {
	it('lets through the cart the buyer was shown, and a form from before quantities were sent', () => {
		expect(refused(shown)).toBe(false);
		expect(refused({ [seenPriceField(5)]: '1250' })).toBe(false);
	});

	it('refuses a quantity seen for a product not in the cart, a cart product not seen, and any number that differs', () => {
		expect(refused({ ...shown, [seenQuantityField(7)]: '1' })).toBe(true);
		const { [seenQuantityField(6)]: _eggs, ...withoutEggs } = shown;
		expect(refused(withoutEggs)).toBe(true);
		expect(refused({ ...shown, [seenQuantityField(5)]: '3' })).toBe(true);
		expect(refused({ ...shown, [seenPriceField(6)]: '799' })).toBe(true);
		expect(refused({ ...shown, [seenFeeField(9)]: '0' })).toBe(true);
	});

	it('checks a team checkout, which shows no cart, on its price alone', () => {
		const team = [{ productId: 5, unitPriceFen: 1100 }];
		expect(refused({ [seenPriceField(5)]: '1100' }, team)).toBe(false);
		expect(refused({ [seenPriceField(5)]: '1250' }, team)).toBe(true);
	});
});
