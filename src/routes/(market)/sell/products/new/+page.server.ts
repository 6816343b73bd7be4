import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/web/guards';
import { attempt, readFormWithFiles } from '$lib/server/platform/forms';
import { createProduct, listSellingVillages } from '$lib/server/market/products';
import { parseListingIntent, parseNewListingForm } from '$lib/market/forms';
import { echoListing } from '../listing-form.server';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const villages = await listSellingVillages(user.id);
	const asked = event.url.searchParams.get('village');
	return { villages, chosen: villages.find((v) => v.slug === asked)?.slug ?? villages[0]?.slug ?? '' };
};

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { fields, files } = await readFormWithFiles(event.request);
		const intent = parseListingIntent(fields.intent);
		// A browser cannot be given files back: the form says the photos must be chosen again.
		return attempt({ section: 'listing', ...echoListing(fields), photosChosen: String(files.photos?.length ?? 0) }, async () => {
			const product = await createProduct(user.id, parseNewListingForm(fields), files.photos ?? [], intent);
			redirect(303, intent === 'draft' ? `/sell/products/${product.id}?saved=draft` : `/sell?saved=listed#products`);
		});
	}
} satisfies Actions;
