// The market's forms, read into typed commands: routes parse what was posted with
// these, the domain (src/lib/server/market) takes only the commands, and pages build
// their field names with the same builders so the form and its parser agree.
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { optionalLine, optionalText, parseId, parseWhole, parseWith, pick, requiredLine, typed, yuanField } from '$lib/form-fields';
import { UserError } from '$lib/user-error';
import { parseYuan } from '$lib/money';
import { findUnsafeMarkup } from '$lib/notices/format';
import { descriptionMaxLength, maxPriceFen, maxStock, pickupTextMaxLength, teamHoursRange, teamSizeRange, titleMaxLength } from './listing';
import { deliveryMethods, productCategories, productStatuses, productUnits, type DeliveryMethod, type ProductCategory, type ProductStatus, type ProductUnit } from './vocabulary';

type Fields = Record<string, string | undefined>;

/* ---------- the cart ---------- */

/** The most units of one product a cart line may hold. */
export const maxCartQuantity = 100_000;

/**
 * A quantity as typed: a whole number, or null when it is not one. The product
 * says what it should have been ("a whole number of 斤"), so refusing it is the domain's.
 */
export type TypedQuantity = number | null;

const typedQuantity = (raw: string | undefined): TypedQuantity => parseWhole(raw, 1, maxCartQuantity);

/** `quantity` left empty means the product's minimum. */
export type AddToCart = { productId: number; quantity: TypedQuantity | 'minimum' };
export type SetCartQuantity = { productId: number; quantity: TypedQuantity };

function cartProduct(fields: Fields): number {
	const productId = parseId(fields.productId);
	if (productId === null) throw new UserError(m.cart_error_no_product(), 404);
	return productId;
}

/** The product page's and cart's "add" form. */
export function parseAddToCartForm(fields: Fields): AddToCart {
	const productId = cartProduct(fields);
	return { productId, quantity: (fields.quantity ?? '').trim() === '' ? 'minimum' : typedQuantity(fields.quantity) };
}

/** The cart's quantity field: here an empty field is not a number. */
export function parseCartQuantityForm(fields: Fields): SetCartQuantity {
	return { productId: cartProduct(fields), quantity: typedQuantity(fields.quantity) };
}

/* ---------- checkout ---------- */

/** Who the buyer is and where it goes: typed once per checkout, copied onto each order. */
export type Contact = { name: string; phone: string; address: string; note: string; payLater: boolean };

/** Who receives an order and where: the checkout's fields, and the live page's 抢购 form's. */
export const recipientEntries = {
	name: requiredLine(20, m.checkout_error_name, m.checkout_error_name_long),
	phone: v.pipe(
		v.optional(v.string(), ''),
		v.transform((s) => s.normalize('NFKC').replace(/[\s-]/g, '')),
		v.regex(/^\+?\d{5,20}$/, () => m.checkout_error_phone())
	),
	address: optionalText(200, () => m.checkout_error_address_long())
};

const contactSchema = v.object({
	...recipientEntries,
	note: optionalLine(200, () => m.checkout_error_note_long()),
	payment: v.picklist(['later', 'transfer'], () => m.checkout_error_payment())
});

/** The radio buttons choosing how one seller's order is delivered. */
export const deliveryField = (sellerId: number) => `delivery_${sellerId}`;
/** Hidden fields on the checkout form: what the buyer was shown, so a cart, price or fee that changed since is caught. */
export const seenQuantityField = (productId: number) => `seen_qty_${productId}`;
export const seenPriceField = (productId: number) => `seen_price_${productId}`;
export const seenFeeField = (sellerId: number) => `seen_fee_${sellerId}`;

/** What the buyer was shown, by product (quantities, unit prices) and by seller (shipping fees). */
export type CheckoutSeen = {
	/** Empty when the form showed no cart (a team checkout, a page from before quantities were sent). */
	quantities: ReadonlyMap<number, number>;
	prices: ReadonlyMap<number, number>;
	fees: ReadonlyMap<number, number>;
};

/** Which team a checkout is for: a new one, or one to join. */
export type TeamChoice = { kind: 'new' } | { kind: 'join'; teamId: number };

