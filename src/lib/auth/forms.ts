// The account forms' schemas: what a field may hold and the message when it does not. Routes
// parse the posted form with them (parseWith) and hand auth's functions the typed result.
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { checkbox, choice, formText, requiredLine } from '$lib/form-fields';
import { findPasswordProblem, passwordLength, type PasswordProblem } from './passwords';

export const usernameSchema = v.pipe(
	formText,
	v.trim(),
	v.toLowerCase(),
	v.regex(/^[a-z0-9_-]{3,32}$/, () => m.error_username_format())
);

const displayNameSchema = requiredLine(40, m.error_display_name_required, m.error_display_name_long);

const phoneSchema = v.pipe(
	formText,
	v.trim(),
	v.transform((s) => s.replace(/[\s-]/g, '')),
	v.check((s) => s === '' || /^\+?\d{5,20}$/.test(s), () => m.error_phone_format()),
	v.transform((s) => (s === '' ? null : s))
);

/** Why a new password is refused, in the reader's language. */
export function passwordMessage(problem: PasswordProblem | null): string {
	if (problem === 'too_long') return m.error_password_long({ max: passwordLength.max });
	if (problem === 'too_common') return m.error_password_common();
	return m.error_password_short({ min: passwordLength.min });
}

const newPasswordSchema = v.pipe(
	formText,
	v.check((p) => findPasswordProblem(p) === null, (issue) => passwordMessage(findPasswordProblem(String(issue.input))))
);


export const registrationForm = v.object({
	username: usernameSchema,
	displayName: displayNameSchema,
	password: newPasswordSchema,
	phone: phoneSchema
});
export type RegistrationInput = v.InferOutput<typeof registrationForm>;

/** Checked against the account as typed, never for their shape. */
export const loginForm = v.object({ username: formText, password: formText });
export type LoginInput = v.InferOutput<typeof loginForm>;

export const settingsForm = v.object({
	locale: choice(['zh-CN', 'en'], () => m.error_bad_choice()),
	easyMode: checkbox(),
	dataSaver: choice(['auto', 'on', 'off'], () => m.error_bad_choice())
});
export type Settings = v.InferOutput<typeof settingsForm>;

/** A phone number typed in replaces the stored one, an empty field keeps it, and only the "remove" box deletes it. */
export const profileForm = v.object({ displayName: displayNameSchema, phone: phoneSchema, removePhone: checkbox() });
export type ProfileInput = v.InferOutput<typeof profileForm>;

/** The new password's rules are checked after the current one is (accounts.ts changePassword). */
export const passwordChangeForm = v.object({ currentPassword: formText, newPassword: formText });
export type PasswordChangeInput = v.InferOutput<typeof passwordChangeForm>;
