// Two processes on one database (the file's SQLite file, or its PostgreSQL database) confirm
// gifts to one village's two projects at once, several at a time each, through the app's own
// confirmGift (charity-confirmer.js): the chain they extend together has every seq once and no
// fork, it verifies, every project's balance is the sum of its confirmed gifts, and a gift both
// processes confirm at the same moment enters the ledger once.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { charityGifts, charityProjects, databaseUrl, db, ledgerEntries } from '$lib/server/platform/db';
import { genesisHash, verifyLedger } from '$lib/charity/ledger-verify.js';
import { parseGiftForm, parseProjectForm } from '$lib/charity/forms';
import { changeProjectState, createProject, pledgeGift, villageLedger } from '$lib/server/charity';
import { makeCadre, makeUser, makeVillage } from './factories';

/** Gifts each process has to itself, and gifts both are given, to confirm at the same moment. */
const ownGifts = 100;
const contested = 10;
/** Confirmations each process runs at once. */
const writers = 4;
/** A donor pledges at most 10 an hour (limits.pledge). */
const pledgesPerDonor = 10;

type Outcome = { confirmed: number; refused: { status: number; message: string }[]; failed: string[]; started: number; ended: number };

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the project, so the bundle's imports of its dependencies find node_modules.
const bundle = join(root, '.svelte-kit', `charity-confirmer-${randomBytes(4).toString('hex')}`);
const children: ChildProcess[] = [];
afterAll(async () => {
	for (const child of children) if (child.connected) child.disconnect();
	await rm(bundle, { recursive: true, force: true });
});

/** The app's gifts and database modules, bundled as the demo seeder is (vite.demo.config.ts), for the confirmers to load. */
async function bundleApp(): Promise<void> {
	await build({
		configFile: false,
		root,
		logLevel: 'error',
		resolve: { alias: { $lib: join(root, 'src/lib') } },
		build: {
			ssr: true,
			outDir: bundle,
			target: 'node20',
			minify: false,
			rollupOptions: { input: { gifts: 'src/lib/server/charity/gifts.ts', db: 'src/lib/server/platform/db/index.ts' }, output: { format: 'es' } }
		}
	});
}

/** The confirmer's next message; a confirmer that dies meanwhile fails the test at once, not at its timeout. */
function reply<T>(child: ChildProcess): Promise<T> {
	return new Promise((resolve, reject) => {
		const exited = (code: number | null) => reject(new Error(`a confirmer exited (${code}) before it answered`));
		child.once('exit', exited);
		child.once('message', (message) => {
			child.off('exit', exited);
			resolve(message as T);
		});
	});
}

/** A confirmer process on this file's database, once it has loaded the app. */
async function startConfirmer(): Promise<ChildProcess> {
	const child = fork(fileURLToPath(new URL('./charity-confirmer.js', import.meta.url)), [bundle], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	children.push(child);
	await reply(child);
	return child;
}

function confirmIn(child: ChildProcess, cadreId: number, giftIds: number[]): Promise<Outcome> {
	const outcome = reply<Outcome>(child);
	child.send({ cadreId, giftIds, writers });
	return outcome;
}

/** The nth gift of the run: mostly cash, some named, some anonymous, and goods and hours among them. */
function giftFields(n: number): Record<string, string> {
	if (n % 10 === 3) return { kind: 'goods', goods: `水泥 ${n} 袋` };
	if (n % 10 === 7) return { kind: 'hours', hours: String(1 + (n % 12)), goods: '挖坑立杆' };
	return { kind: 'money', amount: String(1 + n), method: n % 2 ? 'cash' : 'bank_transfer', anonymous: n % 3 ? '' : 'on' };
}

describe('gifts confirmed from two processes at once', { timeout: 60_000 }, () => {
	it('extend the village’s chain with no gap and no fork, balances that add up, each gift once', async () => {
		const confirmers = bundleApp().then(() => Promise.all([startConfirmer(), startConfirmer()]));
		const village = await makeVillage();
		const [first, second] = [await makeCadre(village, '王建国'), await makeCadre(village, '马秀云')];
		const projects: number[] = [];
		for (const title of ['村口路灯', '村小图书角']) {
			const id = await createProject(first.id, village.id, parseProjectForm({ title, category: 'infrastructure', goal: '100000', description: '', startsOn: '', endsOn: '' }));
			await changeProjectState(first.id, id, 'fundraising');
			projects.push(id);
		}
		const total = 2 * ownGifts + contested;
		const donors = await Promise.all(Array.from({ length: Math.ceil(total / pledgesPerDonor) }, () => makeUser()));
		const giftIds = await Promise.all(Array.from({ length: total }, async (_, n) => (await pledgeGift(donors[Math.floor(n / pledgesPerDonor)].id, projects[n % 2], parseGiftForm(giftFields(n)))).id));

		// Both take the contested gifts first, so they meet on them; then each its own half of the rest.
		const shared = giftIds.slice(0, contested);
		const rest = giftIds.slice(contested);
		const [one, two] = await confirmers;
		const outcomes = await Promise.all([
			confirmIn(one, first.id, [...shared, ...rest.filter((_, i) => i % 2 === 0)]),
			confirmIn(two, second.id, [...shared, ...rest.filter((_, i) => i % 2 === 1)])
		]);

		expect(outcomes.flatMap((o) => o.failed)).toEqual([]);
		expect(outcomes[0].confirmed + outcomes[1].confirmed).toBe(total);
		expect(outcomes.flatMap((o) => o.refused)).toEqual(Array.from({ length: contested }, () => ({ status: 409, message: '这笔捐赠已经确认或取消了。' })));

		// Every seq from 1 once, each entry naming the one before it: no gap, no fork.
		const chain = await db.select().from(ledgerEntries).where(eq(ledgerEntries.villageId, village.id)).orderBy(asc(ledgerEntries.seq));
		expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
		chain.forEach((entry, i) => expect(entry.prevHash).toBe(i === 0 ? genesisHash : chain[i - 1].hash));
		expect(new Set(chain.map((e) => e.prevHash)).size).toBe(total);
		const check = await verifyLedger(JSON.parse(JSON.stringify(await villageLedger(village.slug))));
		expect(check).toMatchObject({ entries: total, problem: null });

		// The two ran at the same time (on SQLite one may hold the writer's turn throughout, the other waiting on it).
		expect(Math.max(outcomes[0].started, outcomes[1].started)).toBeLessThan(Math.min(outcomes[0].ended, outcomes[1].ended));
		// Each gift confirmed once, by one of the two, at its own entry.
		const rows = await db.select().from(charityGifts).where(inArray(charityGifts.id, giftIds));
		expect(rows.every((g) => g.state === 'confirmed')).toBe(true);
		expect(new Set(rows.map((g) => g.ledgerSeq)).size).toBe(total);
		expect(rows.filter((g) => g.confirmedBy === first.id)).toHaveLength(outcomes[0].confirmed);

		// Each project holds exactly its confirmed cash, as its row, the ledger and the verifier say.
		for (const project of projects) {
			const cash = rows.filter((g) => g.projectId === project).reduce((sum, g) => sum + g.amountFen, 0);
			const [row] = await db.select().from(charityProjects).where(eq(charityProjects.id, project));
			expect(row).toMatchObject({ raisedFen: cash, availableFen: cash });
			expect(chain.filter((e) => e.projectId === project).reduce((sum, e) => sum + e.amountFen, 0)).toBe(cash);
			expect(check.balances[project]).toBe(cash);
		}
	});
});
