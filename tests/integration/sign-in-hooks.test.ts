import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cartItems, db, sessions } from '$lib/server/platform/db';
import { signIn } from '$lib/server/web/sign-in';
import { onSignIn, type SignInCookies } from '$lib/server/web/sign-in-hooks';
import { cartCookieName, formatCartCookie } from '$lib/server/web/cart';
import { connectPillars } from '$lib/server/startup';
import { insertProduct, makeSeller, makeUser } from './factories';

/** A browser's cookies as signIn sees them. */
function cookieJar(initial: Record<string, string> = {}): SignInCookies & { values: Map<string, string> } {
	const values = new Map(Object.entries(initial));
	return {
		values,
		get: (name) => values.get(name),
		set: (name, value) => void values.set(name, value),
		delete: (name) => void values.delete(name)
	};
}

const signingIn = (cookies: SignInCookies) => ({ cookies, url: new URL('http://village.example/login'), locals: { session: null } }) as unknown as Parameters<typeof signIn>[0];

describe('sign-in hooks', () => {
	it('runs what other pillars registered, after the session exists, with the user and their cookies', async () => {
		const user = await makeUser();
		const jar = cookieJar({ visitor: 'yes' });
		const seen: { userId: number; visitor: string | undefined; sessions: number }[] = [];
		onSignIn(async ({ userId, cookies }) => {
			const made = await db.select().from(sessions).where(eq(sessions.userId, userId));
			seen.push({ userId, visitor: cookies.get('visitor'), sessions: made.length });
		});
		await signIn(signingIn(jar), user);
		expect(seen).toEqual([{ userId: user.id, visitor: 'yes', sessions: 1 }]);
	});

	it("merges a visitor's cart into the account at sign-in once the app has wired its pillars", async () => {
		connectPillars();
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 20 });
		const user = await makeUser();
		const jar = cookieJar({ [cartCookieName]: formatCartCookie([{ productId: product.id, quantity: 2 }]) });
		await signIn(signingIn(jar), user);
		const cart = await db.select({ productId: cartItems.productId, quantity: cartItems.quantity }).from(cartItems).where(eq(cartItems.userId, user.id));
		expect(cart).toEqual([{ productId: product.id, quantity: 2 }]);
		expect(jar.values.has(cartCookieName)).toBe(false);
	});
});
