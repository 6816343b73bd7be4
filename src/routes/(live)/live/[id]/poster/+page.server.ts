import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { parseId } from '$lib/server/platform/forms';
import { qrSvg } from '$lib/server/platform/qr';
import { publicUrl } from '$lib/server/platform/public-url';
import { findLiveSale } from '$lib/server/live/pages';

/** The printable poster of a live sale, for the village's notice board: when, what at which price, and the code. */
export const load: PageServerLoad = async ({ params }) => {
	const id = parseId(params.id);
	const sale = id === null ? null : await findLiveSale(id);
	if (!sale) error(404, m.live_error_not_found());
	const path = `/live/${sale.id}`;
	return {
		sale: { id: sale.id, title: sale.title, status: sale.status, startsAt: sale.startsAt, hostName: sale.hostName, villageName: sale.villageName },
		items: sale.items.map((item) => ({ title: item.title, flashPriceFen: item.flashPriceFen, unit: item.unit })),
		path,
		shortUrl: `${new URL(publicUrl(path)).host}${path}`,
		qr: await qrSvg(publicUrl(path))
	};
};
