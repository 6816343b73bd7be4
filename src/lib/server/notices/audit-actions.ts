// What notices, comments and letters record in the committee's log, and how each line reads in
// either language. Notices modules record through this module's `recordAudit`, so wherever an
// action is recorded (a server process, a test calling them directly) its text was registered first.
import * as m from '$lib/paraglide/messages';
import { registerAuditActions, type AuditDetail } from '$lib/server/platform/audit';

const noticeTitle = (detail: AuditDetail): string => String(detail.title ?? '');

registerAuditActions({
	'notice.published': { text: ({ actor, detail }, locale) => m.audit_notice_published({ actor, name: noticeTitle(detail) }, { locale }) },
	'notice.drafted': { text: ({ actor, detail }, locale) => m.audit_notice_drafted({ actor, name: noticeTitle(detail) }, { locale }) },
	'notice.edited': { text: ({ actor, detail }, locale) => m.audit_notice_edited({ actor, name: noticeTitle(detail) }, { locale }) },
	'notice.deleted': { text: ({ actor, detail }, locale) => m.audit_notice_deleted({ actor, name: noticeTitle(detail) }, { locale }) },
	'notice.table_changed': { text: ({ actor, detail }, locale) => m.audit_notice_table_changed({ actor, name: noticeTitle(detail) }, { locale }) },
	'comment.hidden': { text: ({ actor, subject, detail }, locale) => m.audit_comment_hidden({ actor, subject, name: String(detail.name ?? '') }, { locale }) },
	'letter.answered': { text: ({ actor, subject, detail }, locale) => m.letters_audit_answered({ actor, subject, title: String(detail.subject ?? '') }, { locale }) }
});

export { recordAudit } from '$lib/server/platform/audit';
