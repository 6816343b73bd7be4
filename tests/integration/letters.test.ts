import { describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { auditLog, db, letterMessages, letters, memberships, type User, type Village } from '$lib/server/platform/db';
import {
	answerLetter,
	countWaitingLetters,
	findLetterThread,
	listLettersByAuthor,
	listPublishedLetters,
	listVillageLetters,
	publishLetter,
	replyToLetter,
	unpublishLetter,
	writeLetter
} from '$lib/server/notices/letters';
import { revokeMembership } from '$lib/server/villages/memberships';
import { refusal } from './refusal';
import { makeCadre, makeUser, makeVillage, makeVillager } from './factories';
import { parseWith } from '$lib/server/platform/forms';
import { letterForm, letterMessageForm } from '$lib/notices/forms';

/** Rows in every table a letter action writes to. */
async function footprint(): Promise<number[]> {
	return Promise.all([letters, letterMessages, auditLog].map(async (table) => (await db.select({ n: count() }).from(table))[0].n));
}

/** Runs a call that must be refused, and proves it stored nothing. */
async function refusedWithoutTrace(call: () => unknown): Promise<{ message: string; status: number }> {
	const before = await footprint();
	const error = await refusal(call);
	expect(await footprint()).toEqual(before);
	return error;
}

type Scene = { village: Village; other: Village; cadre: User; author: User; neighbour: User; outsider: User; otherCadre: User; otherVillager: User };

async function scene(): Promise<Scene> {
	const village = await makeVillage();
	const other = await makeVillage();
	const cadre = await makeCadre(village);
	const otherCadre = await makeCadre(other);
	return {
		village,
		other,
		cadre,
		otherCadre,
		author: await makeVillager(village, cadre),
		neighbour: await makeVillager(village, cadre),
		outsider: await makeUser(),
		otherVillager: await makeVillager(other, otherCadre)
	};
}

const letterTo = (village: Village, extra: Record<string, unknown> = {}) => ({
	village: village.slug,
	subject: '村东头的路灯坏了',
	body: '三盏路灯坏了半个月，晚上接孩子看不见路。',
	...extra
});

describe('writing a letter', () => {
	it('a verified villager writes to their own committee; only they and its cadres can read it', async () => {
		const s = await scene();
		const letter = await writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village)));
		expect(letter).toMatchObject({ villageId: s.village.id, authorId: s.author.id, subject: '村东头的路灯坏了', publishedAt: null });

		const mine = await listLettersByAuthor(s.author.id);
		expect(mine).toHaveLength(1);
		expect(mine[0]).toMatchObject({ id: letter.id, state: 'waiting', village: { slug: s.village.slug } });
		expect((await listVillageLetters(s.village.id)).map((l) => l.id)).toEqual([letter.id]);
		expect(await listVillageLetters(s.other.id)).toEqual([]);
		expect(await countWaitingLetters(s.village.id)).toBe(1);

		const asAuthor = (await findLetterThread(letter.id, s.author.id))!;
		expect(asAuthor.viewer).toEqual({ isAuthor: true, isCadre: false });
		expect(asAuthor.messages).toMatchObject([{ body: '三盏路灯坏了半个月，晚上接孩子看不见路。', fromCommittee: false, authorName: s.author.displayName }]);
		expect((await findLetterThread(letter.id, s.cadre.id))?.viewer).toEqual({ isAuthor: false, isCadre: true });
		// A neighbour, a stranger, another village's cadre and a visitor see no such letter.
		for (const viewer of [s.neighbour.id, s.outsider.id, s.otherCadre.id, null]) expect(await findLetterThread(letter.id, viewer)).toBeUndefined();
		expect(await listPublishedLetters(s.village.id)).toEqual([]);
	});

	it('a cadre counts as a villager of their village and may write too', async () => {
		const s = await scene();
		expect((await writeLetter(s.cadre.id, parseWith(letterForm, letterTo(s.village)))).authorId).toBe(s.cadre.id);
	});

	it('a letter to another village’s committee is refused with a clear message and nothing is stored', async () => {
		const s = await scene();
		const refused = await refusedWithoutTrace(() => writeLetter(s.author.id, parseWith(letterForm, letterTo(s.other))));
		expect(refused.status).toBe(403);
		expect(refused.message).toBe(`你还不是${s.other.name}的认证村民，只能给自己村的村委会写信。`);
		for (const stranger of [s.outsider, s.otherCadre]) await refusedWithoutTrace(() => writeLetter(stranger.id, parseWith(letterForm, letterTo(s.village))));
		expect((await refusedWithoutTrace(() => writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village, { village: 'no-such-village' }))))).status).toBe(404);
		expect(await listLettersByAuthor(s.author.id)).toEqual([]);
	});

	it('a villager whose membership was revoked can no longer write', async () => {
		const s = await scene();
		const [row] = await db.select().from(memberships).where(and(eq(memberships.userId, s.neighbour.id), eq(memberships.villageId, s.village.id)));
		await revokeMembership(s.cadre.id, s.village.id, row.id);
		await refusedWithoutTrace(() => writeLetter(s.neighbour.id, parseWith(letterForm, letterTo(s.village))));
	});

	it('refuses an empty or too long subject or body, and a missing village, with a message', async () => {
		const s = await scene();
		const cases: [Record<string, unknown>, string][] = [
			[{ subject: '' }, '请写上事由。'],
			[{ subject: ' \n\t ' }, '请写上事由。'],
			[{ subject: undefined }, '请写上事由。'],
			[{ subject: '路'.repeat(61) }, '事由太长了，最多 60 个字。'],
			[{ body: '' }, '信的内容不能是空的。'],
			[{ body: '\r\n   \r\n' }, '信的内容不能是空的。'],
			[{ body: '字'.repeat(2001) }, '内容太长了，最多 2000 个字。可以分几次写。'],
			[{ village: '' }, '请选择写给哪个村的村委会。']
		];
		for (const [change, message] of cases) {
			expect([change, (await refusedWithoutTrace(() => writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village, change))))).message]).toEqual([change, message]);
		}
	});

	it('keeps the limits exact: 60 and 2000 characters pass, a form’s CRLF line break counts as one, whitespace in a subject collapses', async () => {
		const s = await scene();
		expect((await writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village, { subject: '路'.repeat(60), body: '字'.repeat(2000) })))).subject).toBe('路'.repeat(60));
		// 2400 characters as posted, 1799 once each CRLF is one line break and the last one trimmed.
		const letter = await writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village, { subject: '  路灯\n  坏了 ', body: '樱桃\r\n'.repeat(600) })));
		expect(letter.subject).toBe('路灯 坏了');
		const body = (await findLetterThread(letter.id, s.author.id))!.messages[0].body;
		expect(body).toBe('樱桃\n'.repeat(600).trim());
		expect(body).not.toContain('\r');
	});

	it('stores markup as the plain text it is', async () => {
		const s = await scene();
		const letter = await writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village, { body: '<script>alert(1)</script> <b>急</b>' })));
		expect((await findLetterThread(letter.id, s.cadre.id))!.messages[0].body).toBe('<script>alert(1)</script> <b>急</b>');
	});
});

