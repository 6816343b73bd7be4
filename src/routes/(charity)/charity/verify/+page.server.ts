import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { ledgerPath, posterPath, readPosterClaim } from '$lib/charity/checkpoints';
import { compareWithPoster, findReceipt, readReceiptCode, type PosterComparison } from '$lib/server/charity';
import { publicUrl } from '$lib/server/platform/public-url';
import { verifierUrl } from './verifier-module.server';

// Echoed in a message, so cut short: an address can be as long as the browser lets it.
const echo = (typed: string) => [...typed].slice(0, 20).join('') + ([...typed].length > 20 ? '…' : '');

/**
 * The claim of the poster whose code opened the page (`?village=&length=&head=`), beside this
 * server's ledger today; null when the address has none. A claim that is no claim is refused in words.
 */
async function posterCheck(params: URLSearchParams): Promise<(PosterComparison & { ledgerUrl: string; posterUrl: string; command: string }) | null> {
	const claim = readPosterClaim(params);
	if (claim === null) return null;
	if ('problem' in claim) {
		if (claim.problem === 'length') error(400, m.charity_verify_poster_bad_length({ length: echo(claim.typed) }));
		if (claim.problem === 'head') error(400, m.charity_verify_poster_bad_head({ head: echo(claim.typed) }));
		error(400, m.charity_verify_poster_incomplete());
	}
	const compared = await compareWithPoster(claim.village, claim.length, claim.head);
	if (!compared) error(404, m.charity_verify_poster_no_village({ village: echo(claim.village) }));
	return {
		...compared,
		ledgerUrl: ledgerPath(compared.village.slug),
		posterUrl: posterPath(compared.village.slug, compared.poster ?? undefined),
		// The same check on a computer, with nothing but Node and the project's script.
		command: `node scripts/verify-ledger.js ${publicUrl(ledgerPath(compared.village.slug))} --extends ${compared.length}:${compared.head}`
	};
}

export const load: PageServerLoad = async ({ url }) => {
	const poster = await posterCheck(url.searchParams);
	// Longer than any code typed with spaces between every character: the rest is not a code.
	const typed = (url.searchParams.get('code') ?? '').slice(0, 100);
	const code = typed.trim() ? readReceiptCode(typed) : null;
	const receipt = code ? await findReceipt(code) : null;
	return {
		poster,
		typed,
		// What the lookup came to: nothing asked, not a code, nobody's code, or the gift.
		lookup: !typed.trim() ? ('none' as const) : !code ? ('malformed' as const) : !receipt ? ('unknown' as const) : ('found' as const),
		code,
		receipt,
		verifierUrl
	};
};