export function parseTeamChoice(value: string | null | undefined): TeamChoice | null {
	if (value === 'new') return { kind: 'new' };
	const teamId = parseId(value);
	return teamId === null ? null : { kind: 'join', teamId };
}

/** A 拼团 checkout: its product, its team and how many (null: not a whole number). */
export type TeamRequest = { choice: TeamChoice; productId: number | null; quantity: TypedQuantity };

/**
 * A team checkout names its product and team in the address (links from the product
 * and team pages) and in the form. A `team` that is there but garbled is refused,
 * never read as "check out the whole cart".
 */
export function parseTeamRequest(get: (name: string) => string | null | undefined): TeamRequest | null {
	const team = get('team') ?? undefined;
	if (team === undefined) return null;
	const choice = parseTeamChoice(team);
	if (!choice) throw new UserError(m.team_error_not_found(), 404);
	return { choice, productId: parseId(get('product')), quantity: parseId(get('quantity')) };
}

export type CheckoutCommand = {
	/** Present for a 拼团 checkout; null checks out the cart. */
	team: TeamRequest | null;
	contact: Contact;
	/** The delivery asked for, by seller; a seller missing asked for none the form offers. */
	deliveries: ReadonlyMap<number, DeliveryMethod>;
	seen: CheckoutSeen;
};

/** A checkout for one 拼团 order. */
export type TeamCheckout = CheckoutCommand & { team: TeamRequest };

/** The id a field name ends in, only as the page writes it (`seen_qty_12`, never `seen_qty_012` or full-width digits). */
function idAfter(name: string, prefix: string): number | null {
	const id = parseId(name.slice(prefix.length));
	return id !== null && name === prefix + id ? id : null;
}

/**
 * The checkout form: contact, one delivery per seller, and what the buyer saw.
 * A delivery that is not one the form offers counts as no choice (the seller's
 * only way, if it has one, is taken). A `seen_` field the page could not have
 * written (a name with no id, a value that is not a whole number) means the form
 * is not the one the buyer was shown: refused as changed, to be looked at again.
 */
export function parseCheckoutForm(fields: Fields): CheckoutCommand {
	const team = parseTeamRequest((name) => fields[name]);
	const contact = parseWith(contactSchema, fields);
	const deliveries = new Map<number, DeliveryMethod>();
	const seen = { quantities: new Map<number, number>(), prices: new Map<number, number>(), fees: new Map<number, number>() };
	const seenKinds = [
		['seen_qty_', seen.quantities],
		['seen_price_', seen.prices],
		['seen_fee_', seen.fees]
	] as const;
	for (const [name, value] of Object.entries(fields)) {
		if (name.startsWith('delivery_')) {
			const sellerId = idAfter(name, 'delivery_');
			const method = pick(value, deliveryMethods);
			if (sellerId !== null && method !== null) deliveries.set(sellerId, method);
			continue;
		}
		const kind = seenKinds.find(([prefix]) => name.startsWith(prefix));
		if (!kind) continue;
		const id = idAfter(name, kind[0]);
		const amount = parseWhole(value, 0, Number.MAX_SAFE_INTEGER);
		if (id === null || amount === null) throw new UserError(m.checkout_error_total_changed(), 409);
		kind[1].set(id, amount);
	}
	return {
		team,
		contact: { name: contact.name, phone: contact.phone, address: contact.address, note: contact.note, payLater: contact.payment === 'later' },
		deliveries,
		seen
	};
}

/* ---------- listings ---------- */

const checkbox = v.pipe(
	v.optional(v.string(), ''),
	v.transform((value) => value === 'on' || value === 'true')
);

/** A whole number of units, 0 to `maxStock`; anything else (decimals, minus signs, words) is `invalid`. */
function countField(invalid: () => string, fallback = '') {
	return v.pipe(
		v.optional(v.string(), fallback),
		v.transform((text) => parseWhole(text.trim() || fallback, 0, maxStock)),
		v.check((n) => n !== null, invalid),
		v.transform((n) => n as number)
	);
}

/** A calendar day as a date input posts it; empty means "open". */
const dayField = v.pipe(
	typed,
	v.check((text) => text === '' || isCalendarDay(text), () => m.sell_error_date_invalid()),
	v.transform((text) => text || null)
);

