// Names the server, the page script and the service worker agree on for offline use.

/** Hidden field on every write form: a key made when the form is rendered, so a retry is recognised. */
export const idempotencyField = 'idempotency_key';
/**
 * A copy of a page kept to be shown again (the service worker's offline copy, the server's
 * visitor page cache) gets new idempotency keys each time it is shown, so two different things
 * written from one copy are two writes, not a conflict (the same key with a different body is refused).
 */
export function freshKeys(html: string): string {
	return html.replace(new RegExp(`(name="${idempotencyField}" value=")[^"]*`, 'g'), (_, attribute: string) => attribute + crypto.randomUUID());
}
/** Hidden field naming the write for the outbox list ("Settings", "Join a village"). */
export const outboxLabelField = 'outbox_label';
/**
 * Hidden fields naming a write by what was typed into it ("Question: yam vines mouldy"): the
 * form field to read, and the label with `{}` where its value goes. The service worker fills it
 * in when the write is kept; without a value, `outboxLabelField` names it.
 */
export const outboxLabelSubjectField = 'outbox_label_subject';
export const outboxLabelTemplateField = 'outbox_label_template';

/** The outbox label of a kept form: its template filled with the named field's value, else its plain label. */
export function outboxLabel(form: FormData, fallback: string): string {
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value.trim() : '';
	};
	const template = text(outboxLabelTemplateField);
	const subject = text(outboxLabelSubjectField) && text(text(outboxLabelSubjectField)).slice(0, 60);
	if (template.includes('{}') && subject) return template.replace('{}', () => subject);
	return text(outboxLabelField) || fallback;
}
/** Set by the service worker on a write it replays from the outbox. */
export const outboxReplayHeader = 'x-village-square-outbox';
/**
 * On every page: whose pages these are (an opaque tag, `visitor` when signed out).
 * The service worker keeps one page cache per tag and shows only the current one's.
 */
export const cacheAccountHeader = 'x-village-square-account';
export const visitorCacheTag = 'visitor';

/** How long a key is remembered: longer than the outbox keeps a write (7 days), so no replay runs twice. */
export const idempotencyRetentionMs = 8 * 24 * 60 * 60 * 1000;
export const outboxRetentionMinutes = 7 * 24 * 60;

/** A key as the server makes it: a UUID; anything else is refused before it reaches the table. */
export const idempotencyKeyPattern = /^[A-Za-z0-9_-]{16,64}$/;
