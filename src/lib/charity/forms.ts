// Charity's forms, read into typed commands: routes parse what was posted with these and the
// domain (src/lib/server/charity) takes only the commands. Text is stored as typed and shown as text.
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { checkbox, choice, optionalLine, optionalText, parseWhole, parseWith, requiredLine, requiredText, typed, yuanField } from '$lib/form-fields';
import { UserError } from '$lib/user-error';
import { giftKinds, giftLimitsFen, noticeDays, projectCategories, type GiftKind, type GiftMethod, type ProjectCategory } from './vocabulary';

type Fields = Record<string, string | undefined>;

export const projectTitleLength = { min: 2, max: 60 } as const;
export const maxDescriptionLength = 5000;
/** ¥10,000,000: a village project, not a county budget. */
export const maxGoalFen = 1_000_000_000;
export const maxGiftMessageLength = 200;
export const maxGoodsLength = 60;
export const maxHours = 1000;

export type ProjectInput = {
	title: string;
	category: ProjectCategory;
	goalFen: number;
	description: string;
	/** YYYY-MM-DD, or null. */
	startsOn: string | null;
	endsOn: string | null;
};

/** A calendar day as a date input posts it; empty is none; anything else is refused. */
const dayField = v.pipe(
	typed,
	v.check((text) => text === '' || isDay(text), () => m.charity_error_day()),
	v.transform((text) => (text === '' ? null : text))
);

function isDay(text: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
	const date = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

const projectSchema = v.object({
	title: v.pipe(
		requiredLine(projectTitleLength.max, () => m.charity_error_title_empty(), () => m.charity_error_title_long({ max: projectTitleLength.max })),
		v.minLength(projectTitleLength.min, () => m.charity_error_title_short({ min: projectTitleLength.min }))
	),
	category: choice(projectCategories, () => m.charity_error_category()),
	goal: v.pipe(
		yuanField(() => m.charity_error_goal_empty(), () => m.charity_error_goal_invalid()),
		v.check((fen) => fen > 0 && fen <= maxGoalFen, () => m.charity_error_goal_range({ max: maxGoalFen / 100 }))
	),
	description: optionalText(maxDescriptionLength, () => m.charity_error_description_long({ max: maxDescriptionLength })),
	startsOn: dayField,
	endsOn: dayField
});

export function parseProjectForm(fields: Fields): ProjectInput {
	const { goal, ...rest } = parseWith(projectSchema, fields);
	if (rest.startsOn && rest.endsOn && rest.endsOn < rest.startsOn) throw new UserError(m.charity_error_days_order());
	return { ...rest, goalFen: goal };
}

/** A gift as pledged: cash with an amount and how it is paid, goods with what they are, or hours. */
export type GiftInput = {
	kind: GiftKind;
	amountFen: number;
	goods: string;
	hours: number;
	anonymous: boolean;
	message: string;
	method: GiftMethod;
	reference: string;
};

const giftSchema = v.object({
	kind: choice(giftKinds, () => m.charity_error_gift_kind()),
	anonymous: checkbox(),
	message: optionalText(maxGiftMessageLength, () => m.charity_error_message_long({ max: maxGiftMessageLength })),
	reference: optionalLine(40, () => m.charity_error_reference_long({ max: 40 }))
});

const moneySchema = v.object({
	amount: v.pipe(
		yuanField(() => m.charity_error_amount_empty(), () => m.charity_error_amount_invalid()),
		v.check((fen) => fen >= giftLimitsFen.min && fen <= giftLimitsFen.max, () => m.charity_error_amount_range({ min: giftLimitsFen.min / 100, max: giftLimitsFen.max / 100 }))
	),
	method: choice(['bank_transfer', 'cash'] as const, () => m.charity_error_method())
});

const goodsSchema = v.object({ goods: requiredLine(maxGoodsLength, () => m.charity_error_goods_empty(), () => m.charity_error_goods_long({ max: maxGoodsLength })) });

export function parseGiftForm(fields: Fields): GiftInput {
	const gift = parseWith(giftSchema, fields);
	const none = { amountFen: 0, goods: '', hours: 0, method: 'in_kind' as const };
	if (gift.kind === 'money') {
		const { amount, method } = parseWith(moneySchema, fields);
		return { ...gift, ...none, amountFen: amount, method };
	}
	if (gift.kind === 'goods') return { ...gift, ...none, goods: parseWith(goodsSchema, fields).goods };
	const hours = parseWhole((fields.hours ?? '').normalize('NFKC').trim(), 1, maxHours);
	if (hours === null) throw new UserError(m.charity_error_hours({ max: maxHours }));
	// What the work was, if said (给路灯挖坑); the hours are the gift.
	const work = parseWith(v.object({ work: optionalLine(maxGoodsLength, () => m.charity_error_goods_long({ max: maxGoodsLength })) }), fields).work;
	return { ...gift, ...none, goods: work, hours };
}

export const maxPayeeLength = 60;
export const maxPurposeLength = 500;
export const maxObjectionLength = 500;

export type DisbursementInput = { amountFen: number; payee: string; purpose: string };

const disbursementSchema = v.object({
	amount: v.pipe(
		yuanField(() => m.charity_error_amount_empty(), () => m.charity_error_amount_invalid()),
		v.check((fen) => fen > 0 && fen <= maxGoalFen, () => m.charity_error_payout_range({ max: maxGoalFen / 100 }))
	),
	payee: requiredLine(maxPayeeLength, () => m.charity_error_payee_empty(), () => m.charity_error_payee_long({ max: maxPayeeLength })),
	purpose: requiredText(maxPurposeLength, () => m.charity_error_purpose_empty(), () => m.charity_error_purpose_long({ max: maxPurposeLength }))
});

export function parseDisbursementForm(fields: Fields): DisbursementInput {
	const { amount, ...rest } = parseWith(disbursementSchema, fields);
	return { ...rest, amountFen: amount };
}

/** The 公示 period the approving cadre chose: 0 to 7 whole days, 3 when left as it was offered. */
export function parseNoticeDays(fields: Fields): number {
	const days = parseWhole((fields.noticeDays ?? String(noticeDays.standard)).normalize('NFKC').trim(), noticeDays.min, noticeDays.max);
	if (days === null) throw new UserError(m.charity_error_notice_days({ min: noticeDays.min, max: noticeDays.max }));
	return days;
}

export const parseObjectionForm = (fields: Fields): { body: string } =>
	parseWith(v.object({ body: requiredText(maxObjectionLength, () => m.charity_error_objection_empty(), () => m.charity_error_objection_long({ max: maxObjectionLength })) }), fields);

export const parseReasonForm = (fields: Fields): { reason: string } =>
	parseWith(v.object({ reason: requiredText(maxPurposeLength, () => m.charity_error_reason_empty(), () => m.charity_error_purpose_long({ max: maxPurposeLength })) }), fields);
