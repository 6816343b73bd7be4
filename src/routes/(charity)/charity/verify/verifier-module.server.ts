// The one verifier ($lib/charity/ledger-verify.js), served as it is to the verify page's script:
// the browser checks a ledger with the very code the server writes it with and the script checks
// it with, never a copy that could drift. Its address names its content, so a browser may keep it.
import { createHash } from 'node:crypto';
import source from '$lib/charity/ledger-verify.js?raw';

export const verifierSource = source;

/** Where the page's script imports it from: a new verifier is a new address. */
export const verifierUrl = `/charity/verify/ledger-verify.js?v=${createHash('sha256').update(source).digest('hex').slice(0, 12)}`;
