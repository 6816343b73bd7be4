// A village's ledger checkpoints outside the ledger, on either engine: read newest first for the
// village's Atom feed (each with its length, head, signature and key, its ETag moving with a new
// one) and for the poster (an older one by its number, bad numbers refused with a message); a
// cadre of the village may seal now, and nobody else appends anything; a poster's claim beside
// this server's ledger today, as /charity/verify shows it without JavaScript.
import { beforeAll, describe, expect, it } from 'vitest';
import { isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { db, ledgerEntries, transaction, type User, type Village } from '$lib/server/platform/db';
import type { SessionUser } from '$lib/server/auth/session';
import { parseProjectForm } from '$lib/charity/forms';
import { appendLedgerEntry, compareWithPoster, createProject, findCheckpoint, hasUnsealedEntries, ledgerKey, listCheckpoints, sealLedger, villageLedger } from '$lib/server/charity';
import { buildVillageAtomFeed } from '$lib/server/notices/atom';
import { GET as feed } from '../../src/routes/(notices)/v/[village]/feed.xml/+server';
import { actions, load } from '../../src/routes/(charity)/v/[village]/ledger/poster/+page.server';
import { load as verifyLoad } from '../../src/routes/(charity)/charity/verify/+page.server';
import { makeCadre, makeNotice, makeUser, makeVillage, makeVillager } from './factories';

const origin = 'https://cun.example';
process.env.ORIGIN = origin;

let village: Village;
let cadre: User;
let project: number;

beforeAll(async () => {
	village = await makeVillage();
	cadre = await makeCadre(village);
	project = await createProject(cadre.id, village.id, parseProjectForm({ title: '村口路灯', category: 'infrastructure', goal: '20000', description: '', startsOn: '', endsOn: '' }));
});

const donate = (to: Village, projectId: number, amountFen: number, at = new Date()) =>
	transaction((tx) =>
		appendLedgerEntry(tx, to.id, { kind: 'donation', project: projectId, amountFen, label: '', donor: '爱心人士', receipt: null, receipts: [], approvers: [], reverses: null, checkpoint: null }, at)
	);
const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const entryCount = async (of: Village) => (await db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.villageId, of.id)))[0].n;

describe('checkpoints', () => {
	it('are listed newest first with what they sign, found by their number, and tell when entries wait for one', async () => {
		const other = await makeVillage();
		const otherProject = await createProject((await makeCadre(other)).id, other.id, parseProjectForm({ title: '修桥', category: 'infrastructure', goal: '100', description: '', startsOn: '', endsOn: '' }));
		expect(await listCheckpoints(village.id, 5)).toEqual([]);
		expect(await hasUnsealedEntries(village.id)).toBe(false);

		await donate(village, project, 5_000);
		expect(await hasUnsealedEntries(village.id)).toBe(true);
		const first = await sealLedger(village.id, minutes(1));
		await donate(village, project, 700);
		await donate(other, otherProject, 100);
		await sealLedger(other.id);
		const second = await sealLedger(village.id, minutes(2));
		expect(await hasUnsealedEntries(village.id)).toBe(false);

		const ledger = (await villageLedger(village.slug))!;
		const listed = await listCheckpoints(village.id, 5);
		expect(listed.map((c) => [c.seq, c.length, c.head])).toEqual([
			[second!.seq, 3, ledger.entries[2].hash],
			[first!.seq, 1, ledger.entries[0].hash]
		]);
		expect(listed[0].signature).toBe(ledger.entries[3].checkpoint!.signature);
		expect(listed[0].at.toISOString()).toBe(ledger.entries[3].at);
		expect(await listCheckpoints(village.id, 1)).toEqual([listed[0]]);
		expect(await findCheckpoint(village.id, first!.seq)).toEqual(listed[1]);
		expect(await findCheckpoint(village.id, 1)).toBeUndefined();
		expect(await findCheckpoint(village.id, 99)).toBeUndefined();
	});
});

