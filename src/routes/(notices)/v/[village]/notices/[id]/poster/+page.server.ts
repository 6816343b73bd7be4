import type { PageServerLoad } from './$types';
import { qrSvg } from '$lib/server/platform/qr';
import { publicUrl } from '$lib/server/platform/public-url';
import { visibleNotice } from '../notice.server';
import { posterLines } from './poster-lines';

/** The printable A4 poster of a notice, for the paper notice board; whoever may see the notice may print it. */
export const load: PageServerLoad = async (event) => {
	const { village, notice } = await visibleNotice(event);
	const path = `/v/${encodeURIComponent(village.slug)}/notices/${notice.id}`;
	const url = publicUrl(path);
	return {
		village: { name: village.name, slug: village.slug },
		notice: {
			id: notice.id,
			title: notice.title,
			category: notice.category,
			audience: notice.audience,
			draft: notice.status === 'draft',
			date: notice.publishedAt ?? notice.createdAt,
			// Enough to say what the notice is about; the QR code gives the rest.
			lines: posterLines(notice.body)
		},
		path,
		// Written under the code for whoever has no scanner: no scheme, nothing to mistype.
		shortUrl: `${new URL(url).host}${path}`,
		qr: await qrSvg(url)
	};
};
