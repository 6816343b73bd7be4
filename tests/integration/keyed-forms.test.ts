// Every form that writes carries an idempotency key (OutboxFields), so a double tap,
// a retry or an outbox replay writes once. Found by reading every Svelte source, so
// a new form without the key fails here before anyone double-taps it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '../..');

function svelteFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return svelteFiles(path);
		return entry.name.endsWith('.svelte') ? [path] : [];
	});
}

type PostForm = { file: string; tag: string; inside: string };

function postForms(): PostForm[] {
	return ['src/routes', 'src/lib/components'].flatMap((dir) =>
		svelteFiles(join(root, dir)).flatMap((path) => {
			const source = readFileSync(path, 'utf8');
			return [...source.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)]
				.filter(([whole]) => /method\s*=\s*["']?post\b/i.test(whole.slice(0, whole.indexOf('>'))))
				.map(([whole, inside]) => ({ file: relative(root, path), tag: whole.slice(0, whole.indexOf('>') + 1), inside }));
		})
	);
}

/**
 * Not keyed, on purpose: a form holding a password would keep it in the outbox
 * (IndexedDB) if sent offline, and the key's stored answer cannot carry the session
 * cookie that signing in or up sets. Signing out has nothing to do twice.
 */
const carriesPassword = (form: PostForm) => /type\s*=\s*["']?password\b/.test(form.inside);
const signsOut = (form: PostForm) => /action\s*=\s*["']\/logout["']/.test(form.tag);

test('every POST form is keyed, except those that carry a password and signing out', () => {
	const forms = postForms();
	expect(forms.length).toBeGreaterThan(30);
	const unkeyed = forms.filter((form) => !form.inside.includes('<OutboxFields') && !carriesPassword(form) && !signsOut(form));
	expect(unkeyed.map((form) => `${form.file}: ${form.tag}`)).toEqual([]);
});

test('a form that carries a password is never keyed, so it never waits in the outbox', () => {
	const withPassword = postForms().filter(carriesPassword);
	expect(withPassword.map((form) => form.file).sort()).toEqual(['src/routes/(account)/login/+page.svelte', 'src/routes/(account)/me/+page.svelte', 'src/routes/(account)/register/+page.svelte']);
	expect(withPassword.filter((form) => form.inside.includes('<OutboxFields'))).toEqual([]);
});
