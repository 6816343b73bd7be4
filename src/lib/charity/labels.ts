// Charity's vocabularies in the reader's language.
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import type { EntryKind, ProjectCategory, ProjectState } from './vocabulary';

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
