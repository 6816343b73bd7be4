// The pieces of HTML the worker writes into pages, in the page's own language.
import * as m from '$lib/paraglide/messages';
import { formatDateTime } from '$lib/format';
import { escapeHtml, type Locale } from './html';
import type { OutboxItem, OutboxView, SentItem } from './outbox';
import { outboxHref, type SavedPage } from './caches';

/** Carries its time, so the page script can ask for the mark again when the network comes or goes. */
export function savedCopyNotice(savedAt: Date, locale: Locale): string {
	const time = formatDateTime(savedAt, locale);
	return `<p class="saved-copy" role="status" data-saved-at="${savedAt.getTime()}">${escapeHtml(m.offline_saved_copy({ time }, { locale }))}</p>`;
}

/** The network came back while a saved copy is open: it says so, and the fresh page is one tap away (a reload could lose what is being typed). */
export function backOnlineNotice(savedAt: Date, path: string, locale: Locale): string {
	const time = formatDateTime(savedAt, locale);
	return `<p class="saved-copy" role="status" data-saved-at="${savedAt.getTime()}">${escapeHtml(m.offline_back_online({ time }, { locale }))} <a href="${escapeHtml(path)}">${escapeHtml(m.offline_load_fresh({}, { locale }))}</a></p>`;
}

/** On /offline standing in for a page this phone never saved. */
export function neverSavedNotice(locale: Locale): string {
	return `<section class="card"><p>${escapeHtml(m.offline_intro({}, { locale }))}</p></section>`;
}

export function offlineFormNotice(locale: Locale): string {
	return `<p class="message error" role="alert">${escapeHtml(m.offline_form_not_sent({}, { locale }))}</p>`;
}

export function outboxBadge(view: OutboxView, locale: Locale): string {
	const count = view.waiting.length + view.refused.length;
	if (count === 0) return '';
	const label = escapeHtml(m.outbox_badge_label({ count }, { locale }));
	return `<a class="outbox-badge${view.refused.length ? ' refused' : ''}" href="${outboxHref}" aria-label="${label}" title="${label}">${count}</a>`;
}

function button(action: string, id: string, text: string, secondary = false): string {
	return `<form method="POST" action="/__outbox/${action}"><input type="hidden" name="id" value="${escapeHtml(id)}"><button type="submit"${secondary ? ' class="secondary"' : ''}>${escapeHtml(text)}</button></form>`;
}

function when(time: number, locale: Locale): string {
	return escapeHtml(formatDateTime(new Date(time), locale));
}

function waitingRow(item: OutboxItem, locale: Locale): string {
	return `<li><strong>${escapeHtml(item.label)}</strong><span class="muted">${escapeHtml(m.outbox_queued_at({ time: formatDateTime(new Date(item.queuedAt), locale) }, { locale }))}</span></li>`;
}

function refusedRow(item: OutboxItem, locale: Locale): string {
	return `<li class="refused"><strong>${escapeHtml(item.label)}</strong><span class="muted">${when(item.refusedAt ?? item.queuedAt, locale)}</span><p class="message error" role="alert">${escapeHtml(item.reason ?? '')}</p><div class="actions">${button('retry', item.id, m.outbox_retry({}, { locale }))}${button('discard', item.id, m.outbox_discard({}, { locale }), true)}</div></li>`;
}

function sentRow(item: SentItem, locale: Locale): string {
	return `<li><strong>${escapeHtml(item.label)}</strong><span class="muted">${escapeHtml(m.outbox_sent_at({ time: formatDateTime(new Date(item.sentAt), locale) }, { locale }))}</span></li>`;
}

/** The outbox section of /me: what waits, what the server refused and why, what went out lately; nothing if it never held anything. */
export function outboxSection(view: OutboxView, locale: Locale): string {
	if (!view.waiting.length && !view.refused.length && !view.sent.length) return '';
	const parts = [`<section class="card outbox" id="outbox"><h2 class="section-head">${escapeHtml(m.outbox_title({}, { locale }))}</h2>`];
	parts.push(`<p class="muted">${escapeHtml(m.outbox_intro({}, { locale }))}</p>`);
	if (view.refused.length) {
		parts.push(`<h3>${escapeHtml(m.outbox_refused({}, { locale }))}</h3><ul class="list outbox-list">${view.refused.map((i) => refusedRow(i, locale)).join('')}</ul>`);
	}
	if (view.waiting.length) {
		parts.push(`<h3>${escapeHtml(m.outbox_waiting({ count: view.waiting.length }, { locale }))}</h3><ul class="list outbox-list">${view.waiting.map((i) => waitingRow(i, locale)).join('')}</ul>`);
		parts.push(`<form method="POST" action="/__outbox/send" class="actions"><button type="submit">${escapeHtml(m.outbox_send_now({}, { locale }))}</button></form>`);
	}
	if (!view.refused.length && !view.waiting.length) parts.push(`<p>${escapeHtml(m.outbox_empty({}, { locale }))}</p>`);
	if (view.sent.length) {
		parts.push(`<h3>${escapeHtml(m.outbox_sent({}, { locale }))}</h3><ul class="list outbox-list">${view.sent.map((i) => sentRow(i, locale)).join('')}</ul>`);
	}
	parts.push('</section>');
	return parts.join('');
}

/** The list on /offline: every page this phone can show without a network. */
export function savedPagesList(pages: SavedPage[], locale: Locale): string {
	if (pages.length === 0) return `<p>${escapeHtml(m.offline_nothing_saved({}, { locale }))}</p>`;
	const rows = pages.map((page) => {
		const path = new URL(page.url).pathname + new URL(page.url).search;
		return `<li><a class="row-link grow" href="${escapeHtml(path)}"><strong>${escapeHtml(page.title || path)}</strong><span class="muted">${when(page.savedAt.getTime(), locale)}</span></a></li>`;
	});
	return `<ul class="list saved-pages">${rows.join('')}</ul>`;
}
