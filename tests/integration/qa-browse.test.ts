// How questions are found on either engine: the list's filters (crop, topic, state, village),
// search ranked with the title first, the similar questions shown while a title is typed, and
// one question's page (answers in their order, the reader's own marks, the asker masked).
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, experts, qaQuestions, transaction, type User, type Village } from '$lib/server/platform/db';
import { parseAnswerForm, parseQuestionForm } from '$lib/qa/forms';
import { parseQaFilter } from '$lib/qa/qa-filter';
import { acceptAnswer, addMeToo, answerQuestion, askQuestion, ensureStartingCrops, findQuestionPage, listCrops, searchQuestions, similarQuestions, voteForAnswer } from '$lib/server/qa';
import { storePhoto } from '$lib/server/platform/media';
import { reindexQuestion } from '$lib/server/qa/search-text';
import { makeUser, makeVillage, makeVillager } from './factories';
import { asFile, plainImage } from './image-files';
import { refusal } from './refusal';

let crops: Record<string, number>;
let village: Village;
let villager: User;

beforeAll(async () => {
	await ensureStartingCrops();
	crops = Object.fromEntries((await listCrops()).map((crop) => [crop.name, crop.id]));
	village = await makeVillage();
	villager = await makeVillager(village);
});

const ask = (asker: User, title: string, fields: Record<string, string> = {}) =>
	askQuestion(asker.id, parseQuestionForm({ title, body: '', cropId: String(crops['樱桃']), topic: 'disease', ...fields }), []);
const answer = (author: User, questionId: number, body: string) => answerQuestion(author.id, questionId, parseAnswerForm({ body }), []);
const list = async (address: string) => (await searchQuestions(parseQaFilter(new URLSearchParams(address)), 50)).items.map((item) => item.id);

describe('the list', () => {
	it('filters by crop, topic, state and village, newest first, and never shows a hidden question', async () => {
		const other = await makeUser();
		const chicken = await ask(villager, '乌鸡拉稀精神差', { cropId: String(crops['乌鸡']), topic: 'husbandry' });
		const unanswered = await ask(villager, '樱桃流胶怎么办');
		const answered = await ask(villager, '樱桃裂果');
		const accepted = await ask(villager, '樱桃叶子发黄');
		await answer(other, answered, '控水');
		await acceptAnswer(villager.id, accepted, await answer(other, accepted, '缺铁，补铁肥'));
		const hidden = await ask(villager, '樱桃树被隐藏');
		await transaction((tx) => tx.update(qaQuestions).set({ hiddenAt: new Date() }).where(eq(qaQuestions.id, hidden)));
		const here = `village=${village.slug}`;

		expect(await list(here)).toEqual([accepted, answered, unanswered, chicken]);
		expect(await list(`${here}&crop=${crops['乌鸡']}`)).toEqual([chicken]);
		expect(await list(`${here}&topic=husbandry`)).toEqual([chicken]);
		expect(await list(`${here}&state=unanswered`)).toEqual([unanswered, chicken]);
		expect(await list(`${here}&state=answered`)).toEqual([answered]);
		expect(await list(`${here}&state=accepted`)).toEqual([accepted]);
		// Junk in the address is ignored, never an error.
		expect(await list(`${here}&crop=abc&topic=gossip&state=%3Cscript%3E&page=-3`)).toEqual([accepted, answered, unanswered, chicken]);
		const [item] = (await searchQuestions(parseQaFilter(new URLSearchParams(`${here}&state=accepted`)))).items;
		expect(item).toMatchObject({ title: '樱桃叶子发黄', villageName: village.name, answerCount: 1, accepted: true, crop: { name: '樱桃' } });
	});

	it('finds one- and two-character words, ranks a title match above one in an answer, and finds nothing for punctuation', async () => {
		const [asker, expert] = await Promise.all([makeVillager(village), makeUser()]);
		const inAnswer = await ask(asker, '玉米叶子卷起来了', { cropId: String(crops['玉米']) });
		await answer(expert, inAnswer, '可能是玉米螟危害，也要防稻瘟那样的真菌病');
		const inTitle = await ask(asker, '稻瘟病怎么防治', { cropId: String(crops['小麦']) });
		const here = `village=${village.slug}`;
		expect(await list(`${here}&q=稻瘟`)).toEqual([inTitle, inAnswer]);
		expect(await list(`${here}&q=玉米螟`)).toEqual([inAnswer]);
		expect(await list(`${here}&q=鸡`)).toContain((await list(`${here}&crop=${crops['乌鸡']}`))[0]);
		expect(await list(`${here}&q=${encodeURIComponent('？！…')}`)).toEqual([]);
	});
});

