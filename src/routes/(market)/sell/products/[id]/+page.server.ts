import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { toPhotoView } from '$lib/photos';
import { requireUser } from '$lib/server/web/guards';
import { attempt, idField, pick, readForm, readFormWithFiles } from '$lib/server/platform/forms';
import { listProductPhotos, setProductStatus, StockConflict, updateProduct } from '$lib/server/market/products';
import { parseListingEditForm, parseProductStatus } from '$lib/market/forms';
import { findVillageById } from '$lib/server/villages/villages';
import { productStatusLabel } from '$lib/market/labels';
import { echoListing, listingValues, managedProduct } from '../listing-form.server';

export const load: PageServerLoad = async (event) => {
	const { product } = await managedProduct(event);
	const village = (await findVillageById(product.villageId))!;
	return {
		product: { id: product.id, title: product.title, status: product.status, cooperative: product.cooperative, stock: product.stock },
		village: { name: village.name, slug: village.slug },
		values: listingValues(product, village.slug),
		photos: (await listProductPhotos(product.id)).map(toPhotoView),
		saved: pick(event.url.searchParams.get('saved'), ['draft'])
	};
};

export const actions = {
	save: async (event) => {
		const user = requireUser(event);
		const { fields, files } = await readFormWithFiles(event.request);
		const removePhotos = Object.keys(fields)
			.filter((name) => name.startsWith('remove-'))
			.map((name) => name.slice('remove-'.length));
		// A browser cannot be given files back: the form says the photos must be chosen again.
		const echo = { section: 'listing', ...echoListing(fields), photosChosen: String(files.photos?.length ?? 0) };
		return attempt(echo, async () => {
			try {
				await updateProduct(user.id, idField(event.params.id), parseListingEditForm(fields), { removePhotos, newFiles: files.photos ?? [] });
			} catch (error) {
				// The form comes back showing the stock as it is now, so saving it again starts from there.
				if (error instanceof StockConflict) return fail(409, { ...echo, stock: String(error.left), stockSeen: String(error.left), message: error.message });
				throw error;
			}
			redirect(303, '/sell?saved=edited#products');
		});
	},
	status: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'status' }, async () => {
			const product = await setProductStatus(user.id, idField(event.params.id), parseProductStatus(form.to));
			return { section: 'status', saved: m.sell_status_saved({ title: product.title, status: productStatusLabel(product.status) }) };
		});
	}
} satisfies Actions;
