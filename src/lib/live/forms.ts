// Live sales' forms, read into typed commands: routes parse what was posted with these, the
// domain (src/lib/server/live) takes only the commands, and pages build their field names with
// the same builders so the form and its parser agree.
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { checkbox, choice, optionalLine, optionalText, parseBeijingTime, parseId, parseWhole, parseWith, requiredLine } from '$lib/form-fields';
import { parseYuan } from '$lib/money';
import { UserError } from '$lib/user-error';
import { deliveryMethods, type DeliveryMethod } from '$lib/market/vocabulary';
import { recipientEntries } from '$lib/market/forms';
import { maxLiveItems } from './vocabulary';

type Fields = Record<string, string | undefined>;

export const liveTitleMaxLength = 40;
export const liveDescriptionMaxLength = 1000;
export const momentMaxLength = 200;
export const commentMaxLength = 100;
/** The most units one buyer may be allowed of one featured product, and the largest flash cap. */
export const maxPerBuyerLimit = 99;
export const maxFlashCap = 100_000;

/** What the host typed about one featured product; the domain checks it against the listing. */
export type LiveItemInput = {
	productId: number;
	flashPriceFen: number;
	flashCap: number;
	perBuyerLimit: number;
	windowStartsAt: Date | null;
	windowEndsAt: Date | null;
};

export type ScheduleLive = {
	villageId: number;
	cooperative: boolean;
	title: string;
	description: string;
	startsAt: Date;
	plannedEndAt: Date;
	streamUrl: string | null;
	items: LiveItemInput[];
};

/** The checkbox that features one of the host's listings, and its flash terms beside it. */
export const itemField = (productId: number) => `item_${productId}`;
export const flashPriceField = (productId: number) => `flash_price_${productId}`;
export const flashCapField = (productId: number) => `flash_cap_${productId}`;
export const perBuyerField = (productId: number) => `per_buyer_${productId}`;
export const windowFromField = (productId: number) => `window_from_${productId}`;
export const windowUntilField = (productId: number) => `window_until_${productId}`;

/** A stream address: https only, so nothing is ever loaded in the clear, and nothing but a web address. */
export function parseStreamUrl(raw: string | undefined): string | null {
	const typed = (raw ?? '').trim();
	if (!typed) return null;
	let url: URL;
	try {
		url = new URL(typed);
	} catch {
		throw new UserError(m.live_error_stream_https());
	}
	if (url.protocol !== 'https:' || !url.hostname || url.username || url.password || typed.length > 500) throw new UserError(m.live_error_stream_https());
	return url.href;
}

function requiredTime(raw: string | undefined, invalid: () => string): Date {
	const time = parseBeijingTime((raw ?? '').trim());
	if (!time) throw new UserError(invalid());
	return time;
}

function optionalTime(raw: string | undefined, invalid: () => string): Date | null {
	return (raw ?? '').trim() === '' ? null : requiredTime(raw, invalid);
}

const scheduleSchema = v.object({
	title: requiredLine(liveTitleMaxLength, m.live_error_title, () => m.live_error_title_long({ max: liveTitleMaxLength })),
	description: optionalText(liveDescriptionMaxLength, () => m.live_error_description_long({ max: liveDescriptionMaxLength })),
	cooperative: checkbox()
});

/**
 * The schedule form: the sale's own fields, and one set of flash terms for each listing whose
 * box is ticked (`item_<id>`); the listing's title is the domain's to put in a message.
 */
export function parseScheduleForm(fields: Fields, villageId: number): ScheduleLive {
	const own = parseWith(scheduleSchema, fields);
	const startsAt = requiredTime(fields.startsAt, m.live_error_starts_invalid);
	const plannedEndAt = requiredTime(fields.plannedEndAt, m.live_error_end_invalid);
	const streamUrl = parseStreamUrl(fields.streamUrl);
	const chosen = Object.keys(fields)
		.map((name) => /^item_(\d+)$/.exec(name)?.[1])
		.map((id) => (id === undefined ? null : parseId(id)))
		.filter((id): id is number => id !== null && Boolean(fields[itemField(id)]));
	if (chosen.length === 0) throw new UserError(m.live_error_no_items());
	if (chosen.length > maxLiveItems) throw new UserError(m.live_error_too_many_items({ max: maxLiveItems }));
	const items = chosen.map((productId) => parseItemTerms(fields, productId));
	return { villageId, ...own, startsAt, plannedEndAt, streamUrl, items };
}

