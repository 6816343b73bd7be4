// Expert Q&A's domain on either engine: asking (with photos, checked before anything is stored),
// answering, accepting, votes and me-toos, each refusal with its message and nothing changed,
// and search that finds a question by the words of its answers.
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { db, notifications, photos, qaAnswers, qaCrops, qaMeToos, qaQuestionPhotos, qaQuestions, qaVotes, transaction, type User } from '$lib/server/platform/db';
import { matchSearch } from '$lib/server/platform/search';
import { parseAnswerForm, parseQuestionForm } from '$lib/qa/forms';
import { acceptAnswer, addMeToo, answerQuestion, askQuestion, ensureStartingCrops, listCrops, voteForAnswer } from '$lib/server/qa';
import { qaSearchKind } from '$lib/server/qa/search-text';
import { makeUser, makeVillage, makeVillager } from './factories';
import { asFile, plainImage } from './image-files';
import { refusal } from './refusal';

let cherry: number;
beforeAll(async () => {
	await ensureStartingCrops();
	cherry = (await listCrops()).find((crop) => crop.name === '樱桃')!.id;
});

const question = (fields: Record<string, string> = {}) =>
	parseQuestionForm({ title: '樱桃叶子上有褐色斑点', body: '今年雨水多，叶片发黄脱落。', cropId: String(cherry), topic: 'disease', ...fields });

async function photoFile(n = 0): Promise<File> {
	return asFile(await plainImage(40 + n, 30, 'png'), `leaf-${n}.png`, 'image/png');
}

const count = async (table: typeof qaQuestions | typeof qaAnswers | typeof photos) => (await db.select().from(table)).length;

describe('crops', () => {
	it('starts with the villages’ usual crops, once, however often the start runs', async () => {
		await ensureStartingCrops();
		const names = (await listCrops()).map((crop) => crop.name);
		expect(names.slice(0, 8)).toEqual(['樱桃', '小麦', '玉米', '大蒜', '山药', '乌鸡', '生猪', '蜜蜂']);
		expect(names.filter((name) => name === '樱桃')).toHaveLength(1);
	});
});

describe('asking', () => {
	it('stores the question with its photos and the asker’s village', async () => {
		const village = await makeVillage();
		const villager = await makeVillager(village);
		const id = await askQuestion(villager.id, question(), [await photoFile(1)]);
		const [row] = await db.select().from(qaQuestions).where(eq(qaQuestions.id, id));
		expect(row).toMatchObject({ askerId: villager.id, villageId: village.id, cropId: cherry, topic: 'disease', title: '樱桃叶子上有褐色斑点', answerCount: 0 });
		expect(await db.select().from(qaQuestionPhotos).where(eq(qaQuestionPhotos.questionId, id))).toHaveLength(1);
	});

	it('refuses what a form can get wrong, with its message, and stores nothing, photos included', async () => {
		const asker = await makeUser();
		expect(() => question({ title: '' })).toThrow(/标题/);
		expect(() => question({ title: '斑' })).toThrow(/至少 2/);
		expect(() => question({ title: '斑'.repeat(61) })).toThrow(/最多 60/);
		expect(() => question({ body: '字'.repeat(5001) })).toThrow(/5000/);
		expect(() => question({ topic: 'gossip' })).toThrow(/类别/);
		expect(() => question({ cropId: 'abc' })).toThrow(/作物/);
		const before = [await count(qaQuestions), await count(photos)];
		expect((await refusal(askQuestion(asker.id, question({ cropId: '999999' }), [await photoFile(2)]))).message).toMatch(/作物/);
		const seven = await Promise.all(Array.from({ length: 7 }, (_, i) => photoFile(10 + i)));
		expect((await refusal(askQuestion(asker.id, question(), seven))).message).toMatch(/最多 6 张/);
		expect([await count(qaQuestions), await count(photos)]).toEqual(before);
	});

	it('keeps markup as typed, to be shown as text', async () => {
		const asker = await makeUser();
		const id = await askQuestion(asker.id, question({ title: '<script>alert(1)</script>鸡咳嗽' }), []);
		const [row] = await db.select().from(qaQuestions).where(eq(qaQuestions.id, id));
		expect(row.title).toBe('<script>alert(1)</script>鸡咳嗽');
	});

	it('stops a flood of questions from one account', async () => {
		const asker = await makeUser();
		for (let i = 0; i < 10; i++) await askQuestion(asker.id, question({ title: `第 ${i} 个问题` }), []);
		expect((await refusal(askQuestion(asker.id, question(), []))).message).toMatch(/分钟/);
	});
});

