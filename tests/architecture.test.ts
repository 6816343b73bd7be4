// The architecture's rules, checked on every import in src/ (README, "Where things live"):
// routes → pillars → platform; a pillar uses another only through its index.ts; the
// platform knows no pillar; the request (SvelteKit's RequestEvent, cookies, fail/redirect)
// is read only in routes, hooks and the request edge (src/lib/server/web/), which no pillar
// or platform code imports; nothing the browser may load imports server code, not even types;
// demo data is not part of the app.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const server = 'src/lib/server/';
const pillars = ['auth', 'villages', 'notices', 'market', 'live', 'qa', 'charity'];

function* sourceFiles(dir: string): Generator<string> {
	for (const name of readdirSync(join(root, dir))) {
		const path = `${dir}/${name}`;
		if (statSync(join(root, path)).isDirectory()) {
			if (name !== 'paraglide') yield* sourceFiles(path);
		} else if (/\.(ts|js|svelte)$/.test(name)) yield path;
	}
}

type Import = { from: string; to: string; line: string };

/** Every import (static, dynamic, type-only, re-export) as a path under src/, or a package name. */
function importsOf(file: string): Import[] {
	const text = readFileSync(join(root, file), 'utf8');
	const found: Import[] = [];
	for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1/g)) {
		const spec = match[2];
		let to = spec;
		if (spec.startsWith('$lib')) to = 'src/lib' + spec.slice(4);
		else if (spec.startsWith('.')) to = normalize(join(dirname(file), spec)).replaceAll('\\', '/');
		const lineStart = text.lastIndexOf('\n', match.index) + 1;
		found.push({ from: file, to, line: text.slice(lineStart, text.indexOf('\n', match.index)).trim() });
	}
	return found;
}

const files = [...sourceFiles('src')].filter((file) => !file.endsWith('.test.ts'));
const imports = files.flatMap(importsOf);

function pillarOf(path: string): string | null {
	if (!path.startsWith(server)) return null;
	const first = path.slice(server.length).split('/')[0];
	return pillars.includes(first) ? first : null;
}

/** The pillar of code the UI may import, `src/lib/<pillar>/…`. */
function clientPillarOf(path: string): string | null {
	const [first, rest] = path.slice('src/lib/'.length).split(/\/(.*)/);
	return path.startsWith('src/lib/') && rest !== undefined && pillars.includes(first) ? first : null;
}

/**
 * The one exception: a pillar's tables are declared in the database schema (one file per pillar
 * and engine, so drizzle-kit sees the whole schema), and their enum columns take their values
 * from that pillar's vocabulary. Only `schema/<pillar>.ts` and `schema-postgres/<pillar>.ts` may import `$lib/<pillar>/vocabulary`.
 */
function isPillarSchemaVocabulary({ from, to }: Import): boolean {
	const schema = from.match(/^src\/lib\/server\/platform\/db\/schema(?:-postgres)?\/([a-z]+)\.ts$/);
	return schema !== null && to === `src/lib/${schema[1]}/vocabulary`;
}

const show = (list: Import[]) => list.map((i) => `${i.from}: ${i.line}`);

const web = `${server}web/`;
/** Every folder of src/lib/server but the platform and the request edge is a pillar's, including ones not yet written. */
const pillarFolders = readdirSync(join(root, server), { withFileTypes: true })
	.filter((entry) => entry.isDirectory() && entry.name !== 'platform' && entry.name !== 'web')
	.map((entry) => `${server}${entry.name}/`);
const inPillar = (file: string) => pillarFolders.some((folder) => file.startsWith(folder));


describe('architecture', () => {
	it('keeps server code out of everything the browser may load: components, pages, $lib outside server (the pillars\' schemas and views included)', () => {
		const clientSide = (file: string) => file.endsWith('.svelte') || (file.startsWith('src/lib/') && !file.startsWith(server)) || file.startsWith('src/service-worker');
		const bad = imports.filter((i) => clientSide(i.from) && i.to.startsWith(server));
		expect(show(bad)).toEqual([]);
	});

	it('keeps the platform free of pillars (their server code and their $lib/<pillar> code), routes and the app’s wiring', () => {
		const bad = imports.filter(
			(i) =>
				i.from.startsWith(`${server}platform/`) &&
				(pillarOf(i.to) !== null || clientPillarOf(i.to) !== null || i.to.startsWith('src/routes') || i.to.startsWith(`${server}startup`) || i.to.startsWith('src/hooks')) &&
				!isPillarSchemaVocabulary(i)
		);
		expect(show(bad)).toEqual([]);
	});

	it('lets a pillar use another only through its index.ts', () => {
		const bad = imports.filter((i) => {
			const from = pillarOf(i.from);
			const to = pillarOf(i.to);
			if (!from || !to || from === to) return false;
			return !(i.to === `${server}${to}` || i.to === `${server}${to}/index` || i.to === `${server}${to}/index.ts`);
		});
		expect(show(bad)).toEqual([]);
	});

	it('keeps the request out of the pillars: no pillar file imports SvelteKit', () => {
		const bad = imports.filter((i) => inPillar(i.from) && i.to.startsWith('@sveltejs/kit'));
		expect(pillarFolders).toContain(`${server}notices/`);
		expect(show(bad)).toEqual([]);
	});

	it('lets only routes, hooks and the app\'s wiring use the request edge: no pillar or platform file imports web/', () => {
		const bad = imports.filter(
			(i) => (inPillar(i.from) || i.from.startsWith(`${server}platform/`)) && i.to.startsWith(web)
		);
		expect(show(bad)).toEqual([]);
	});

	it('never lets server code import routes', () => {
		const bad = imports.filter((i) => i.from.startsWith(server) && i.to.startsWith('src/routes'));
		expect(show(bad)).toEqual([]);
	});

	it('found the imports it checks', () => {
		expect(imports.length).toBeGreaterThan(300);
		expect(imports.some((i) => i.to.startsWith(`${server}platform/`))).toBe(true);
		expect(imports.some((i) => i.from.startsWith(web) && i.to === '@sveltejs/kit')).toBe(true);
	});
});

