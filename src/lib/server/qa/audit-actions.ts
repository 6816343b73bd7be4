// What the county admin and the cadres do in expert Q&A (verifying experts, editing, hiding,
// reports), as the log shows it in either language. Q&A modules record through this module's
// `recordAudit`, so wherever an action is recorded its text was registered first.
import * as m from '$lib/paraglide/messages';
import { registerAuditActions, type AuditDetail } from '$lib/server/platform/audit';

const title = (detail: AuditDetail): string => String(detail.title ?? '');

registerAuditActions({
	'qa.expert_verified': { text: ({ actor, subject, detail }, locale) => m.qa_audit_expert_verified({ actor, expert: subject, unit: String(detail.unit ?? '') }, { locale }) },
	'qa.expert_revoked': { text: ({ actor, subject }, locale) => m.qa_audit_expert_revoked({ actor, expert: subject }, { locale }) },
	'qa.alert_noticed': { text: ({ actor, detail }, locale) => m.qa_audit_alert_noticed({ actor, title: title(detail) }, { locale }) },
	// Moderation (moderation.ts): the subject is who wrote the question or answer, the title the question's.
	'qa.question_edited': { text: ({ actor, detail }, locale) => m.qa_audit_question_edited({ actor, title: title(detail) }, { locale }) },
	'qa.answer_edited': { text: ({ actor, detail }, locale) => m.qa_audit_answer_edited({ actor, title: title(detail) }, { locale }) },
	'qa.question_hidden': { text: ({ actor, subject, detail }, locale) => m.qa_audit_question_hidden({ actor, author: subject, title: title(detail) }, { locale }) },
	'qa.question_unhidden': { text: ({ actor, subject, detail }, locale) => m.qa_audit_question_unhidden({ actor, author: subject, title: title(detail) }, { locale }) },
	'qa.answer_hidden': { text: ({ actor, subject, detail }, locale) => m.qa_audit_answer_hidden({ actor, author: subject, title: title(detail) }, { locale }) },
	'qa.answer_unhidden': { text: ({ actor, subject, detail }, locale) => m.qa_audit_answer_unhidden({ actor, author: subject, title: title(detail) }, { locale }) },
	'qa.report_dismissed': { text: ({ actor, subject, detail }, locale) => m.qa_audit_report_dismissed({ actor, author: subject, title: title(detail) }, { locale }) }
});

export { recordAudit } from '$lib/server/platform/audit';
