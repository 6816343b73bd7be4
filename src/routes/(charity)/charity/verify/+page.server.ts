import type { PageServerLoad } from './$types';
import { findReceipt, readReceiptCode } from '$lib/server/charity';
import { verifierUrl } from './verifier-module.server';

export const load: PageServerLoad = async ({ url }) => {
	// Longer than any code typed with spaces between every character: the rest is not a code.
	const typed = (url.searchParams.get('code') ?? '').slice(0, 100);
	const code = typed.trim() ? readReceiptCode(typed) : null;
	const receipt = code ? await findReceipt(code) : null;
	return {
		typed,
		// What the lookup came to: nothing asked, not a code, nobody's code, or the gift.
		lookup: !typed.trim() ? ('none' as const) : !code ? ('malformed' as const) : !receipt ? ('unknown' as const) : ('found' as const),
		code,
		receipt,
		verifierUrl
	};
};