describe('answers, acceptance, votes and me-too', () => {
	let asker: User;
	let expert: User;
	let neighbour: User;
	let questionId: number;
	beforeAll(async () => {
		[asker, expert, neighbour] = await Promise.all([makeUser(), makeUser(), makeUser()]);
		questionId = await askQuestion(asker.id, question({ title: '樱桃叶斑病怎么治' }), []);
	});

	it('answers, counts the answer, and only the asker accepts; accepting another moves the mark', async () => {
		const first = await answerQuestion(expert.id, questionId, parseAnswerForm({ body: '是褐斑穿孔病，喷代森锰锌，每 10 天一次。' }), [await photoFile(3)]);
		const second = await answerQuestion(neighbour.id, questionId, parseAnswerForm({ body: '我家去年也这样，剪掉病叶烧掉。' }), []);
		expect((await db.select().from(qaQuestions).where(eq(qaQuestions.id, questionId)))[0].answerCount).toBe(2);
		expect((await refusal(acceptAnswer(neighbour.id, questionId, first))).message).toMatch(/提问的人/);
		await acceptAnswer(asker.id, questionId, first);
		await acceptAnswer(asker.id, questionId, second);
		expect((await db.select().from(qaQuestions).where(eq(qaQuestions.id, questionId)))[0].acceptedAnswerId).toBe(second);
		// An answer of another question is not this one's to accept.
		const other = await askQuestion(asker.id, question({ title: '另一个问题' }), []);
		expect((await refusal(acceptAnswer(asker.id, other, first))).message).toMatch(/没有这个回答/);
	});

	it('refuses an empty answer and an answer to a hidden question, changing nothing', async () => {
		expect(() => parseAnswerForm({ body: '   ' })).toThrow(/不能是空的/);
		const hidden = await askQuestion(asker.id, question({ title: '被隐藏的问题' }), []);
		await transaction((tx) => tx.update(qaQuestions).set({ hiddenAt: new Date() }).where(eq(qaQuestions.id, hidden)));
		const before = await count(qaAnswers);
		expect((await refusal(answerQuestion(expert.id, hidden, parseAnswerForm({ body: '答' }), []))).message).toMatch(/隐藏/);
		expect(await count(qaAnswers)).toBe(before);
	});

	it('takes one vote per account, never for one’s own answer', async () => {
		const answer = await answerQuestion(expert.id, questionId, parseAnswerForm({ body: '注意通风。' }), []);
		await voteForAnswer(neighbour.id, answer);
		expect((await refusal(voteForAnswer(neighbour.id, answer))).message).toMatch(/赞过/);
		expect((await refusal(voteForAnswer(expert.id, answer))).message).toMatch(/自己的回答/);
		// Two at once from one account still count once.
		const third = await makeUser();
		await Promise.allSettled([voteForAnswer(third.id, answer), voteForAnswer(third.id, answer)]);
		expect((await db.select().from(qaAnswers).where(eq(qaAnswers.id, answer)))[0].votes).toBe(2);
		expect(await db.select().from(qaVotes).where(eq(qaVotes.answerId, answer))).toHaveLength(2);
	});

	it('counts me-too once per account, and not from the asker', async () => {
		await addMeToo(neighbour.id, questionId);
		expect((await refusal(addMeToo(neighbour.id, questionId))).message).toMatch(/已经点过/);
		expect((await refusal(addMeToo(asker.id, questionId))).message).toMatch(/自己问的/);
		expect((await db.select().from(qaQuestions).where(eq(qaQuestions.id, questionId)))[0].meTooCount).toBe(1);
		expect(await db.select().from(qaMeToos).where(eq(qaMeToos.questionId, questionId))).toHaveLength(1);
	});
});

describe('who is told', () => {
	it('tells the asker and those who pressed me-too of an answer and of the accepted one, never the one who did it', async () => {
		const [asker, follower, expert] = await Promise.all([makeUser(), makeUser(), makeUser()]);
		const id = await askQuestion(asker.id, question({ title: '樱桃裂果怎么办' }), []);
		await addMeToo(follower.id, id);
		const told = async (kind: string) =>
			(await db.select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.kind, kind), inArray(notifications.userId, [asker.id, follower.id, expert.id]))))
				.map((row) => row.userId)
				.sort((a, b) => a - b);
		const answer = await answerQuestion(expert.id, id, parseAnswerForm({ body: '采前控水，搭防雨棚。' }), []);
		expect(await told('qa.answered')).toEqual([asker.id, follower.id].sort((a, b) => a - b));
		await answerQuestion(follower.id, id, parseAnswerForm({ body: '我家也裂了。' }), []);
		// The follower who answered is not told of their own answer; the asker is, once more.
		expect(await told('qa.answered')).toEqual([asker.id, asker.id, follower.id].sort((a, b) => a - b));
		await acceptAnswer(asker.id, id, answer);
		expect(await told('qa.accepted')).toEqual([follower.id, expert.id].sort((a, b) => a - b));
		// Accepting the same answer again tells nobody again.
		await acceptAnswer(asker.id, id, answer);
		expect(await told('qa.accepted')).toHaveLength(2);
	});
});

describe('search', () => {
	it('finds a question by a two-character word in its title, its crop, or an answer; not once hidden', async () => {
		const asker = await makeUser();
		const id = await askQuestion(asker.id, question({ title: '乌鸡咳嗽流鼻涕', cropId: String((await listCrops()).find((c) => c.name === '乌鸡')!.id), topic: 'husbandry' }), []);
		const find = async (words: string) => {
			const match = matchSearch(qaSearchKind, qaQuestions.id, words)!;
			return (await db.select({ id: qaQuestions.id }).from(qaQuestions).innerJoin(match.hits, match.on)).map((row) => row.id);
		};
		expect(await find('咳嗽')).toContain(id);
		expect(await find('乌鸡')).toContain(id);
		expect(await find('支原体')).not.toContain(id);
		await answerQuestion(asker.id, id, parseAnswerForm({ body: '像是支原体感染，用泰乐菌素饮水。' }), []);
		expect(await find('支原体')).toContain(id);
		await transaction(async (tx) => {
			await tx.update(qaQuestions).set({ hiddenAt: new Date() }).where(eq(qaQuestions.id, id));
			const { reindexQuestion } = await import('$lib/server/qa/search-text');
			await reindexQuestion(tx, id);
		});
		expect(await find('咳嗽')).not.toContain(id);
	});
});

it('keeps the crop list’s names unique', async () => {
	await expect(transaction((tx) => tx.insert(qaCrops).values({ name: '樱桃', nameEn: 'Cherry', position: 99 }))).rejects.toThrow();
});