describe('the village feed', () => {
	const get = (slug: string, headers: Record<string, string> = {}) => {
		const url = new URL(`${origin}/v/${slug}/feed.xml`);
		return feed({ params: { village: slug }, url, request: new Request(url, { headers }) } as unknown as Parameters<typeof feed>[0]);
	};
	const entries = (xml: string) =>
		[...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map(([, entry]) => ({
			id: /<id>([^<]*)<\/id>/.exec(entry)?.[1],
			title: /<title>([^<]*)<\/title>/.exec(entry)?.[1],
			category: /<category term="([^"]*)"/.exec(entry)?.[1],
			content: /<content type="html">([^<]*)<\/content>/.exec(entry)?.[1]
		}));

	it('carries each checkpoint among the notices by time, with its length, head, signature and key, and a new one changes the ETag', async () => {
		const place = await makeVillage();
		const itsCadre = await makeCadre(place);
		const itsProject = await createProject(itsCadre.id, place.id, parseProjectForm({ title: '养老食堂', category: 'elder_care', goal: '500', description: '', startsOn: '', endsOn: '' }));
		await makeNotice(place, itsCadre, { title: '春耕通知' });
		const before = await get(place.slug);
		const etag = before.headers.get('etag')!;
		expect(await before.text()).not.toContain('ledger-checkpoint');

		await donate(place, itsProject, 1_000, minutes(1));
		await sealLedger(place.id, minutes(2));
		const after = await get(place.slug, { 'if-none-match': etag });
		expect(after.status).toBe(200);
		expect(after.headers.get('etag')).not.toBe(etag);
		const xml = await after.text();
		const shown = entries(xml);
		const [checkpoint] = await listCheckpoints(place.id, 1);
		const day = new Date(checkpoint.at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
		expect(shown.map((entry) => [entry.category, entry.title])).toEqual([
			['ledger-checkpoint', `账本存证：共 1 条 · ${day}`],
			['notice', '春耕通知']
		]);
		const poster = `${origin}/v/${place.slug}/ledger/poster?seq=2`;
		expect(shown[0].id).toBe(poster);
		const content = shown[0].content!;
		const ledger = (await villageLedger(place.slug))!;
		for (const value of ['账本长度：1 条', ledger.entries[0].hash, checkpoint.signature, (await ledgerKey()).publicKey, `href=&quot;${poster}&quot;`, `href=&quot;${origin}/v/${place.slug}/ledger.json&quot;`])
			expect(content).toContain(value);
		expect(content).toContain(`/charity/verify?village=${place.slug}&amp;amp;length=1&amp;amp;head=${ledger.entries[0].hash}`);
		expect(xml).toContain(`<updated>${checkpoint.at.toISOString()}</updated>\n<link rel="self"`);

		// A later notice comes first; the next checkpoint, made later still, before it; the ETag moves each time.
		await makeNotice(place, itsCadre, { title: '通水了' });
		await donate(place, itsProject, 500, minutes(3));
		const etagBefore = (await buildVillageAtomFeed(place, origin)).etag;
		await sealLedger(place.id, minutes(4));
		const latest = await buildVillageAtomFeed(place, origin);
		expect(latest.etag).not.toBe(etagBefore);
		expect(entries(latest.xml).map((entry) => entry.title)).toEqual([`账本存证：共 3 条 · ${day}`, `账本存证：共 1 条 · ${day}`, '通水了', '春耕通知']);
	});
});

function sessionUser(user: User): SessionUser {
	const { id, username, displayName, locale, easyMode, dataSaver, isAdmin } = user;
	return { id, username, displayName, locale, easyMode, dataSaver, isAdmin };
}

function event(slug: string, user: User | null, search = '', method = 'GET'): RequestEvent {
	const url = new URL(`${origin}/v/${slug}/ledger/poster${search}`);
	return {
		params: { village: slug },
		url,
		request: new Request(url, method === 'POST' ? { method, body: new URLSearchParams() } : {}),
		locals: { user: user && sessionUser(user), session: null, locale: 'zh-CN' }
	} as unknown as RequestEvent;
}

/** What a load or action ended in: its data, or the status and message of the error, or where it redirected. */
async function outcome(call: () => unknown): Promise<unknown> {
	try {
		return await call();
	} catch (error) {
		if (isHttpError(error)) return { status: error.status, message: error.body.message };
		if (isRedirect(error)) return { redirect: error.location };
		throw error;
	}
}

const poster = (slug: string, search = '', user: User | null = null) => outcome(() => load(event(slug, user, search) as Parameters<typeof load>[0]));
const seal = (slug: string, user: User | null) => outcome(() => actions.seal(event(slug, user, '', 'POST') as Parameters<typeof actions.seal>[0]));

