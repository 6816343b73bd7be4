// What cadres do with charity projects and gifts, as the committee's log shows it in either
// language. Charity modules record through this module's `recordAudit`, so wherever an action
// is recorded its text was registered first.
import * as m from '$lib/paraglide/messages';
import { registerAuditActions, type AuditDetail } from '$lib/server/platform/audit';
import { projectStateLabel } from '$lib/charity/labels';
import { formatFen } from '$lib/money';
import { projectStates, type ProjectState } from '$lib/charity/vocabulary';

const title = (detail: AuditDetail): string => String(detail.title ?? '');
const money = (detail: AuditDetail, locale: string): string => formatFen(Number(detail.amountFen ?? 0), locale);

registerAuditActions({
	'charity.project_created': { text: ({ actor, detail }, locale) => m.charity_audit_project_created({ actor, title: title(detail) }, { locale }) },
	'charity.project_state': {
		text: ({ actor, detail }, locale) => {
			const state = projectStates.find((s) => s === detail.state) ?? ('draft' satisfies ProjectState);
			return m.charity_audit_project_state({ actor, title: title(detail), state: projectStateLabel(state, locale) }, { locale });
		}
	},
	// `gift` is the ledger's own words for it: ¥100.00, 化肥 20 袋, 12 小时.
	'charity.gift_confirmed': { text: ({ actor, detail }, locale) => m.charity_audit_gift_confirmed({ actor, title: title(detail), gift: String(detail.gift ?? '') }, { locale }) },
	'charity.gift_cancelled': { text: ({ actor, detail }, locale) => m.charity_audit_gift_cancelled({ actor, title: title(detail) }, { locale }) },
	'charity.disbursement_proposed': {
		text: ({ actor, detail }, locale) => m.charity_audit_disbursement_proposed({ actor, title: title(detail), amount: money(detail, locale), payee: String(detail.payee ?? '') }, { locale })
	},
	'charity.disbursement_approved': { text: ({ actor, detail }, locale) => m.charity_audit_disbursement_approved({ actor, title: title(detail), amount: money(detail, locale) }, { locale }) },
	'charity.disbursement_rejected': { text: ({ actor, detail }, locale) => m.charity_audit_disbursement_rejected({ actor, title: title(detail), amount: money(detail, locale) }, { locale }) },
	'charity.entry_reversed': { text: ({ actor, detail }, locale) => m.charity_audit_entry_reversed({ actor, seq: Number(detail.seq ?? 0), reason: String(detail.reason ?? '') }, { locale }) }
});

export { recordAudit } from '$lib/server/platform/audit';
