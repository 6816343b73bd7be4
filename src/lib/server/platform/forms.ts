import { fail, type ActionFailure } from '@sveltejs/kit';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { normalizeLine, normalizeText } from '$lib/typed-text';
import { UserError } from './user-error';
import { postedForm } from './posted-form';

/** Text fields by name; chosen files by input name, in the order picked (an input may be `multiple`). */
export type PostedForm = { fields: Record<string, string>; files: Record<string, File[]> };

/**
 * The posted form, split into text fields and chosen files (a file input left
 * empty is no file). A body that is not a form reads as an empty form, so the
 * action answers with its usual "required" message rather than a 500. Parsed
 * once per request, within the route's body limits (body-limits.ts).
 */
export async function readFormWithFiles(request: Request): Promise<PostedForm> {
	// Keyed by names the request chose: no prototype, so `__proto__` or `constructor` is just a field.
	const posted: PostedForm = { fields: Object.create(null), files: Object.create(null) };
	for (const [key, value] of await postedForm(request)) {
		if (typeof value === 'string') posted.fields[key] = value;
		else if (value.size > 0 || value.name !== '') (posted.files[key] ??= []).push(value);
	}
	return posted;
}

export async function readForm(request: Request): Promise<Record<string, string>> {
	return (await readFormWithFiles(request)).fields;
}

/** Validates with a schema whose messages are localized; the first problem becomes a UserError. */
export function parseWith<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const result = v.safeParse(schema, input);
	if (!result.success) throw new UserError(result.issues[0].message);
	return result.output;
}

type Echo = Record<string, string | undefined>;

/**
 * Runs an action body; a UserError becomes `fail(status, { message, ...echo })`
 * so the form comes back filled in (never with a password) and nothing changed.
 */
export async function attempt<T, E extends Echo>(
	echo: E,
	body: () => T | Promise<T>
): Promise<T | ActionFailure<E & { message: string }>> {
	try {
		return await body();
	} catch (error) {
		if (error instanceof UserError) return fail(error.status, { ...echo, message: error.message });
		throw error;
	}
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

/** A row id posted by a form; anything else is refused with a message, not a 500. */
export function idField(value: string | undefined): number {
	const id = parseId(value);
	if (id === null) throw new UserError(m.error_bad_request());
	return id;
}

/** The highest page number an address may ask for: far past any real list, well inside SQLite's integers. */
export const maxPageNumber = 10_000;

/** `?page=` of a paged list: 1 unless it is a whole number from 1 to `max`. */
export function pageNumber(params: URLSearchParams, max = maxPageNumber): number {
	return parseWhole(params.get('page'), 1, max) ?? 1;
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
	return v.pipe(v.optional(v.string(), ''), v.transform(normalizeLine), v.maxLength(max, tooLong));
}

/** Text of several lines that may be left empty. */
export function optionalText(max: number, tooLong: () => string) {
	return v.pipe(v.optional(v.string(), ''), v.transform(normalizeText), v.maxLength(max, tooLong));
}
