import { describe, expect, it } from 'vitest';
import * as m from '$lib/paraglide/messages';
import { UserError } from '$lib/user-error';
import { deliveryField, parseAddToCartForm, parseCheckoutForm, parseOrderStepForm, parseProductStatus, seenFeeField, seenPriceField, seenQuantityField } from './forms';

/** A form as readForm hands it over: no prototype, keys chosen by whoever posted it. */
function posted(fields: Record<string, string>): Record<string, string> {
	return Object.assign(Object.create(null), fields);
}

const contact = { name: '陈先生', phone: '138 1234 5678', address: '北京市朝阳区幸福路 8 号', payment: 'later' };

function refusedWith(parse: () => unknown): UserError {
	try {
		parse();
	} catch (error) {
		if (error instanceof UserError) return error;
		throw error;
	}
	throw new Error('not refused');
}

describe('parseCheckoutForm', () => {
	it('reads one delivery per seller and the contact, sharing field names with the page', () => {
		const command = parseCheckoutForm(posted({ ...contact, [deliveryField(12)]: 'pickup', [deliveryField(7)]: 'ship' }));
		expect([...command.deliveries]).toEqual([
			[12, 'pickup'],
			[7, 'ship']
		]);
		expect(command.contact).toEqual({ name: '陈先生', phone: '13812345678', address: '北京市朝阳区幸福路 8 号', note: '', payLater: true });
		expect(command.team).toBeNull();
	});

	it('counts a delivery that is not one the form offers, or a seller the page could not have named, as no choice', () => {
		const fields = posted({
			...contact,
			delivery_3: 'teleport',
			delivery_4: '',
			delivery_abc: 'ship',
			delivery_012: 'ship',
			'delivery_１２': 'ship',
			delivery_0: 'ship',
			delivery___proto__: 'ship',
			delivery_constructor: 'pickup',
			delivery_99999999999: 'ship'
		});
		expect(parseCheckoutForm(fields).deliveries.size).toBe(0);
	});

	it('reads what the buyer saw, full-width digits as digits', () => {
		const { seen } = parseCheckoutForm(posted({ ...contact, [seenQuantityField(5)]: '２', [seenPriceField(5)]: '1250', [seenFeeField(9)]: '0' }));
		expect([...seen.quantities]).toEqual([[5, 2]]);
		expect([...seen.prices]).toEqual([[5, 1250]]);
		expect([...seen.fees]).toEqual([[9, 0]]);
	});

	it('refuses as changed a seen value that is not a whole number within bounds, or a name the page could not have written', () => {
		const bad: Record<string, string>[] = [
			{ [seenPriceField(5)]: '-1' },
			{ [seenPriceField(5)]: '12.50' },
			{ [seenPriceField(5)]: '1e3' },
			{ [seenFeeField(5)]: '9007199254740993' },
			{ [seenQuantityField(5)]: '' },
			{ seen_qty_abc: '1' },
			{ seen_qty_0: '1' },
			{ seen_qty_05: '1' },
			{ 'seen_qty_１２': '1' },
			{ seen_price___proto__: '1' },
			{ seen_fee_constructor: '1' }
		];
		for (const fields of bad) {
			const refused = refusedWith(() => parseCheckoutForm(posted({ ...contact, ...fields })));
			expect(refused.message, JSON.stringify(fields)).toBe(m.checkout_error_total_changed());
			expect(refused.status).toBe(409);
		}
	});

	it('keeps a posted `__proto__` a field like any other: nothing reaches Object.prototype', () => {
		const fields = JSON.parse(JSON.stringify({ ...contact, [deliveryField(3)]: 'ship' }).replace('{', '{"__proto__":{"polluted":"yes"},'));
		const command = parseCheckoutForm(fields);
		expect(command.deliveries.get(3)).toBe('ship');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(command.contact)).toBe(Object.prototype);
	});

	it('reads a 拼团 checkout from its team and product fields, and refuses a garbled team rather than checking out the cart', () => {
		expect(parseCheckoutForm(posted({ ...contact, team: 'new', product: '8', quantity: '３' })).team).toEqual({ choice: { kind: 'new' }, productId: 8, quantity: 3 });
		expect(parseCheckoutForm(posted({ ...contact, team: '41', product: '8', quantity: 'x' })).team).toEqual({ choice: { kind: 'join', teamId: 41 }, productId: 8, quantity: null });
		for (const team of ['', 'abc', '0', '-1', '__proto__']) {
			const refused = refusedWith(() => parseCheckoutForm(posted({ ...contact, team })));
			expect(refused.message, team).toBe(m.team_error_not_found());
			expect(refused.status).toBe(404);
		}
	});
});

describe('parseAddToCartForm', () => {
	it('takes an empty quantity as the minimum and leaves a typed one to the product to judge', () => {
		expect(parseAddToCartForm(posted({ productId: '3', quantity: ' ' }))).toEqual({ productId: 3, quantity: 'minimum' });
		expect(parseAddToCartForm(posted({ productId: '3', quantity: '０' }))).toEqual({ productId: 3, quantity: null });
		expect(refusedWith(() => parseAddToCartForm(posted({ productId: '__proto__', quantity: '1' }))).status).toBe(404);
	});
});

describe('choices posted by buttons', () => {
	it('refuses a status or an order action that names a property every object has', () => {
		for (const value of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
			expect(refusedWith(() => parseProductStatus(value)).message).toBe(m.error_bad_request());
			expect(refusedWith(() => parseOrderStepForm(posted({ action: value }))).message).toBe(m.error_bad_request());
		}
		expect(parseOrderStepForm(posted({ action: 'ship', note: ' 中通 7312\u200B ' }))).toEqual({ action: 'ship', note: '中通 7312' });
	});
});
