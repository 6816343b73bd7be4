// The pieces every form schema is built from, pure and free of server code, so a pillar's
// schemas (src/lib/<pillar>/forms.ts) can live where pages may import them. The server reads
// them through platform/forms.ts, which adds what needs a request: reading the body, parseWith
// and attempt.
import * as v from 'valibot';
import { normalizeLine, normalizeText } from '$lib/typed-text';
import { UserError } from '$lib/user-error';
import { parseYuan } from '$lib/money';

/** A text field as posted, untouched; one left out of the post reads as empty, as a browser posts an empty input. */
export const formText = v.optional(v.string(), '');

/** Validates with a schema whose messages are localized; the first problem becomes a UserError. */
export function parseWith<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const result = v.safeParse(schema, input);
	if (!result.success) throw new UserError(result.issues[0].message);
	return result.output;
}

/**
 * The one parser for a whole number from a form, an address or a query string:
 * decimal digits only (full-width digits from a Chinese keyboard count, spaces
 * around them are dropped), within [min, max]. No sign, hex, exponent, decimal
 * point, `Infinity` or digits padded with spaces inside; anything else is null.
 */
export function parseWhole(value: string | undefined | null, min: number, max: number): number | null {
	const digits = (value ?? '').normalize('NFKC').trim();
	if (!/^\d{1,16}$/.test(digits)) return null;
	const n = Number(digits);
	return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/**
 * The largest row id: ids are `integer` columns on PostgreSQL, which refuses a
 * larger number with an error where SQLite only finds no row. One bound for
 * both engines keeps such an id a "not found", never a 500.
 */
export const maxRowId = 2_147_483_647;

/** Whether a number can be a row id on both engines (a whole number from 1 to `maxRowId`). */
export function isRowId(value: number): boolean {
	return Number.isInteger(value) && value >= 1 && value <= maxRowId;
}

/** A row id from a form or an address, or null for anything that is not one. */
export function parseId(value: string | undefined | null): number | null {
	return parseWhole(value, 1, maxRowId);
}

/** The highest page number an address may ask for: far past any real list, well inside SQLite's integers. */
export const maxPageNumber = 10_000;

/** `?page=` of a paged list: 1 unless it is a whole number from 1 to `max`. */
export function pageNumber(params: URLSearchParams, max = maxPageNumber): number {
	return parseWhole(params.get('page'), 1, max) ?? 1;
}

/** A line typed into an address (a search, a village's name): normalised, trimmed, at most `max` characters; null when empty. */
export function typedLine(value: string | null | undefined, max: number): string | null {
	const line = [...normalizeLine(value ?? '')].slice(0, max).join('').trim();
	return line === '' ? null : line;
}

/** A value from a request kept only if it is one of the known choices, so it can never name an object's own properties. */
export function pick<T extends string>(value: string | null | undefined, choices: readonly T[]): T | null {
	return choices.find((choice) => choice === value) ?? null;
}

/**
 * A single line a person types (a name, a title): normalised by normalizeLine
 * (no control or format characters, NFC, trimmed), then checked for empty and
 * for length, each with its own message.
 */
export function requiredLine(max: number, required: () => string, tooLong: () => string) {
	return v.pipe(optionalLine(max, tooLong), v.minLength(1, required));
}

/** Text of several lines a person types (a body, a note): normalised by normalizeText, then checked like requiredLine. */
export function requiredText(max: number, required: () => string, tooLong: () => string) {
	return v.pipe(optionalText(max, tooLong), v.minLength(1, required));
}

/** A single line that may be left empty. */
export function optionalLine(max: number, tooLong: () => string) {
	return v.pipe(formText, v.transform(normalizeLine), v.maxLength(max, tooLong));
}

/** Text of several lines that may be left empty. */
export function optionalText(max: number, tooLong: () => string) {
	return v.pipe(formText, v.transform(normalizeText), v.maxLength(max, tooLong));
}

/** What people type, as NFKC: full-width digits from a Chinese keyboard read as digits. */
export const typed = v.pipe(
	v.optional(v.string(), ''),
	v.transform((text) => text.normalize('NFKC').trim())
);

/** Yuan typed by hand to integer fen; empty is `empty`, nonsense or more than two decimals is `invalid`. */
export function yuanField(empty: () => string, invalid: () => string) {
	return v.pipe(
		typed,
		v.minLength(1, empty),
		v.transform(parseYuan),
		v.check((fen) => fen !== null, invalid),
		v.transform((fen) => fen as number)
	);
}

/** A checkbox: ticked when the browser posts it as `on`, its default value; unticked boxes are not posted at all. */
export function checkbox(...ticked: string[]) {
	const values = ['on', ...ticked];
	return v.pipe(
		formText,
		v.transform((value) => values.includes(value))
	);
}

/**
 * One of a fixed list of choices (a select, radio buttons). A field left out of the post is
 * refused with the same message as a wrong value, never valibot's own English "Invalid key".
 */
export function choice<const T extends readonly string[]>(choices: T, message: () => string) {
	return v.pipe(formText, v.picklist(choices, message));
}

/** A `datetime-local` value, which has no zone, read as Beijing time: the villages' clocks. */
export function parseBeijingTime(value: string): Date | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
	const date = new Date(`${value}:00+08:00`);
	return Number.isNaN(date.getTime()) ? null : date;
}

/** A Date as the value of a `datetime-local` input in Beijing time, which is how the form reads it back. */
export function beijingInputValue(date: Date): string {
	return new Date(date.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 16);
}
