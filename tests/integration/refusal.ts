import { expect } from 'vitest';
import { UserError } from '$lib/server/platform/user-error';

/** The UserError a call refused with; fails the test if it did anything else. */
export async function refusal(call: Promise<unknown> | (() => unknown)): Promise<UserError> {
	let error: unknown = null;
	try {
		await (typeof call === 'function' ? call() : call);
	} catch (e) {
		error = e;
	}
	expect(error).toBeInstanceOf(UserError);
	return error as UserError;
}