describe('the poster', () => {
	it('shows the latest checkpoint or the one asked for, and refuses a number that is not one with a message', async () => {
		const place = await makeVillage();
		const itsCadre = await makeCadre(place);
		const itsProject = await createProject(itsCadre.id, place.id, parseProjectForm({ title: '路灯', category: 'infrastructure', goal: '500', description: '', startsOn: '', endsOn: '' }));
		expect(await poster(place.slug)).toMatchObject({ poster: null, latestSeq: null, canSeal: false });
		await donate(place, itsProject, 1_000);
		expect(await poster(place.slug, '', itsCadre)).toMatchObject({ poster: null, canSeal: true });
		expect(await poster(place.slug, '', await makeVillager(place, itsCadre))).toMatchObject({ poster: null, canSeal: false });

		await sealLedger(place.id);
		await donate(place, itsProject, 300);
		await sealLedger(place.id);
		const head = (await villageLedger(place.slug))!.entries[2].hash;
		const latest = (await poster(place.slug)) as { poster: Record<string, unknown>; latestSeq: number };
		expect(latest.latestSeq).toBe(4);
		expect(latest.poster).toMatchObject({
			seq: 4,
			length: 3,
			head,
			ledgerUrl: `cun.example/v/${place.slug}/ledger.json`,
			verifyUrl: `cun.example/charity/verify?village=${place.slug}&length=3&head=${head}`,
			fingerprint: expect.stringMatching(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/)
		});
		expect(latest.poster.qr).toContain('<svg');
		expect(await poster(place.slug, '?seq=2')).toMatchObject({ latestSeq: 4, poster: { seq: 2, length: 1 } });

		expect(await poster(place.slug, '?seq=abc')).toEqual({ status: 400, message: '“abc”不是账本里的序号。' });
		expect(await poster(place.slug, '?seq=0')).toMatchObject({ status: 400 });
		expect(await poster(place.slug, '?seq=3')).toEqual({ status: 404, message: '账本第 3 条不是存证。' });
		expect(await poster(place.slug, '?seq=99')).toMatchObject({ status: 404 });
		expect(await poster('no-such-village')).toEqual({ status: 404, message: '找不到这个村庄。' });
	});

	it('is sealed now by a cadre of the village only: a villager, another village’s cadre and a member are refused and nothing is appended', async () => {
		const place = await makeVillage();
		const itsCadre = await makeCadre(place);
		const itsProject = await createProject(itsCadre.id, place.id, parseProjectForm({ title: '路灯', category: 'infrastructure', goal: '500', description: '', startsOn: '', endsOn: '' }));
		await donate(place, itsProject, 1_000);

		const others: [string, User][] = [
			['villager', await makeVillager(place, itsCadre)],
			['another village’s cadre', await makeCadre(await makeVillage())],
			['member', await makeUser()]
		];
		for (const [who, user] of others) expect([who, await seal(place.slug, user)]).toEqual([who, { status: 403, message: '只有本村的村干部可以做这件事。' }]);
		expect(await seal(place.slug, null)).toMatchObject({ redirect: expect.stringMatching(/^\/login\?next=/) });
		expect(await seal('no-such-village', itsCadre)).toMatchObject({ status: 404 });
		expect(await entryCount(place)).toBe(1);

		expect(await seal(place.slug, itsCadre)).toEqual({ redirect: `/v/${place.slug}/ledger/poster` });
		expect(await entryCount(place)).toBe(2);
		expect(await listCheckpoints(place.id, 5)).toMatchObject([{ seq: 2, length: 1 }]);
		// Nothing new since: pressing again adds nothing.
		expect(await seal(place.slug, itsCadre)).toEqual({ redirect: `/v/${place.slug}/ledger/poster` });
		expect(await entryCount(place)).toBe(2);
	});
});

