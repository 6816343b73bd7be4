import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const base32 = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A random lower-case base32 string carrying at least `bits` bits (160 by default). */
export function generateSecret(bits = 160): string {
	const random = randomBytes(Math.ceil(bits / 5));
	let out = '';
	for (const byte of random) out += base32[byte & 31];
	return out;
}

export function sha256(text: string): Buffer {
	return createHash('sha256').update(text).digest();
}

export function sameHash(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && timingSafeEqual(a, b);
}
