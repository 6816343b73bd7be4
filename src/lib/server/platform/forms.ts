import { error, fail, type ActionFailure } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { parseId } from '$lib/form-fields';
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

/** Runs a page's load: a UserError becomes the error page with its status and message. */
export async function orErrorPage<T>(body: () => T | Promise<T>): Promise<T> {
	try {
		return await body();
	} catch (refused) {
		if (refused instanceof UserError) error(refused.status, refused.message);
		throw refused;
	}
}

/** A row id from the address; anything else is the not-found page with `message`. */
export function idParam(value: string | undefined, message: string): number {
	const id = parseId(value);
	if (id === null) error(404, message);
	return id;
}

// The pure pieces ($lib/form-fields.ts) that server code reads from here.
export {
	isRowId,
	maxRowId,
	optionalLine,
	optionalText,
	pageNumber,
	parseId,
	parseWhole,
	parseWith,
	pick,
	requiredLine
} from '$lib/form-fields';

/** A row id posted by a form; anything else is refused with a message, not a 500. */
export function idField(value: string | undefined): number {
	const id = parseId(value);
	if (id === null) throw new UserError(m.error_bad_request());
	return id;
}
