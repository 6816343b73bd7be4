// Issue 11, item 3: every route and query parameter, with real and hostile values,
// as a visitor and as each demo user; no answer may be a server error.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
	allQueryNames,
	choose,
	demoUsers,
	describe as describeRequest,
	FuzzClient,
	fuzzSeed,
	getRoutes,
	hostileSample,
	hostileValues,
	readDemoIds,
	realParamValues,
	routeQueryNames,
	seededRandom,
	startFuzzServer,
	type DemoIds,
	type Role
} from './support/fuzz';

let server: Awaited<ReturnType<typeof startFuzzServer>>;
let ids: DemoIds;

beforeAll(async () => {
	server = await startFuzzServer();
	ids = readDemoIds(server.databasePath);
}, 180_000);

afterAll(async () => {
	await server?.stop();
});

/** The addresses to try for one route: its params real or hostile, its query parameters hostile one at a time. */
function addresses(route: string, random: () => number): string[] {
	const params = [...route.matchAll(/\[(\w+)\]/g)].map((match) => match[1]);
	const fill = (choice: (param: string) => string) => route.replace(/\[(\w+)\]/g, (_, param: string) => encodeURIComponent(choice(param)));
	const real = () => fill((param) => choose(random, realParamValues(route, param, ids)));
	const paths = [real()];
	for (const param of params)
		for (const value of hostileSample(random, 6))
			paths.push(route.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(name === param ? value : choose(random, realParamValues(route, name, ids)))));
	// Raw hostile bytes in the path itself, not only encoded ones.
	if (params.length > 0) paths.push(route.replace(/\[(\w+)\]/g, '%00'), route.replace(/\[(\w+)\]/g, '%E2%80%AE1'), route.replace(/\[(\w+)\]/g, '..%2F..%2Fetc'));
	const own = routeQueryNames(route);
	const others = allQueryNames().filter((name) => !own.includes(name));
	const queries: string[] = [];
	for (const name of own) for (const value of hostileSample(random, 4)) queries.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
	// Parameters other routes read: one hostile value each, in case a shared helper (the hooks) reads them here too.
	for (const name of others) queries.push(`${encodeURIComponent(name)}=${encodeURIComponent(choose(random, hostileValues))}`);
	queries.push('page=1&page=Infinity', `${'x'.repeat(3000)}=1`, '__proto__[x]=1', 'constructor=1&saved=constructor');
	return [...paths, ...queries.map((query) => `${real()}?${query}`)];
}

it('answers every route and query parameter without a server error, as a visitor and signed in', async () => {
	const random = seededRandom(fuzzSeed);
	const routes = getRoutes();
	expect(routes.length).toBeGreaterThan(20);
	const roles: Role[] = ['visitor', ...demoUsers];
	const clients = new Map<Role, FuzzClient>();
	for (const role of roles) clients.set(role, role === 'visitor' ? new FuzzClient(server.baseURL) : await new FuzzClient(server.baseURL).login(role));
	const failures: string[] = [];
	let sent = 0;
	const started = Date.now();
	for (const route of routes) {
		for (const path of addresses(route, random)) {
			// Each address as the visitor and as one signed-in user, chosen by the seed: bounded, and every user gets every route.
			for (const role of ['visitor', choose(random, demoUsers)] as Role[]) {
				const response = await clients.get(role)!.send(path);
				// A live sale's stream never ends by itself: its answer is its status and headers.
				if (response.headers.get('content-type')?.startsWith('text/event-stream')) await response.body?.cancel();
				else await response.arrayBuffer();
				sent++;
				if (response.status >= 500) failures.push(describeRequest('GET', path, role, response.status));
			}
		}
	}
	console.log(`GET fuzzer: ${sent} requests over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${fuzzSeed})`);
	expect(failures, `server errors (replay with FUZZ_SEED=${fuzzSeed}):\n${failures.join('\n')}\n--- server output ---\n${server.output().slice(-4000)}`).toEqual([]);
}, 120_000);
