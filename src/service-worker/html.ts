// The service worker edits pages as text: the server marks the spots with empty
// elements, so no page needs JavaScript to show what only the worker knows
// (a saved copy's age, the outbox, what is readable offline).

export type Locale = 'zh-CN' | 'en';

/**
 * The spots the worker writes into, by the attribute of their empty element.
 * What it writes there keeps the attribute, so the page script can find the
 * spot again and swap in a fresh version (the outbox sent, the network back)
 * without a reload.
 */
export const slots = {
	savedCopy: 'data-saved-copy',
	outboxBadge: 'data-outbox-badge',
	outbox: 'data-outbox',
	/** On /offline: why this page shows instead of the one asked for. */
	offlineReason: 'data-offline-reason',
	/** On /offline; holds a line for browsers without the worker, which this list replaces. */
	savedPages: 'data-saved-pages'
} as const;

export type Slot = (typeof slots)[keyof typeof slots];

/** Svelte writes a bare attribute as `name=""`; a spot holds no element of its own kind. */
function slotPattern(slot: Slot): RegExp {
	return new RegExp(`<(\\w+) ${slot}="">[\\s\\S]*?</\\1>`);
}

/**
 * What goes in a spot: `content` (one element, or nothing) marked with the
 * spot's attribute, or the empty spot again when there is nothing to show.
 */
export function slotHtml(slot: Slot, content: string): string {
	return content ? content.replace(/^<\w+/, (tag) => `${tag} ${slot}=""`) : `<div ${slot}=""></div>`;
}

export function fill(html: string, slot: Slot, content: string): string {
	return html.replace(slotPattern(slot), (marker) => (content ? slotHtml(slot, content) : marker));
}

/**
 * Kit writes asset addresses relative to the page (`./_app/…`, `../shell.js`).
 * A page kept to be shown at other addresses (/offline stands in for any page
 * never saved) gets them made absolute, or at `/v/x/notices/5` its stylesheet,
 * icons and script would be looked for under `/v/x/notices/`.
 */
export function absoluteAssetUrls(html: string, pageUrl: string): string {
	return html.replace(/(\s(?:href|src)=")(\.\.?\/[^"]*)"/g, (_, attribute: string, relative: string) => {
		const url = new URL(relative, pageUrl);
		return `${attribute}${url.pathname}${url.search}${url.hash}"`;
	});
}

/** A page whose text was edited, with its original headers except those that described the old body. */
export function htmlResponse(html: string, from: Response, status = from.status): Response {
	const headers = new Headers(from.headers);
	headers.delete('content-length');
	headers.delete('content-encoding');
	return new Response(html, { status, statusText: from.statusText, headers });
}

export function localeOf(html: string): Locale {
	return /<html lang="en"/.test(html) ? 'en' : 'zh-CN';
}

export function titleOf(html: string): string {
	return decodeEntities(/<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '');
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => entities[c]);
}

function decodeEntities(text: string): string {
	return text.replace(/&(amp|lt|gt|quot|#39);/g, (whole) => Object.entries(entities).find(([, e]) => e === whole)?.[0] ?? whole);
}

/** The visible text of a refusal on a page the server rendered (forms show it with role="alert"). */
export function alertText(html: string): string | null {
	const match = /role="alert"[^>]*>([\s\S]*?)<\/(?:p|div|section)>/.exec(html);
	if (!match) return null;
	return decodeEntities(match[1].replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()) || null;
}
