import { describe, expect, it } from 'vitest';
import { pageNumber, parseId, parseWhole, pick } from './forms';

describe('parseWhole', () => {
	it('reads decimal digits within bounds', () => {
		expect(parseWhole('31', 0, 100)).toBe(31);
		expect(parseWhole('007', 0, 100)).toBe(7);
		expect(parseWhole(' 12 ', 0, 100)).toBe(12);
		// A Chinese keyboard's full-width digits are digits.
		expect(parseWhole('１２', 0, 100)).toBe(12);
	});

	it('refuses hex, exponents, signs, decimals, Infinity, NaN, empty, inner spaces and anything out of bounds', () => {
		for (const text of ['0x1f', '1e3', '1e309', '-1', '+1', '1.5', '1.0', 'Infinity', 'NaN', '', ' ', '1 2', '0b1', '0o7', '１ｅ３', '99999999999999999999', '9007199254740993'])
			expect(parseWhole(text, 0, Number.MAX_SAFE_INTEGER), text).toBeNull();
		expect(parseWhole('0', 1, 10)).toBeNull();
		expect(parseWhole('11', 1, 10)).toBeNull();
		expect(parseWhole(undefined, 0, 10)).toBeNull();
		expect(parseWhole(null, 0, 10)).toBeNull();
	});
});

describe('parseId', () => {
	it('is a positive safe integer or null', () => {
		expect(parseId('42')).toBe(42);
		for (const text of ['0', '-3', '0x10', '1e2', 'Infinity', '__proto__', '']) expect(parseId(text), text).toBeNull();
	});

	it('stays within the id columns of both engines (integer on PostgreSQL)', () => {
		expect(parseId('2147483647')).toBe(2_147_483_647);
		for (const text of ['2147483648', '9007199254740991']) expect(parseId(text), text).toBeNull();
	});
});

describe('pageNumber', () => {
	it('is 1 unless the address names a page within bounds', () => {
		const page = (query: string, max?: number) => pageNumber(new URLSearchParams(query), max);
		expect(page('page=3')).toBe(3);
		for (const query of ['', 'page=Infinity', 'page=1e309', 'page=99999999999999999999', 'page=-1', 'page=0', 'page=0x1f', 'page=NaN', 'page=2.5'])
			expect(page(query), query).toBe(1);
		expect(page('page=501', 500)).toBe(1);
	});
});

describe('pick', () => {
	it('keeps only one of the choices, never a property of Object.prototype', () => {
		expect(pick('draft', ['draft', 'listed'])).toBe('draft');
		for (const value of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', null, undefined]) expect(pick(value, ['draft'])).toBeNull();
	});
});
