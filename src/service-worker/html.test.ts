import { describe, expect, it } from 'vitest';
import { alertText, escapeHtml, fill, freshKeys, localeOf, markers, titleOf } from './html';

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

	it('fills each marker once, with the content taken literally', () => {
		const filled = fill(fill(page, markers.savedCopy, '<p>$& saved</p>'), markers.savedPages, '<ul></ul>');
		expect(filled).toContain('<main><p>$& saved</p>');
		expect(filled).not.toContain('cannot save pages');
		expect(filled).toContain('<ul></ul>\n</main>');
		expect(fill(page, markers.outboxBadge, '<a>2</a>')).toContain('<a>2</a><main>');
	});

	it('finds the refusal a server page shows, as text', () => {
		expect(alertText('<p class="message error" role="alert">Sign in <b>again</b> &amp; retry</p>')).toBe('Sign in again & retry');
		expect(alertText('<p role="status">Saved</p>')).toBeNull();
	});

	it('escapes what it writes into pages', () => {
		expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
	});
});
