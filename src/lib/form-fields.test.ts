import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { checkbox, choice, optionalLine, optionalText, requiredLine, requiredText, typedLine } from './form-fields';

const problem = (schema: v.GenericSchema, input: unknown) => {
	const result = v.safeParse(schema, input);
	return result.success ? null : result.issues[0].message;
};

describe('typed-text fields', () => {
	const line = requiredLine(5, () => 'required', () => 'too long');
	const text = requiredText(5, () => 'required', () => 'too long');

	it('refuses nothing, spaces and invisible characters alike as missing', () => {
		for (const typed of [undefined, '', '   ', '\u200B\u202E', '\u0000\t']) {
			expect([typed, problem(line, typed)]).toEqual([typed, 'required']);
			expect([typed, problem(text, typed)]).toEqual([typed, 'required']);
		}
	});

	it('counts what is kept: the limit passes, one more is too long, stripped characters do not count', () => {
		expect(v.parse(line, ' 一二三四五 ')).toBe('一二三四五');
		expect(problem(line, '一二三四五六')).toBe('too long');
		expect(v.parse(line, '一二\u202E三四\u0007五')).toBe('一二三四五');
		// A form's CRLF is one line break, as the textarea counts it.
		expect(v.parse(text, '一二\r\n三四')).toBe('一二\n三四');
		expect(problem(text, '一二\r\n三四五')).toBe('too long');
	});

	it('makes one line of a line field and keeps the lines of a text field', () => {
		expect(v.parse(line, 'a\nb')).toBe('a b');
		expect(v.parse(text, 'a\tb')).toBe('a\tb');
	});

	it('lets optional fields be left out, and still bounds them', () => {
		expect(v.parse(optionalLine(3, () => 'too long'), undefined)).toBe('');
		expect(v.parse(optionalText(3, () => 'too long'), '\u200B')).toBe('');
		expect(problem(optionalLine(3, () => 'too long'), 'abcd')).toBe('too long');
	});
});

describe('checkbox', () => {
	it('is ticked only by the values it accepts; a box left unticked is not posted at all', () => {
		expect([v.parse(checkbox(), 'on'), v.parse(checkbox(), undefined), v.parse(checkbox(), ''), v.parse(checkbox(), 'true')]).toEqual([true, false, false, false]);
		expect(v.parse(checkbox('true'), 'true')).toBe(true);
	});
});

describe('fields left out of a post', () => {
	it('are refused in the reader’s language, never with valibot’s own English', () => {
		const form = v.object({ pick: choice(['a', 'b'], () => 'choose one'), name: requiredLine(5, () => 'required', () => 'too long') });
		expect(problem(form, { name: 'x' })).toBe('choose one');
		expect(problem(form, { pick: 'a' })).toBe('required');
		expect(problem(form, { pick: 'c', name: 'x' })).toBe('choose one');
		expect(v.parse(form, { pick: 'b', name: 'x' })).toEqual({ pick: 'b', name: 'x' });
	});
});

describe('typedLine', () => {
	it('normalises, trims and cuts what was typed into an address, and makes blank nothing', () => {
		expect(typedLine('  柳河 村\u200b ', 40)).toBe('柳河 村');
		expect(typedLine('樱'.repeat(50), 40)).toHaveLength(40);
		for (const blank of [null, undefined, '', '   ']) expect(typedLine(blank, 40)).toBeNull();
	});
});
