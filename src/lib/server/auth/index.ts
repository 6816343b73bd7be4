// What other pillars may use of auth; the rest of auth is its own. Routes and hooks may import
// auth's modules directly.
export { findUserById, findUserByUsername, usernameSchema } from './accounts';
export { sha256 } from './tokens';
export { requireUser } from './guards';
export { onSignIn, type SignInCookies, type SignInHook, type SignedIn } from './sign-in-hooks';
