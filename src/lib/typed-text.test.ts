import { describe, expect, it } from 'vitest';
import { normalizeLine, normalizeText } from './typed-text';

describe('normalizeLine', () => {
	it('drops bidi overrides and isolates, so one name cannot pose as another', () => {
		expect(normalizeLine('陈先生\u202E')).toBe('陈先生');
		for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) expect(normalizeLine(`王${c}五`)).toBe('王五');
	});

	it('drops zero-width and other format characters, NUL, DEL, C1 controls and whole ANSI escapes', () => {
		expect(normalizeLine('a\u200Bb\u200Cc\u200Dd\u200Ee\u200Ff\u2060g\uFEFFh\u00ADi')).toBe('abcdefghi');
		expect(normalizeLine('a\u0000b\u0007c\u007fd\u0085e\u009ff\u000bg\u000ch')).toBe('abcdefgh');
		expect(normalizeLine('\u001b[31m红\u001b[0m')).toBe('红');
		expect(normalizeLine('\uDC00x')).toBe('x');
	});

	it('turns line breaks and tabs into spaces and trims', () => {
		expect(normalizeLine(' 王\r\n五\t六\u2028七 ')).toBe('王 五 六 七');
	});

	it('keeps a zero-width joiner only inside an emoji sequence', () => {
		expect(normalizeLine('👨\u200D🌾')).toBe('👨\u200D🌾');
		expect(normalizeLine('👩🏽\u200D🌾')).toBe('👩🏽\u200D🌾');
		expect(normalizeLine('陈\u200D先生')).toBe('陈先生');
		expect(normalizeLine('👨\u200D')).toBe('👨');
	});

	it('composes to NFC', () => {
		expect(normalizeLine('e\u0301')).toBe('\u00e9');
	});

	it('leaves nothing of a field that was only invisible', () => {
		expect(normalizeLine('\u200B\u202E\uFEFF \u0000')).toBe('');
	});
});

describe('normalizeText', () => {
	it('keeps newlines (CRLF, CR, U+2028 and U+2029 become \\n) and tabs, and nothing else invisible', () => {
		expect(normalizeText('一\r\n二\r三\u2028四\u2029五\t六\u202E\u0000\u000b\u000c\u0085')).toBe('一\n二\n三\n四\n五\t六');
	});

	it('trims the whole text but not the lines inside it', () => {
		expect(normalizeText('\n  a\n  b  \n')).toBe('a\n  b');
	});
});
