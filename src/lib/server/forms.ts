import { fail, type ActionFailure } from '@sveltejs/kit';
import * as v from 'valibot';
import { UserError } from './user-error';

/** The form as plain strings; files and repeated fields are not used by these forms. */
export async function readForm(request: Request): Promise<Record<string, string>> {
	let data: FormData;
	try {
		data = await request.formData();
	} catch {
		return {};
	}
	const fields: Record<string, string> = {};
	for (const [key, value] of data) if (typeof value === 'string') fields[key] = value;
	return fields;
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
