import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { parseId } from '$lib/server/platform/forms';
import { findMarketProduct } from '$lib/server/market/catalog';
import { qrSvg } from '$lib/server/platform/qr';
import { publicUrl } from '$lib/server/platform/public-url';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = parseId(params.product);
	const product = id === null ? undefined : await findMarketProduct(id, locals.user?.id ?? null);
	if (!product) error(404, m.market_error_not_found());
	// The address a shared link or a printed code carries: always the product's own, never this request's query.
	const shareUrl = publicUrl(`/market/${product.id}`);
	return {
		product,
		// `village` is what the layout's top bar titles the page with.
		village: { name: product.village.name, slug: product.village.slug },
		shareUrl,
		qr: await qrSvg(shareUrl)
	};
};
