import { describe, expect, it } from 'vitest';
import { freshKeys } from '$lib/offline';
import { absoluteAssetUrls, alertText, escapeHtml, fill, localeOf, slotHtml, slots, titleOf } from './html';

const page = `<!doctype html><html lang="en" class=""><head><title>Me · Village Square &amp; more</title></head><body>
<span data-outbox-badge=""></span><main><div data-saved-copy=""></div>
<form method="POST" action="?/settings"><input type="hidden" name="idempotency_key" value="aaaaaaaa-1111-2222-3333-444444444444"><input type="hidden" name="outbox_label" value="Settings"></form>
<form method="POST" action="?/redeem"><input type="hidden" name="idempotency_key" value="bbbbbbbb-1111-2222-3333-444444444444"></form>
<div data-saved-pages=""><p class="muted">This browser cannot save pages.</p></div>
</main></body></html>`;

describe('service worker page edits', () => {
	it('reads the language and the title', () => {
		expect(localeOf(page)).toBe('en');
		expect(localeOf('<html lang="zh-CN">')).toBe('zh-CN');
		expect(titleOf(page)).toBe('Me · Village Square & more');
	});

	it('gives every form on a saved copy a new, distinct key', () => {
		const keys = (html: string) => [...html.matchAll(/name="idempotency_key" value="([^"]+)"/g)].map((m) => m[1]);
		const fresh = keys(freshKeys(page));
		expect(fresh).toHaveLength(2);
		expect(new Set([...fresh, ...keys(page)]).size).toBe(4);
		for (const key of fresh) expect(key).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('fills each spot once, with the content taken literally, and the spot stays findable', () => {
		const filled = fill(fill(page, slots.savedCopy, '<p class="saved-copy">$& saved</p>'), slots.savedPages, '<ul></ul>');
		expect(filled).toContain('<main><p data-saved-copy="" class="saved-copy">$& saved</p>');
		expect(filled).not.toContain('cannot save pages');
		expect(filled).toContain('<ul data-saved-pages=""></ul>\n</main>');
		expect(fill(page, slots.outboxBadge, '<a>2</a>')).toContain('<a data-outbox-badge="">2</a><main>');
	});

	it('leaves a spot empty, and still there, when there is nothing to show', () => {
		expect(fill(page, slots.outboxBadge, '')).toBe(page);
		expect(slotHtml(slots.outbox, '')).toBe('<div data-outbox=""></div>');
		// A spot filled once can be filled again (what the page script swaps in is a whole spot).
		const once = fill(page, slots.outboxBadge, '<a>2</a>');
		expect(fill(once, slots.outboxBadge, '<a>3</a>')).toContain('<a data-outbox-badge="">3</a><main>');
	});

	it('makes relative asset addresses absolute, for a page shown at other addresses', () => {
		const head = '<link rel="icon" href="./favicon.svg"><link href="./_app/immutable/assets/a.css" rel="stylesheet"><script src="./shell.js" defer></script><a href="/me">me</a><a href="../x?y=1#z">x</a>';
		expect(absoluteAssetUrls(head, 'http://example.test/offline')).toBe(
			'<link rel="icon" href="/favicon.svg"><link href="/_app/immutable/assets/a.css" rel="stylesheet"><script src="/shell.js" defer></script><a href="/me">me</a><a href="/x?y=1#z">x</a>'
		);
		expect(absoluteAssetUrls('<link href="../../_app/a.css">', 'http://example.test/v/x/notices')).toBe('<link href="/_app/a.css">');
	});

	it('finds the refusal a server page shows, as text', () => {
		expect(alertText('<p class="message error" role="alert">Sign in <b>again</b> &amp; retry</p>')).toBe('Sign in again & retry');
		expect(alertText('<p role="status">Saved</p>')).toBeNull();
	});

	it('escapes what it writes into pages', () => {
		expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
	});
});