describe('similar questions', () => {
	it('lists questions whose titles share the telling words of one being typed, closest first; hidden ones never', async () => {
		const asker = await makeUser();
		const close = await ask(asker, '大蒜叶尖发黄干枯怎么回事', { cropId: String(crops['大蒜']) });
		const partly = await ask(asker, '大蒜什么时候施肥', { cropId: String(crops['大蒜']), topic: 'fertilizer' });
		const unrelated = await ask(asker, '蜜蜂分箱的时间', { cropId: String(crops['蜜蜂']), topic: 'husbandry' });
		const hidden = await ask(asker, '大蒜叶尖发黄被隐藏了');
		await transaction(async (tx) => {
			await tx.update(qaQuestions).set({ hiddenAt: new Date() }).where(eq(qaQuestions.id, hidden));
			await reindexQuestion(tx, hidden);
		});
		const ids = (await similarQuestions('我家大蒜叶尖发黄', 10)).map((q) => q.id);
		expect(ids[0]).toBe(close);
		expect(ids).toContain(partly);
		expect(ids).not.toContain(unrelated);
		expect(ids).not.toContain(hidden);
		// Words of asking are not the matter: 怎么回事 alone does not make a garlic question like a yam one.
		expect((await similarQuestions('山药叶子上有黑斑怎么回事', 10)).map((q) => q.id)).not.toContain(close);
		// A single common character alone is not a match for everything, and nothing typed finds nothing.
		expect(await similarQuestions('？', 5)).toEqual([]);
	});
});

describe('one question’s page', () => {
	it('shows the accepted answer first, then experts’, then the most voted, with the reader’s marks and the asker masked', async () => {
		const asker = await makeVillager(village);
		const [neighbour, vet, reader] = await Promise.all([makeUser(), makeUser(), makeUser()]);
		await transaction((tx) => tx.insert(experts).values({ userId: vet.id, realName: '赵农艺师', unit: '县农技站', verifiedAt: new Date() }));
		const id = await askQuestion(asker.id, parseQuestionForm({ title: '樱桃叶斑病', body: '<b>叶子</b>有斑', cropId: String(crops['樱桃']), topic: 'disease' }), [
			asFile(await plainImage(60, 40, 'png'), 'leaf.png', 'image/png')
		]);
		const plain = await answer(neighbour, id, '剪掉病叶');
		const voted = await answer(neighbour, id, '喷石硫合剂');
		const byExpert = await answer(vet, id, '褐斑穿孔病，喷代森锰锌');
		const accepted = await answer(reader, id, '我用过多菌灵，有效');
		await voteForAnswer(reader.id, voted);
		await acceptAnswer(asker.id, id, accepted);
		await addMeToo(reader.id, id);

		const page = (await findQuestionPage(id, reader.id))!;
		expect(page.question.answers.map((a) => a.id)).toEqual([accepted, byExpert, voted, plain]);
		expect(page.question.answers[1].expert).toMatchObject({ realName: '赵农艺师', unit: '县农技站' });
		expect(page.question.answers[1].authorName).toBe('赵农艺师');
		expect(page.question.answers[0]).toMatchObject({ mine: true, accepted: true, voted: false });
		expect(page.question.answers[2]).toMatchObject({ voted: true, votes: 1 });
		expect(page.reader).toEqual({ asker: false, meToo: true });
		expect(page.question).toMatchObject({ body: '<b>叶子</b>有斑', villageName: village.name, meTooCount: 1, answerCount: 4, needsHelp: false });
		expect(page.question.askerName).toMatch(/^.\*+$/);
		expect(page.question.photos).toHaveLength(1);
		expect((await findQuestionPage(id, asker.id))!.reader).toEqual({ asker: true, meToo: false });
		expect(await findQuestionPage(99_999_999, null)).toBeNull();
	});

	it('counts photos kept from a refused try against the six a question may carry', async () => {
		const asker = await makeUser();
		const held = await storePhoto(asFile(await plainImage(50, 30, 'png'), 'held.png', 'image/png'), asker.id);
		const six = await Promise.all(Array.from({ length: 6 }, async (_, i) => asFile(await plainImage(30 + i, 20, 'png'), `p${i}.png`, 'image/png')));
		const input = parseQuestionForm({ title: '照片太多了', cropId: String(crops['樱桃']), topic: 'other' });
		expect((await refusal(askQuestion(asker.id, input, six, new Date(), [held]))).message).toMatch(/最多 6 张/);
		const id = await askQuestion(asker.id, input, six.slice(0, 5), new Date(), [held]);
		expect((await findQuestionPage(id, null))!.question.photos.map((p) => p.id)).toContain(held.id);
	});
});
