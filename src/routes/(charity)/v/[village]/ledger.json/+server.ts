// The village's whole ledger, as every verifier reads it (docs/ledger.md).
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { villageLedger } from '$lib/server/charity';
import { ledgerCacheControl, notFound } from '../../../ledger-download.server';

export const GET: RequestHandler = async ({ params }) => {
	const file = await villageLedger(params.village);
	if (!file) return notFound(m.error_village_not_found());
	return new Response(JSON.stringify(file), { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': ledgerCacheControl } });
};
