// What villages record in the committee's log, and how each line reads in either language.
// Villages modules record through this module's `recordAudit`, so wherever an action is
// recorded (a server process, a test calling them directly) its text was registered first.
import * as m from '$lib/paraglide/messages';
import { registerAuditActions, type AuditDetail } from '$lib/server/platform/audit';

/** Whom the line is about: a cadre's real name, a join code's intended villager, a village. */
const named = (detail: AuditDetail): string => String(detail.realName ?? detail.forName ?? detail.name ?? '');
const hint = (detail: AuditDetail): string => String(detail.hint ?? '');

registerAuditActions({
	'village.created': { text: ({ actor, detail }, locale) => m.audit_village_created({ actor, name: named(detail) }, { locale }) },
	'cadre.appointed': { text: ({ actor, subject, detail }, locale) => m.audit_cadre_appointed({ actor, subject, name: named(detail) }, { locale }) },
	'join_code.issued': { text: ({ actor, detail }, locale) => m.audit_code_issued({ actor, name: named(detail), hint: hint(detail) }, { locale }) },
	'join_code.revoked': { text: ({ actor, detail }, locale) => m.audit_code_revoked({ actor, name: named(detail), hint: hint(detail) }, { locale }) },
	'join_code.redeemed': { text: ({ subject, detail }, locale) => m.audit_code_redeemed({ subject, name: named(detail) }, { locale }) },
	'membership.revoked': { text: ({ actor, subject, detail }, locale) => m.audit_membership_revoked({ actor, subject, name: named(detail) }, { locale }) }
});

export { recordAudit } from '$lib/server/platform/audit';