/**
 * One featured product's terms. A number that is not one is refused here with the field's own
 * message; whether it fits the listing (below its price, within its stock) is the domain's.
 */
function parseItemTerms(fields: Fields, productId: number): LiveItemInput {
	const flashPriceFen = parseYuan(fields[flashPriceField(productId)] ?? '');
	if (flashPriceFen === null || flashPriceFen <= 0) throw new UserError(m.live_error_flash_price_invalid());
	const flashCap = parseWhole(fields[flashCapField(productId)], 1, maxFlashCap);
	if (flashCap === null) throw new UserError(m.live_error_cap_invalid({ max: maxFlashCap }));
	const perBuyerLimit = parseWhole(fields[perBuyerField(productId)], 1, maxPerBuyerLimit);
	if (perBuyerLimit === null) throw new UserError(m.live_error_limit_invalid({ max: maxPerBuyerLimit }));
	return {
		productId,
		flashPriceFen,
		flashCap,
		perBuyerLimit,
		windowStartsAt: optionalTime(fields[windowFromField(productId)], m.live_error_window_invalid),
		windowEndsAt: optionalTime(fields[windowUntilField(productId)], m.live_error_window_invalid)
	};
}

/* ---------- buying on the live page ---------- */

export type LiveBuy = {
	itemId: number;
	quantity: number;
	delivery: DeliveryMethod;
	name: string;
	phone: string;
	address: string;
};

const buySchema = v.object({
	delivery: choice(deliveryMethods, () => m.live_error_delivery()),
	...recipientEntries
});

/** The "抢购" form under each featured product. */
export function parseBuyForm(fields: Fields): LiveBuy {
	const itemId = parseId(fields.itemId);
	if (itemId === null) throw new UserError(m.live_error_item_not_found(), 404);
	const quantity = parseWhole(fields.quantity, 1, maxPerBuyerLimit);
	if (quantity === null) throw new UserError(m.live_error_quantity({ max: maxPerBuyerLimit }));
	return { itemId, quantity, ...parseWith(buySchema, fields) };
}

/* ---------- the host's console and the viewers' comments ---------- */

const momentSchema = v.object({ text: optionalText(momentMaxLength, () => m.live_error_moment_long({ max: momentMaxLength })) });
const commentSchema = v.object({
	text: v.pipe(optionalLine(commentMaxLength, () => m.live_error_comment_long({ max: commentMaxLength })), v.minLength(1, () => m.live_error_comment_empty()))
});

/** A moment's line; a moment may also be a photo alone, which the domain checks. */
export const parseMomentForm = (fields: Fields): { text: string } => parseWith(momentSchema, fields);
export const parseCommentForm = (fields: Fields): { text: string } => parseWith(commentSchema, fields);

/** The console's "change the flash cap" form. */
export function parseCapForm(fields: Fields): { itemId: number; flashCap: number } {
	const itemId = parseId(fields.itemId);
	if (itemId === null) throw new UserError(m.live_error_item_not_found(), 404);
	const flashCap = parseWhole(fields.flashCap, 0, maxFlashCap);
	if (flashCap === null) throw new UserError(m.live_error_cap_invalid({ max: maxFlashCap }));
	return { itemId, flashCap };
}

/** A form naming one row of the sale: the item to pin, the comment to hide, the viewer to stop. */
export function parseRowForm(fields: Fields, name: 'itemId' | 'commentId' | 'userId', notFound: () => string): number {
	const id = parseId(fields[name]);
	if (id === null) throw new UserError(notFound(), 404);
	return id;
}

/** The replay address the host gives after the sale: https, like the stream's. */
export function parseReplayForm(fields: Fields): { replayUrl: string | null } {
	return { replayUrl: parseStreamUrl(fields.replayUrl) };
}
