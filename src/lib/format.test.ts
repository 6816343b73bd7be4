import { describe, expect, it } from 'vitest';
import { maskName, maskPhone, formatCount, formatDate, formatShortDateTime } from './format';

describe('maskName', () => {
	it('keeps the first character and stars the rest, however long', () => {
		expect(maskName('刘长河')).toBe('刘**');
		expect(maskName('王五')).toBe('王*');
		expect(maskName('李')).toBe('李*');
		expect(maskName('Zhang Wei Ming')).toBe('Z***');
		expect(maskName('  ')).toBe('');
	});
});

describe('maskPhone', () => {
	it('hides the middle of a number', () => {
		expect(maskPhone('13812345678')).toBe('138******78');
		expect(maskPhone('+86 138-1234-5678')).toBe('861********78');
		expect(maskPhone('12345')).toBe('*****');
		expect(maskPhone(null)).toBe('');
	});
});

describe('formatDate', () => {
	it('shows a UTC instant as the Beijing date in the viewer language', () => {
		const lateEvening = new Date('2026-05-01T17:30:00Z');
		expect(formatDate(lateEvening, 'zh-CN')).toContain('5月2日');
		expect(formatDate(lateEvening, 'en')).toContain('May 2');
	});
});

describe('formatShortDateTime', () => {
	it('shows the Beijing day and time without the year', () => {
		const at = new Date('2026-11-21T21:47:00Z');
		expect(formatShortDateTime(at, 'zh-CN')).toBe('11月22日 05:47');
		expect(formatShortDateTime(at, 'en')).toBe('Nov 22, 05:47');
	});
});

describe('formatCount', () => {
	it('groups digits in the reader’s locale and marks a count that stopped short with +', () => {
		expect(formatCount(12345, 'zh-CN')).toBe('12,345');
		expect(formatCount(7, 'en')).toBe('7');
		expect(formatCount(10000, 'en', true)).toBe('10,000+');
	});
});
