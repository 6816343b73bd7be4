// Charity's vocabularies in the reader's language.
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import type { DisbursementState, EntryKind, GiftKind, GiftMethod, GiftState, ProjectCategory, ProjectState } from './vocabulary';

const stateLabels: Record<ProjectState, typeof m.charity_state_draft> = {
	draft: m.charity_state_draft,
	fundraising: m.charity_state_fundraising,
	in_progress: m.charity_state_in_progress,
	completed: m.charity_state_completed,
	closed: m.charity_state_closed
};

/** In the request's language, or in `locale` (the audit log made for its reader). */
export const projectStateLabel = (state: ProjectState, locale?: Locale): string => stateLabels[state]({}, locale ? { locale } : {});

const categoryLabels: Record<ProjectCategory, () => string> = {
	infrastructure: m.charity_category_infrastructure,
	farming: m.charity_category_farming,
	elder_care: m.charity_category_elder_care,
	produce_sales: m.charity_category_produce_sales,
	events: m.charity_category_events,
	other: m.charity_category_other
};

export const categoryLabel = (category: ProjectCategory): string => categoryLabels[category]();

const kindLabels: Record<EntryKind, typeof m.charity_kind_donation> = {
	donation: m.charity_kind_donation,
	disbursement: m.charity_kind_disbursement,
	reversal: m.charity_kind_reversal,
	goods: m.charity_kind_goods,
	hours: m.charity_kind_hours,
	checkpoint: m.charity_kind_checkpoint
};

export const entryKindLabel = (kind: EntryKind, locale?: Locale): string => kindLabels[kind]({}, locale ? { locale } : {});

const giftKindLabels: Record<GiftKind, () => string> = { money: m.charity_gift_money, goods: m.charity_gift_goods, hours: m.charity_gift_hours };
export const giftKindLabel = (kind: GiftKind): string => giftKindLabels[kind]();

const methodLabels: Record<GiftMethod, () => string> = { bank_transfer: m.charity_method_bank_transfer, cash: m.charity_method_cash, in_kind: m.charity_method_in_kind };
export const giftMethodLabel = (method: GiftMethod): string => methodLabels[method]();

const giftStateLabels: Record<GiftState, () => string> = { pledged: m.charity_gift_state_pledged, confirmed: m.charity_gift_state_confirmed, cancelled: m.charity_gift_state_cancelled };
export const giftStateLabel = (state: GiftState): string => giftStateLabels[state]();

const paymentStateLabels: Record<DisbursementState, () => string> = {
	proposed: m.charity_payment_proposed,
	approved: m.charity_payment_approved,
	paid: m.charity_payment_paid,
	rejected: m.charity_payment_rejected,
	withdrawn: m.charity_payment_withdrawn
};
export const paymentStateLabel = (state: DisbursementState): string => paymentStateLabels[state]();

/** The button that moves a project into `state`. */
const moveLabels: Record<ProjectState, () => string> = {
	draft: m.charity_state_draft,
	fundraising: m.charity_move_fundraising,
	in_progress: m.charity_move_in_progress,
	completed: m.charity_move_completed,
	closed: m.charity_move_closed
};
export const moveToLabel = (state: ProjectState): string => moveLabels[state]();
