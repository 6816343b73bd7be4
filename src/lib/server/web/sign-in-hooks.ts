// What other pillars do when someone signs in (the market: merge the visitor's cart), without
// auth knowing them: each registers a hook at start (src/lib/server/startup.ts), signIn
// (sign-in.ts, beside this) runs them.

/** The cookies a hook may read and change: the few calls it needs, not the framework's type. */
export interface SignInCookies {
	get(name: string): string | undefined;
	set(name: string, value: string, options: { path: string; httpOnly?: boolean; sameSite?: 'lax' | 'strict'; secure?: boolean; maxAge?: number }): void;
	delete(name: string, options: { path: string }): void;
}

export type SignedIn = { userId: number; cookies: SignInCookies };
export type SignInHook = (signedIn: SignedIn) => Promise<void>;

const hooks: SignInHook[] = [];

export function onSignIn(hook: SignInHook): void {
	hooks.push(hook);
}

/** In the order they were registered, after the session exists: a hook that fails fails the sign-in, as before. */
export async function runSignInHooks(signedIn: SignedIn): Promise<void> {
	for (const hook of hooks) await hook(signedIn);
}
