import { describe, expect, it } from 'vitest';
import { formatFen, parseYuan } from './money';

describe('parseYuan', () => {
	it('reads what people type into integer fen, without floating point', () => {
		expect(parseYuan('1200')).toBe(120000);
		expect(parseYuan('1,200.5')).toBe(120050);
		expect(parseYuan('¥-300')).toBe(-30000);
		expect(parseYuan('-¥300')).toBe(-30000);
		expect(parseYuan('－86.00')).toBe(-8600);
		expect(parseYuan('￥0.1')).toBe(10);
		expect(parseYuan('19.99')).toBe(1999);
		expect(parseYuan(' 40 元 ')).toBe(4000);
	});
	it('refuses anything else', () => {
		for (const text of ['', 'abc', '12.345', '1e3', '--5', '1.2.3', 'NaN', '9'.repeat(16), '12345678901']) expect(parseYuan(text), text).toBeNull();
	});
});

describe('formatFen', () => {
	it('shows yuan with the ¥ sign in both languages', () => {
		expect(formatFen(120050, 'zh-CN')).toBe('¥1,200.50');
		expect(formatFen(-30000, 'zh-CN')).toBe('-¥300.00');
		expect(formatFen(120050, 'en')).toBe('¥1,200.50');
	});
});
