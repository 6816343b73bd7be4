import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { Product } from '$lib/server/platform/db';
import { requireUser } from '$lib/server/web/guards';
import { parseId } from '$lib/server/platform/forms';
import { canManageProduct, findProduct } from '$lib/server/market/products';
import { yuanInputValue } from '$lib/market/listing';

/** The form fields a refused listing form comes back with (never the files: a browser cannot be given those back). */
export const listingEchoFields = [
	'village',
	'cooperative',
	'title',
	'description',
	'category',
	'unit',
	'price',
	'stock',
	'stockSeen',
	'minOrder',
	'shipsFrom',
	'shipsUntil',
	'shipping',
	'shipFee',
	'pickup',
	'pickupPlace',
	'pickupTime',
	'teamSize',
	'teamPrice',
	'teamHours'
] as const;

export type ListingValues = Record<(typeof listingEchoFields)[number], string>;

export function echoListing(fields: Record<string, string>): ListingValues {
	return Object.fromEntries(listingEchoFields.map((name) => [name, fields[name] ?? ''])) as ListingValues;
}

/** A stored listing as its edit form shows it. */
export function listingValues(product: Product, villageSlug: string): ListingValues {
	const on = (value: boolean) => (value ? 'on' : '');
	const yuan = (fen: number | null) => (fen === null ? '' : yuanInputValue(fen));
	return {
		village: villageSlug,
		cooperative: on(product.cooperative),
		title: product.title,
		description: product.description,
		category: product.category,
		unit: product.unit,
		price: yuan(product.priceFen),
		stock: String(product.stock),
		stockSeen: String(product.stock),
		minOrder: String(product.minOrder),
		shipsFrom: product.shipsFrom ?? '',
		shipsUntil: product.shipsUntil ?? '',
		shipping: on(product.shipping),
		shipFee: product.shipFeeFen > 0 ? yuan(product.shipFeeFen) : '',
		pickup: on(product.pickup),
		pickupPlace: product.pickupPlace,
		pickupTime: product.pickupTime,
		teamSize: product.teamSize === null ? '' : String(product.teamSize),
		teamPrice: yuan(product.teamPriceFen),
		teamHours: product.teamHours === null ? '' : String(product.teamHours)
	};
}

/** The listing the address names, for its seller (or a cadre of a cooperative listing's village); a 404 for anyone else. */
export async function managedProduct(event: RequestEvent): Promise<{ product: Product; actorId: number }> {
	const user = requireUser(event);
	const id = parseId(event.params.id);
	const product = id === null ? undefined : await findProduct(id);
	if (!product || !(await canManageProduct(user.id, product))) error(404, m.sell_error_not_yours());
	return { product, actorId: user.id };
}