function isCalendarDay(text: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
	const day = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

const listingSchema = v.object({
	// One line: whatever whitespace was typed or pasted becomes single spaces.
	title: v.pipe(
		requiredLine(titleMaxLength, m.sell_error_title_required, () => m.sell_error_title_long({ max: titleMaxLength })),
		v.transform((text) => text.replace(/\s+/g, ' '))
	),
	description: v.pipe(
		optionalText(descriptionMaxLength, () => m.sell_error_description_long({ max: descriptionMaxLength })),
		v.check((text) => findUnsafeMarkup(text) === null, () => m.sell_error_description_markup())
	),
	category: v.picklist(productCategories, () => m.sell_error_category()),
	unit: v.picklist(productUnits, () => m.sell_error_unit()),
	price: yuanField(m.sell_error_price_required, m.sell_error_price_invalid),
	stock: countField(m.sell_error_stock_invalid),
	minOrder: countField(m.sell_error_min_order_invalid, '1'),
	shipsFrom: dayField,
	shipsUntil: dayField,
	shipping: checkbox,
	shipFee: typed,
	pickup: checkbox,
	pickupPlace: optionalLine(pickupTextMaxLength, () => m.sell_error_pickup_long({ max: pickupTextMaxLength })),
	pickupTime: optionalLine(pickupTextMaxLength, () => m.sell_error_pickup_long({ max: pickupTextMaxLength })),
	teamSize: typed,
	teamPrice: typed,
	teamHours: typed
});

/** The columns a listing form sets. */
export type ListingFields = {
	title: string;
	description: string;
	category: ProductCategory;
	unit: ProductUnit;
	priceFen: number;
	stock: number;
	minOrder: number;
	shipsFrom: string | null;
	shipsUntil: string | null;
	shipping: boolean;
	shipFeeFen: number;
	pickup: boolean;
	pickupPlace: string;
	pickupTime: string;
	teamSize: number | null;
	teamPriceFen: number | null;
	teamHours: number | null;
};

/** 拼团 is all three numbers or none of them. */
function parseTeam(fields: v.InferOutput<typeof listingSchema>, priceFen: number): Pick<ListingFields, 'teamSize' | 'teamPriceFen' | 'teamHours'> {
	const given = [fields.teamSize, fields.teamPrice, fields.teamHours].filter(Boolean).length;
	if (given === 0) return { teamSize: null, teamPriceFen: null, teamHours: null };
	if (given < 3) throw new UserError(m.sell_error_team_incomplete());
	const teamSize = parseWhole(fields.teamSize, teamSizeRange.min, teamSizeRange.max);
	if (teamSize === null) throw new UserError(m.sell_error_team_size(teamSizeRange));
	const teamPriceFen = parseYuan(fields.teamPrice);
	if (teamPriceFen === null || teamPriceFen <= 0) throw new UserError(m.sell_error_team_price_invalid());
	if (teamPriceFen >= priceFen) throw new UserError(m.sell_error_team_price_high());
	const teamHours = parseWhole(fields.teamHours, teamHoursRange.min, teamHoursRange.max);
	if (teamHours === null) throw new UserError(m.sell_error_team_hours(teamHoursRange));
	return { teamSize, teamPriceFen, teamHours };
}

/**
 * The listing form, checked field by field and then as a whole. A new listing
 * needs at least one unit in stock; an edit may set 0, which sells it out.
 */
function parseListing(input: Fields, { allowNoStock }: { allowNoStock: boolean }): ListingFields {
	const fields = parseWith(listingSchema, input);
	if (fields.price <= 0) throw new UserError(m.sell_error_price_positive());
	if (fields.price > maxPriceFen) throw new UserError(m.sell_error_price_high({ max: (maxPriceFen / 100).toLocaleString('en') }));
	if (fields.stock === 0 && !allowNoStock) throw new UserError(m.sell_error_stock_zero());
	if (fields.minOrder < 1) throw new UserError(m.sell_error_min_order_invalid());
	if (fields.stock > 0 && fields.minOrder > fields.stock) throw new UserError(m.sell_error_min_order_over_stock({ min: fields.minOrder, stock: fields.stock }));
	if (fields.shipsFrom && fields.shipsUntil && fields.shipsFrom > fields.shipsUntil) throw new UserError(m.sell_error_dates_order());
	if (!fields.shipping && !fields.pickup) throw new UserError(m.sell_error_delivery_none());
	let shipFeeFen = 0;
	if (fields.shipping && fields.shipFee) {
		const fee = parseYuan(fields.shipFee);
		if (fee === null || fee < 0 || fee > maxPriceFen) throw new UserError(m.sell_error_ship_fee());
		shipFeeFen = fee;
	}
	if (fields.pickup && !fields.pickupPlace) throw new UserError(m.sell_error_pickup_place());
	return {
		title: fields.title,
		description: fields.description,
		category: fields.category,
		unit: fields.unit,
		priceFen: fields.price,
		stock: fields.stock,
		minOrder: fields.minOrder,
		shipsFrom: fields.shipsFrom,
		shipsUntil: fields.shipsUntil,
		shipping: fields.shipping,
		shipFeeFen,
		pickup: fields.pickup,
		// Pickup details only mean something when pickup is offered.
		pickupPlace: fields.pickup ? fields.pickupPlace : '',
		pickupTime: fields.pickup ? fields.pickupTime : '',
		...parseTeam(fields, fields.price)
	};
}

/** A new listing: where and for whom it is sold, and its fields. */
export type NewListing = {
	/** The village's slug or id as the form names it; looked up by the domain. */
	village: string;
	/** Listed by a cadre for the village cooperative. */
	cooperative: boolean;
	fields: ListingFields;
};

export function parseNewListingForm(input: Fields): NewListing {
	return {
		village: (input.village ?? '').trim(),
		cooperative: input.cooperative === 'on' || input.cooperative === 'true',
		fields: parseListing(input, { allowNoStock: false })
	};
}

/** An edit of a listing, with the stock the seller saw when the form was shown. */
export type ListingEdit = { fields: ListingFields; stockSeen: number };

export function parseListingEditForm(input: Fields): ListingEdit {
	const fields = parseListing(input, { allowNoStock: true });
	const stockSeen = parseWhole(input.stockSeen, 0, maxStock);
	if (stockSeen === null) throw new UserError(m.error_bad_request());
	return { fields, stockSeen };
}

/** List now, or keep it as a draft only the seller sees. */
export type ListingIntent = 'list' | 'draft';

export function parseListingIntent(value: string | undefined): ListingIntent {
	return value === 'draft' ? 'draft' : 'list';
}

/** A posted status, or a refusal (never a 500) for anything else. */
export function parseProductStatus(value: string | undefined): ProductStatus {
	const status = pick(value, productStatuses);
	if (!status) throw new UserError(m.error_bad_request());
	return status;
}

/* ---------- orders and reviews ---------- */

export const orderActions = ['confirm', 'decline', 'ship', 'deliver', 'complete', 'cancel', 'markPaid', 'refund'] as const;
export type OrderAction = (typeof orderActions)[number];

/** A button on the order page, with the note typed beside it (a reason, a tracking number). */
export type OrderStep = { action: OrderAction; note: string };

const noteSchema = optionalLine(200, () => m.order_error_note_long());

export function parseOrderStepForm(fields: Fields): OrderStep {
	const action = pick(fields.action, orderActions);
	if (!action) throw new UserError(m.error_bad_request());
	return { action, note: parseWith(noteSchema, fields.note) };
}

/** The buyer's stars and words for one product of an order. */
export type ReviewCommand = { productId: number; rating: number; comment: string };

const reviewSchema = v.object({
	rating: v.pipe(
		v.optional(v.string(), ''),
		v.transform((text) => parseWhole(text, 1, 5)),
		v.check((n) => n !== null, () => m.review_error_rating()),
		v.transform((n) => n as number)
	),
	comment: optionalText(500, () => m.review_error_comment_long())
});

export function parseReviewForm(fields: Fields): ReviewCommand {
	const productId = parseId(fields.productId);
	if (productId === null) throw new UserError(m.error_bad_request());
	const { rating, comment } = parseWith(reviewSchema, fields);
	return { productId, rating, comment };
}
