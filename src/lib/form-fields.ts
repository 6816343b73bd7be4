// Reading typed form fields, for every pillar's form parsers ($lib/<pillar>/forms.ts):
// pure, and importable by pages, so a form and its parser share one definition.
import * as v from 'valibot';
import { normalizeLine, normalizeText } from '$lib/typed-text';
import { UserError } from '$lib/user-error';

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

/** A single line that may be left empty. */
export function optionalLine(max: number, tooLong: () => string) {
	return v.pipe(v.optional(v.string(), ''), v.transform(normalizeLine), v.maxLength(max, tooLong));
}

/** Text of several lines that may be left empty. */
export function optionalText(max: number, tooLong: () => string) {
	return v.pipe(v.optional(v.string(), ''), v.transform(normalizeText), v.maxLength(max, tooLong));
}
