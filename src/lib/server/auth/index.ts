// What other pillars may use of auth; the rest of auth is its own. Routes and hooks may import
// auth's modules directly.
export { findUserById, findUserByUsername } from './accounts';
export { sha256 } from './tokens';
