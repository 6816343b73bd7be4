// The service worker edits pages as text: the server marks the spots with empty
// elements, so no page needs JavaScript to show what only the worker knows
// (a saved copy's age, the outbox, what is readable offline).
import { idempotencyField } from '$lib/offline';

export type Locale = 'zh-CN' | 'en';

/** Svelte writes a bare attribute as `name=""`. */
export const markers = {
	savedCopy: '<div data-saved-copy=""></div>',
	outboxBadge: '<span data-outbox-badge=""></span>',
	outbox: '<div data-outbox=""></div>',
	/** Holds a line for browsers without the worker, which this list replaces. */
	savedPages: /<div data-saved-pages="">[\s\S]*?<\/div>/
} as const;

export function localeOf(html: string): Locale {
	return /<html lang="en"/.test(html) ? 'en' : 'zh-CN';
}

export function titleOf(html: string): string {
	return decodeEntities(/<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '');
}

export function fill(html: string, marker: string | RegExp, content: string): string {
	return html.replace(marker, () => content);
}

/**
 * A saved page's forms get new idempotency keys each time it is shown, so two
 * different things written offline from one saved copy are two writes, not a
 * conflict (the same key with a different body is refused).
 */
export function freshKeys(html: string): string {
	return html.replace(new RegExp(`(name="${idempotencyField}" value=")[^"]*`, 'g'), (_, attribute: string) => attribute + crypto.randomUUID());
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
