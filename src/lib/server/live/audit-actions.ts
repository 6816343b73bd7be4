// What hosts do to live sales, as the committee's log shows it in either language. Live modules
// record through this module's `recordAudit`, so wherever an action is recorded its text was
// registered first.
import * as m from '$lib/paraglide/messages';
import { registerAuditActions, type AuditDetail } from '$lib/server/platform/audit';

const title = (detail: AuditDetail): string => String(detail.title ?? '');

registerAuditActions({
	'live.scheduled': { text: ({ actor, detail }, locale) => m.live_audit_scheduled({ actor, title: title(detail) }, { locale }) },
	'live.started': { text: ({ actor, detail }, locale) => m.live_audit_started({ actor, title: title(detail) }, { locale }) },
	'live.ended': { text: ({ actor, detail }, locale) => m.live_audit_ended({ actor, title: title(detail) }, { locale }) },
	'live.cancelled': { text: ({ actor, detail }, locale) => m.live_audit_cancelled({ actor, title: title(detail) }, { locale }) },
	'live.cap_changed': {
		text: ({ actor, detail }, locale) => m.live_audit_cap_changed({ actor, title: title(detail), from: Number(detail.from ?? 0), to: Number(detail.to ?? 0) }, { locale })
	},
	'live.comment_hidden': { text: ({ actor, detail }, locale) => m.live_audit_comment_hidden({ actor, title: title(detail) }, { locale }) },
	'live.viewer_muted': { text: ({ actor, subject, detail }, locale) => m.live_audit_viewer_muted({ actor, viewer: subject, title: title(detail) }, { locale }) }
});

export { recordAudit } from '$lib/server/platform/audit';
