// What a new password must be, apart from how it is hashed (src/lib/server/auth/password.ts):
// the sign-up and password forms check it before anything is stored.
import commonPasswordList from './common-passwords.txt?raw';

export const passwordLength = { min: 8, max: 128 } as const;

const commonPasswords = new Set(
	commonPasswordList
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('#'))
);

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

/** Why a new password is refused, or null when it is acceptable. */
export function findPasswordProblem(password: string): PasswordProblem | null {
	const length = [...password].length;
	if (length < passwordLength.min) return 'too_short';
	if (length > passwordLength.max) return 'too_long';
	if (commonPasswords.has(password.toLowerCase())) return 'too_common';
	return null;
}
