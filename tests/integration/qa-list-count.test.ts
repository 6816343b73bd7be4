// How many questions a list says it holds, on either engine: a list without words stops counting
// at `countedQuestions` and says "more than"; a search counts its filtered matches with the page's
// own rows, and a page past the end still knows the count. Its own file: it fills the database
// with more questions than the other lists' tests should see.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { qaQuestions, transaction, type User, type Village } from '$lib/server/platform/db';
import { parseQuestionForm } from '$lib/qa/forms';
import { parseQaFilter } from '$lib/qa/qa-filter';
import { askQuestion, ensureStartingCrops, listCrops, searchQuestions } from '$lib/server/qa';
import { countedQuestions } from '$lib/server/qa/browse';
import { makeVillage, makeVillager } from './factories';

let cherry: number;
let village: Village;
let villager: User;

beforeAll(async () => {
	await ensureStartingCrops();
	cherry = (await listCrops()).find((crop) => crop.name === '樱桃')!.id;
	village = await makeVillage();
	villager = await makeVillager(village);
});

const page = (address: string, limit = 20) => searchQuestions(parseQaFilter(new URLSearchParams(address)), limit);
const ask = (title: string, topic = 'disease') => askQuestion(villager.id, parseQuestionForm({ title, body: '', cropId: String(cherry), topic }), []);

describe('the count of a list', () => {
	it('counts a search with its own rows, filtered, on every page and past the last', async () => {
		const found = [await ask('樱桃树流胶严重'), await ask('樱桃流胶用什么药'), await ask('流胶病怎么预防', 'pests')];
		const hidden = await ask('樱桃流胶被隐藏');
		await transaction((tx) => tx.update(qaQuestions).set({ hiddenAt: new Date() }).where(eq(qaQuestions.id, hidden)));

		expect(await page('q=流胶')).toMatchObject({ total: 3, totalAtLeast: false, hasNext: false, capped: false });
		expect(await page('q=流胶&topic=pests')).toMatchObject({ total: 1, hasNext: false });
		const first = await page('q=流胶', 2);
		const second = await page('q=流胶&page=2', 2);
		expect(first).toMatchObject({ total: 3, hasNext: true });
		expect(second).toMatchObject({ total: 3, hasNext: false });
		expect([...first.items, ...second.items].map((item) => item.id).sort()).toEqual(found.sort());
		expect(await page('q=流胶&page=9', 2)).toMatchObject({ items: [], total: 3, hasNext: false, capped: false });
		expect(await page('q=火龙果')).toMatchObject({ items: [], total: 0, capped: false });
	});

	it(`stops counting a list without words past ${countedQuestions} questions and says there are more`, async () => {
		const crowd = await makeVillage();
		const rows = Array.from({ length: countedQuestions + 1 }, (_, n) => ({ askerId: villager.id, villageId: crowd.id, cropId: cherry, topic: 'husbandry' as const, title: `问题${n}` }));
		await transaction(async (tx) => {
			for (let start = 0; start < rows.length; start += 500) await tx.insert(qaQuestions).values(rows.slice(start, start + 500));
		});

		expect(await page('')).toMatchObject({ total: countedQuestions, totalAtLeast: true, hasNext: true });
		expect(await page(`village=${crowd.slug}&page=3`)).toMatchObject({ total: countedQuestions, totalAtLeast: true, hasNext: true });
		// A narrower list is counted exactly.
		expect(await page(`village=${village.slug}`)).toMatchObject({ total: 3, totalAtLeast: false, hasNext: false });
		expect(await page(`village=${village.slug}&topic=disease`, 1)).toMatchObject({ total: 2, totalAtLeast: false, hasNext: true });
	});
});