describe('answering and following up', () => {
	it('a cadre answers as the committee with their name; it is audited and the thread counts as answered', async () => {
		const s = await scene();
		const letter = await writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village)), new Date(Date.now() - 60_000));
		const answer = await answerLetter(s.cadre.id, letter.id, parseWith(letterMessageForm, { body: '已联系供电所，周四来修。' }));
		expect(answer).toMatchObject({ letterId: letter.id, authorId: s.cadre.id, fromCommittee: true, body: '已联系供电所，周四来修。' });

		const thread = (await findLetterThread(letter.id, s.author.id))!;
		expect(thread.state).toBe('answered');
		expect(thread.updatedAt.getTime()).toBeGreaterThan(letter.updatedAt.getTime());
		expect(thread.messages.map((m) => [m.fromCommittee, m.authorName])).toEqual([
			[false, s.author.displayName],
			[true, s.cadre.displayName]
		]);
		expect((await listLettersByAuthor(s.author.id))[0].state).toBe('answered');
		expect(await countWaitingLetters(s.village.id)).toBe(0);

		const audit = (await db.select().from(auditLog).where(eq(auditLog.villageId, s.village.id))).filter((row) => row.action === 'letter.answered');
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ actorId: s.cadre.id, subjectUserId: s.author.id, detail: { letterId: letter.id, subject: letter.subject } });
	});

	it('nobody but a cadre of the letter’s village answers, and the refusal does not say the letter exists', async () => {
		const s = await scene();
		const letter = await writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village)));
		const missing = await refusedWithoutTrace(() => answerLetter(s.cadre.id, 999_999, parseWith(letterMessageForm, { body: '回复' })));
		for (const someone of [s.author, s.neighbour, s.outsider, s.otherCadre]) {
			const refused = await refusedWithoutTrace(() => answerLetter(someone.id, letter.id, parseWith(letterMessageForm, { body: '回复' })));
			expect([refused.status, refused.message]).toEqual([missing.status, missing.message]);
		}
		expect(missing.status).toBe(404);
		await refusedWithoutTrace(() => answerLetter(s.cadre.id, letter.id, parseWith(letterMessageForm, { body: '   ' })));
		await refusedWithoutTrace(() => answerLetter(s.cadre.id, letter.id, parseWith(letterMessageForm, { body: '字'.repeat(2001) })));
		expect((await findLetterThread(letter.id, s.author.id))!.state).toBe('waiting');
	});

	it('the writer follows up; only the writer may; the inbox puts unanswered letters first, then new words, then the rest', async () => {
		const s = await scene();
		const t = Date.now() - 10 * 60_000;
		const answered = await writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village, { subject: '已回复' })), new Date(t));
		await answerLetter(s.cadre.id, answered.id, parseWith(letterMessageForm, { body: '好的' }), new Date(t + 1000));
		const followedUp = await writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village, { subject: '有补充' })), new Date(t + 2000));
		await answerLetter(s.cadre.id, followedUp.id, parseWith(letterMessageForm, { body: '收到' }), new Date(t + 3000));
		const waiting = await writeLetter(s.neighbour.id, parseWith(letterForm, letterTo(s.village, { subject: '没回复' })), new Date(t + 4000));
		// The answered letter is the liveliest of all, and still comes last.
		await answerLetter(s.cadre.id, answered.id, parseWith(letterMessageForm, { body: '再补一句' }), new Date(t + 6000));

		await replyToLetter(s.author.id, followedUp.id, parseWith(letterMessageForm, { body: '还想问一下，\r\n西河桥那段能装吗？' }), new Date(t + 5000));
		const thread = (await findLetterThread(followedUp.id, s.cadre.id))!;
		expect(thread.state).toBe('followed-up');
		expect(thread.messages.at(-1)).toMatchObject({ fromCommittee: false, body: '还想问一下，\n西河桥那段能装吗？' });

		expect((await listVillageLetters(s.village.id)).map((l) => [l.subject, l.state])).toEqual([
			['没回复', 'waiting'],
			['有补充', 'followed-up'],
			['已回复', 'answered']
		]);
		expect(await countWaitingLetters(s.village.id)).toBe(2);
		// The writer's own list: liveliest first.
		expect((await listLettersByAuthor(s.author.id)).map((l) => l.id)).toEqual([answered.id, followedUp.id]);
		expect((await listLettersByAuthor(s.neighbour.id)).map((l) => l.id)).toEqual([waiting.id]);

		for (const someone of [s.cadre, s.neighbour, s.outsider]) {
			expect((await refusedWithoutTrace(() => replyToLetter(someone.id, followedUp.id, parseWith(letterMessageForm, { body: '冒名补充' })))).status).toBe(404);
		}
		await refusedWithoutTrace(() => replyToLetter(s.author.id, followedUp.id, parseWith(letterMessageForm, { body: '' })));
	});
});

