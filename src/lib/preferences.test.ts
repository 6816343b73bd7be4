import { describe, expect, it } from 'vitest';
import { formatPreferencesCookie, htmlClasses, listLength, parsePreferencesCookie, resolveDataSaver } from './preferences';

describe('preferences', () => {
	it('round-trips through the visitor cookie and ignores junk', () => {
		const prefs = { easyMode: true, dataSaver: 'on' as const };
		expect(parsePreferencesCookie(formatPreferencesCookie(prefs))).toEqual(prefs);
		expect(parsePreferencesCookie('easy=yes&saver=max')).toEqual({ easyMode: false, dataSaver: 'auto' });
		expect(parsePreferencesCookie(undefined)).toEqual({ easyMode: false, dataSaver: 'auto' });
	});

	it('turns data saver on automatically when the browser asks to save data or reports 2G/3G', () => {
		const hints = (h: Record<string, string>) => new Headers(h);
		expect(resolveDataSaver('auto', hints({ 'save-data': 'on' }))).toBe(true);
		expect(resolveDataSaver('auto', hints({}))).toBe(false);
		expect(resolveDataSaver('auto', hints({ ect: '3g' }))).toBe(true);
		expect(resolveDataSaver('auto', hints({ ect: 'slow-2g' }))).toBe(true);
		expect(resolveDataSaver('auto', hints({ ect: '4g' }))).toBe(false);
		expect(resolveDataSaver('off', hints({ 'save-data': 'on', ect: '2g' }))).toBe(false);
		expect(resolveDataSaver('on', hints({}))).toBe(true);
	});

	it('shows half as many list items per page when saving data', () => {
		expect(listLength({ savingData: false })).toBe(20);
		expect(listLength({ savingData: true })).toBe(10);
		expect(listLength({ savingData: true }, 25)).toBe(13);
	});

	it('names the html classes the stylesheet keys on', () => {
		expect(htmlClasses({ easyMode: true, dataSaver: 'on', savingData: true })).toBe('easy data-saver');
		expect(htmlClasses({ easyMode: false, dataSaver: 'auto', savingData: false })).toBe('');
	});
});
