import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** OWASP's argon2id minimum: 19 MiB, two passes, one lane. */
const argon2Options = {
	// Algorithm.Argon2id; the enum is a const enum, which isolated modules cannot read.
	algorithm: 2 as Algorithm,
	memoryCost: 19_456,
	timeCost: 2,
	parallelism: 1
} as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/**
 * A hash of a password nobody has, verified when the username is unknown so a
 * failed login takes as long whether or not the account exists.
 */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
	dummyHash ??= hashPassword('village-square-no-such-account');
	await verifyPassword(await dummyHash, password);
}