describe('a poster beside this server’s ledger', () => {
	const verifyPage = (search: string) =>
		outcome(() => verifyLoad({ url: new URL(`${origin}/charity/verify${search}`), locals: { user: null, session: null, locale: 'zh-CN' } } as unknown as Parameters<typeof verifyLoad>[0]));

	it('says whether the ledger still has the poster’s hash at its length, how many entries came since, and which checkpoint signed it', async () => {
		const place = await makeVillage();
		const itsProject = await createProject((await makeCadre(place)).id, place.id, parseProjectForm({ title: '路灯', category: 'infrastructure', goal: '500', description: '', startsOn: '', endsOn: '' }));
		await donate(place, itsProject, 1_000);
		await donate(place, itsProject, 200);
		await sealLedger(place.id);
		await donate(place, itsProject, 300);
		const ledger = (await villageLedger(place.slug))!;
		const head = ledger.entries[1].hash;

		expect(await compareWithPoster(place.slug, 2, head)).toEqual({ village: { slug: place.slug, name: place.name }, length: 2, head, outcome: 'extends', entries: 4, since: 2, poster: 3 });
		// The very last entry, signed by no checkpoint: nothing since, no poster of it.
		expect(await compareWithPoster(place.slug, 4, ledger.entries[3].hash)).toMatchObject({ outcome: 'extends', since: 0, poster: null });
		expect(await compareWithPoster(place.slug, 1, ledger.entries[0].hash)).toMatchObject({ outcome: 'extends', since: 3, poster: null });
		expect(await compareWithPoster(place.slug, 2, ledger.entries[0].hash)).toMatchObject({ outcome: 'differs', entries: 4, since: 0, poster: null });
		expect(await compareWithPoster(place.slug, 5, head)).toMatchObject({ outcome: 'shorter', entries: 4, since: 0, poster: null });
		expect(await compareWithPoster(place.slug, 2_147_483_647, head)).toMatchObject({ outcome: 'shorter', entries: 4 });
		// Another village's chain has its own numbers.
		const other = await makeVillage();
		expect(await compareWithPoster(other.slug, 2, head)).toMatchObject({ outcome: 'shorter', entries: 0 });
		expect(await compareWithPoster('no-such-village', 2, head)).toBeNull();
		// Read only: nothing was appended.
		expect(await entryCount(place)).toBe(4);
	});

	it('is shown by /charity/verify from the poster’s address, a hash copied with spaces and in capitals too; bad addresses are refused in words', async () => {
		const place = await makeVillage();
		const itsProject = await createProject((await makeCadre(place)).id, place.id, parseProjectForm({ title: '路灯', category: 'infrastructure', goal: '500', description: '', startsOn: '', endsOn: '' }));
		await donate(place, itsProject, 1_000);
		await sealLedger(place.id);
		const head = (await villageLedger(place.slug))!.entries[0].hash;
		const search = (length: string, hash: string, slug = place.slug) => `?${new URLSearchParams({ village: slug, length, head: hash })}`;

		expect(await verifyPage('')).toMatchObject({ poster: null, lookup: 'none' });
		expect(await verifyPage(search('1', head))).toMatchObject({
			poster: {
				outcome: 'extends',
				since: 1,
				poster: 2,
				ledgerUrl: `/v/${place.slug}/ledger.json`,
				posterUrl: `/v/${place.slug}/ledger/poster?seq=2`,
				command: `node scripts/verify-ledger.js ${origin}/v/${place.slug}/ledger.json --extends 1:${head}`
			}
		});
		const copied = head.toUpperCase().match(/.{4}/g)!.join(' ');
		expect(await verifyPage(search(' 1 ', copied))).toMatchObject({ poster: { outcome: 'extends', head } });
		expect(await verifyPage(search('1', 'f'.repeat(64)))).toMatchObject({ poster: { outcome: 'differs', posterUrl: `/v/${place.slug}/ledger/poster` } });
		expect(await verifyPage(search('9', head))).toMatchObject({ poster: { outcome: 'shorter', entries: 2 } });

		expect(await verifyPage(search('0', head))).toEqual({ status: 400, message: '“0”不是账本的条数：条数是从 1 起的整数。请对照海报再看看。' });
		for (const length of ['-1', '1.5', 'abc', '2147483648', '99999999999999999999999'])
			expect([length, await verifyPage(search(length, head))]).toEqual([length, { status: 400, message: expect.stringContaining('不是账本的条数') }]);
		expect(await verifyPage(search('1', head.slice(1)))).toEqual({ status: 400, message: `“${head.slice(1, 21)}…”不是海报上的哈希：哈希是 64 位数字和 a–f 字母，空格、大小写都没关系。请对照海报再看看。` });
		expect(await verifyPage(search('1', `${head.slice(0, 63)}g`))).toMatchObject({ status: 400 });
		expect(await verifyPage(`?village=${place.slug}&length=1`)).toEqual({ status: 400, message: '这个网址里的存证不完整：村、条数和哈希都要有。请重新扫一次海报上的二维码。' });
		expect(await verifyPage(`?head=${head}`)).toMatchObject({ status: 400 });
		expect(await verifyPage(search('1', head, 'no-such-village'))).toEqual({ status: 404, message: '找不到海报上的村庄“no-such-village”。请对照海报上的网址看看。' });
	});
});
