// The visitor's cart at the request edge: a cookie of product ids and quantities,
// read into the market's CartLine[] and written back from what a change returns.
// The market's domain (src/lib/server/market/cart.ts) never sees the cookie.
import type { RequestEvent } from '@sveltejs/kit';
import { parseId, parseWhole } from '$lib/form-fields';
import { maxCartQuantity } from '$lib/market/forms';
import { maxCartLines, mergeVisitorCart, type CartLine, type CartOwner } from '$lib/server/market/cart';
import type { SignInHook } from '$lib/server/web/sign-in-hooks';

export const cartCookieName = 'vs_cart';
const cartCookieMaxAge = 30 * 24 * 60 * 60;

/** A visitor's cart, `12x3.45x1`: product ids and quantities only. Anything malformed is dropped, never an error. */
export function parseCartCookie(value: string | undefined): CartLine[] {
	const lines = new Map<number, number>();
	for (const part of (value ?? '').split('.')) {
		const pair = part.split('x');
		const productId = pair.length === 2 ? parseId(pair[0]) : null;
		const quantity = pair.length === 2 ? parseWhole(pair[1], 1, maxCartQuantity) : null;
		if (productId !== null && quantity !== null && lines.size < maxCartLines) lines.set(productId, quantity);
	}
	return [...lines].map(([productId, quantity]) => ({ productId, quantity }));
}

export function formatCartCookie(lines: CartLine[]): string {
	return lines.map((line) => `${line.productId}x${line.quantity}`).join('.');
}

/** What of a request the cart needs: who is signed in, the cookies, and whether the cookie must be Secure. */
export type CartEvent = Pick<RequestEvent, 'cookies' | 'url'> & { locals: Pick<App.Locals, 'user'> };

/** Whose cart this request is: the account's when signed in, else the lines in the visitor's cookie. */
export function cartOwnerOf(event: CartEvent): CartOwner {
	const userId = event.locals.user?.id;
	return userId ? { userId } : { userId: null, lines: parseCartCookie(event.cookies.get(cartCookieName)) };
}

function writeCartCookie(event: CartEvent, lines: CartLine[]): void {
	if (lines.length === 0) event.cookies.delete(cartCookieName, { path: '/' });
	else
		event.cookies.set(cartCookieName, formatCartCookie(lines), {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: event.url.protocol === 'https:',
			maxAge: cartCookieMaxAge
		});
}

/** Runs a change to this request's cart; a visitor's lines after it go back into the cookie (an account's are its rows). */
export async function changeCart(event: CartEvent, change: (owner: CartOwner) => Promise<CartLine[]>): Promise<void> {
	const owner = cartOwnerOf(event);
	const lines = await change(owner);
	if (owner.userId === null) writeCartCookie(event, lines);
}

/** auth's onSignIn hook (wired in startup.ts): what the visitor put in the cart joins the account's, and the cookie goes. */
export const mergeCartOnSignIn: SignInHook = async ({ userId, cookies }) => {
	const visitor = parseCartCookie(cookies.get(cartCookieName));
	if (visitor.length === 0) return;
	await mergeVisitorCart(userId, visitor);
	cookies.delete(cartCookieName, { path: '/' });
};
