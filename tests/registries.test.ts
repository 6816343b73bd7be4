// Every notification kind and audit action the code writes has words in every language. The names
// are found in the source (literal names passed to notify and recordAudit, or to a pillar's helper
// around it), so a new one written without registering its text fails here, not in front of a reader.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locales, type Locale } from '$lib/paraglide/runtime';
import { transaction } from '$lib/server/platform/db';
import { notify, registeredNotificationKinds, notificationKind } from '$lib/server/platform/notifications';
import { auditAction, recordAudit, registeredAuditActions } from '$lib/server/platform/audit';

// Every pillar's registrations, found by their file names so a new pillar's are checked too.
const registrations = import.meta.glob(['/src/lib/server/*/notification-kinds.ts', '/src/lib/server/*/audit-actions.ts'], { eager: true });

const root = join(import.meta.dirname, '..');
const pillarCode = 'src/lib/server';

function* serverFiles(dir: string): Generator<string> {
	for (const name of readdirSync(join(root, dir))) {
		const path = `${dir}/${name}`;
		if (statSync(join(root, path)).isDirectory()) {
			if (name !== 'platform') yield* serverFiles(path);
		} else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) yield path;
	}
}

const sources = [...serverFiles(pillarCode)].map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
const dotted = /'([a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*)'/g;

/** Kinds: the literal third argument of `notify(tx, userId, 'kind', …)`. */
const sentKinds = new Set(sources.flatMap(({ text }) => [...text.matchAll(/\bnotify\(\s*[^,]+,\s*[^,]+,\s*'([^']+)'/g)].map((match) => match[1])));

/** Actions: dotted names in the arguments of recordAudit or of a helper around it (`auditCooperative(…, 'product.listed', …)`). */
const recordedActions = new Set(
	sources.flatMap(({ text }) => [...text.matchAll(/\b\w*[aA]udit\w*\(([^;]*?)\)\s*;/gs)].flatMap((call) => [...call[1].matchAll(dotted)].map((match) => match[1])))
);

// Plain ASCII values, so words in the text that are not the reader's language are the text's own.
const sampleParams = { order: 7, title: 'Honey', lines: 2, buyer: 'Ann', status: 'placed', reason: 'Sold out', missing: 1, team: 3 };
const sampleLine = { actor: 'Ann', subject: 'Bob', detail: { title: 'Honey', name: 'Lee', realName: 'Lee', forName: 'Lee', hint: '42', subject: 'Roads', to: 'paused' } };
const han = /\p{Script=Han}/u;

/** Words a reader can read in this language: not empty, not a message key or the name itself, not the other language. */
function problemsWith(name: string, text: (locale: Locale) => string): string[] {
	return locales.flatMap((locale) => {
		const words = text(locale).trim();
		if (words === '' || words === name || /^[a-z0-9_.]+$/.test(words)) return [`${name} in ${locale}: "${words}"`];
		if (locale === 'zh-CN' ? !han.test(words) : han.test(words)) return [`${name} in ${locale} is not in ${locale}: "${words}"`];
		return [];
	});
}

describe('registered text', () => {
	it('imports every pillar’s registrations', () => {
		expect(Object.keys(registrations).length).toBeGreaterThanOrEqual(4);
	});

	it('finds the kinds and actions the code writes', () => {
		expect(sentKinds).toContain('order.placed');
		expect(recordedActions).toContain('notice.published');
		expect(recordedActions).toContain('product.listed');
	});

	it('has every notification kind the code sends registered', () => {
		expect([...sentKinds].filter((kind) => !registeredNotificationKinds().includes(kind))).toEqual([]);
	});

	it('has every audit action the code records registered', () => {
		expect([...recordedActions].filter((action) => !registeredAuditActions().includes(action))).toEqual([]);
	});

	it('gives every registered kind words in every language, with and without its params', () => {
		const problems = registeredNotificationKinds().flatMap((kind) => [
			...problemsWith(kind, (locale) => notificationKind(kind).text(sampleParams, locale)),
			...problemsWith(kind, (locale) => notificationKind(kind).text({}, locale))
		]);
		expect(problems).toEqual([]);
	});

	it('gives every registered action words in every language, with and without its detail', () => {
		const problems = registeredAuditActions().flatMap((action) => [
			...problemsWith(action, (locale) => auditAction(action).text(sampleLine, locale)),
			...problemsWith(action, (locale) => auditAction(action).text({ actor: 'Ann', subject: 'Bob', detail: {} }, locale))
		]);
		expect(problems).toEqual([]);
	});

	it('has every module that writes them take notify and recordAudit from its pillar’s registrations', () => {
		// Imported from there, the names are registered wherever the module runs: in a server, or in a test that calls it directly.
		const bypassing = sources.filter(({ text }) => /\b(notify|recordAudit)\(/.test(text) && /from '\$lib\/server\/platform\/(notifications|audit)'/.test(text));
		expect(bypassing.map(({ path }) => path)).toEqual([]);
	});

	it('refuses to write a kind or an action nobody registered: nobody could read it', async () => {
		await expect(transaction((tx) => notify(tx, 1, 'order.vanished', {}, '/orders/1'))).rejects.toThrow(/order\.vanished.*not registered/);
		await expect(transaction((tx) => recordAudit(tx, { actorId: 1, villageId: null, action: 'notice.vanished' }))).rejects.toThrow(/notice\.vanished.*not registered/);
	});
});
