import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { keyFingerprint } from '$lib/charity/ledger-verify.js';
import { ledgerPath, posterPath, verifyPath } from '$lib/charity/checkpoints';
import { findCheckpoint, hasUnsealedEntries, ledgerKey, listCheckpoints, sealLedgerNow, type Checkpoint } from '$lib/server/charity';
import { orErrorPage, parseId } from '$lib/server/platform/forms';
import { qrSvg } from '$lib/server/platform/qr';
import { publicUrl } from '$lib/server/platform/public-url';
import { findVillageBySlug, rolesIn } from '$lib/server/villages';
import { requireUser } from '$lib/server/web/guards';

async function villageOf(slug: string) {
	const village = await findVillageBySlug(slug);
	if (!village) error(404, m.error_village_not_found());
	return village;
}

/** `?seq=` names an older checkpoint by its entry's number; without it, the latest (or none yet). */
async function chosenCheckpoint(villageId: number, latest: Checkpoint | undefined, asked: string | null): Promise<Checkpoint | undefined> {
	if (asked === null) return latest;
	const seq = parseId(asked);
	// Echoed in the message, so cut short: an address can be as long as the browser lets it.
	if (seq === null) error(400, m.charity_poster_bad_seq({ seq: [...asked].slice(0, 20).join('') }));
	const checkpoint = await findCheckpoint(villageId, seq);
	if (!checkpoint) error(404, m.charity_poster_not_checkpoint({ seq }));
	return checkpoint;
}

// Written on the sheet: no scheme, nothing to mistype.
const withoutScheme = (url: string) => url.replace(/^https?:\/\//, '');

/** The printable A4 poster of a village's ledger checkpoint, for the paper notice board; anyone may print it. */
export const load: PageServerLoad = async ({ params, url, locals }) => {
	const village = await villageOf(params.village);
	const [latest] = await listCheckpoints(village.id, 1);
	const checkpoint = await chosenCheckpoint(village.id, latest, url.searchParams.get('seq'));
	const cadre = locals.user !== null && (await rolesIn(locals.user.id, village.id)).has('cadre');
	const page = { village: { name: village.name, slug: village.slug }, latestSeq: latest?.seq ?? null, canSeal: cadre && (await hasUnsealedEntries(village.id)) };
	if (!checkpoint) return { ...page, poster: null };
	// The code opens the check itself: the village's ledger as it is today against this length and head.
	const verifyUrl = publicUrl(verifyPath(village.slug, checkpoint.length, checkpoint.head));
	return {
		...page,
		poster: {
			seq: checkpoint.seq,
			at: checkpoint.at,
			length: checkpoint.length,
			head: checkpoint.head,
			fingerprint: await keyFingerprint((await ledgerKey()).publicKey),
			// Under the code, for whoever has no scanner: the file every verifier reads, short enough to type.
			ledgerUrl: withoutScheme(publicUrl(ledgerPath(village.slug))),
			verifyUrl: withoutScheme(verifyUrl),
			qr: await qrSvg(verifyUrl)
		}
	};
};

export const actions = {
	/** A cadre seals the ledger now rather than at night, say before a meeting; anyone else is refused. */
	seal: async (event) => {
		const user = requireUser(event);
		const village = await villageOf(event.params.village);
		await orErrorPage(() => sealLedgerNow(user.id, village.id));
		redirect(303, posterPath(village.slug));
	}
} satisfies Actions;
