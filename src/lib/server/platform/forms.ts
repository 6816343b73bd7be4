import { fail, type ActionFailure } from '@sveltejs/kit';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { UserError } from './user-error';
import { postedForm } from './posted-form';
import { optionalText, parseId, parseWhole } from '$lib/form-fields';

// Moved to $lib/form-fields so form parsers the pages import can use them; re-exported for server callers.
export { isRowId, maxRowId, optionalLine, optionalText, parseId, parseWhole, parseWith, pick, requiredLine } from '$lib/form-fields';

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

/** Text of several lines a person types (a body, a note): normalised by normalizeText, then checked like requiredLine. */
export function requiredText(max: number, required: () => string, tooLong: () => string) {
	return v.pipe(optionalText(max, tooLong), v.minLength(1, required));
}
