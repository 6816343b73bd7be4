import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { buildVillageAtomFeed } from '$lib/server/notices/atom';
import { findVillageBySlug } from '$lib/server/villages/villages';
import { publicOrigin } from '$lib/server/platform/public-url';

// Readers poll every few minutes; five minutes of staleness is nothing next to a paper notice board.
const cacheControl = 'public, max-age=300';

/** Whether the reader's copy (If-None-Match: a list of tags, or *) is still the current feed. */
function isFresh(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	const weak = (tag: string) => tag.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || weak(tag) === weak(etag));
}

/** The village's public notices as Atom: /v/[village]/feed.xml. */
export const GET: RequestHandler = async ({ params, request }) => {
	const village = await findVillageBySlug(params.village);
	if (!village) {
		return new Response(m.error_village_not_found(), { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	const { xml, etag } = await buildVillageAtomFeed(village, publicOrigin());
	const headers = { etag, 'cache-control': cacheControl };
	if (isFresh(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
	return new Response(xml, { headers: { ...headers, 'content-type': 'application/atom+xml; charset=utf-8' } });
};