describe('publishing', () => {
	it('only the writer publishes, once answered; then anyone reads it without the writer’s name; taking it back hides it again', async () => {
		const s = await scene();
		const letter = await writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village)));
		const unanswered = await refusedWithoutTrace(() => publishLetter(s.author.id, letter.id));
		expect(unanswered.message).toBe('村委会还没有回复，等回复以后才能公开。');
		await answerLetter(s.cadre.id, letter.id, parseWith(letterMessageForm, { body: '周四来修。' }));

		for (const someone of [s.cadre, s.neighbour, s.outsider]) {
			expect((await refusedWithoutTrace(() => publishLetter(someone.id, letter.id))).status).toBe(404);
		}
		expect(await findLetterThread(letter.id, s.outsider.id)).toBeUndefined();

		const publishedAt = new Date(Date.now() - 1000);
		await publishLetter(s.author.id, letter.id, publishedAt);
		// Publishing twice keeps the first date.
		await publishLetter(s.author.id, letter.id);
		expect((await findLetterThread(letter.id, s.author.id))!.publishedAt).toEqual(publishedAt);

		for (const viewer of [null, s.outsider.id, s.otherCadre.id, s.neighbour.id]) {
			const thread = (await findLetterThread(letter.id, viewer))!;
			expect(thread.viewer).toEqual({ isAuthor: false, isCadre: false });
			expect(thread.authorName).toBeNull();
			expect(thread.messages.map((m) => [m.fromCommittee, m.authorName])).toEqual([
				[false, null],
				[true, s.cadre.displayName]
			]);
		}
		const listed = await listPublishedLetters(s.village.id);
		expect(listed.map((l) => [l.id, l.subject, l.messages.length])).toEqual([[letter.id, letter.subject, 2]]);
		expect(listed[0].messages[0].authorName).toBeNull();
		expect(await listPublishedLetters(s.other.id)).toEqual([]);

		for (const someone of [s.cadre, s.outsider]) await refusedWithoutTrace(() => unpublishLetter(someone.id, letter.id));
		expect(await findLetterThread(letter.id, null)).toBeDefined();
		await unpublishLetter(s.author.id, letter.id);
		expect(await findLetterThread(letter.id, null)).toBeUndefined();
		expect(await listPublishedLetters(s.village.id)).toEqual([]);
		expect(await findLetterThread(letter.id, s.cadre.id)).toBeDefined();
	});

	it('lists published letters newest first, a page at a time', async () => {
		const s = await scene();
		const ids: number[] = [];
		for (let i = 0; i < 3; i++) {
			const letter = await writeLetter(s.author.id, parseWith(letterForm, letterTo(s.village, { subject: `第${i}封` })));
			await answerLetter(s.cadre.id, letter.id, parseWith(letterMessageForm, { body: '收到' }));
			await publishLetter(s.author.id, letter.id, new Date(Date.now() + i * 1000));
			ids.push(letter.id);
		}
		expect((await listPublishedLetters(s.village.id, { limit: 2 })).map((l) => l.id)).toEqual([ids[2], ids[1]]);
		expect((await listPublishedLetters(s.village.id, { limit: 2, offset: 2 })).map((l) => l.id)).toEqual([ids[0]]);
	});

	it('an id that is not a letter reads as no letter', async () => {
		for (const id of [0, -1, 1.5, Number.NaN, 2 ** 31, 2 ** 60]) expect(await findLetterThread(id, null)).toBeUndefined();
	});
});
