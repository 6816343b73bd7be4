// What search finds a question by: its title (weighted most), its crop, and its description
// with every visible answer, so what one village learned the next finds in its own words.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { qaAnswers, qaCrops, qaQuestions, type Tx } from '$lib/server/platform/db';
import { indexForSearch, removeFromSearch } from '$lib/server/platform/search';

export const qaSearchKind = 'qa';

/** Writes the question's search entry again, in the transaction that changed it; a hidden question is not found. */
export async function reindexQuestion(tx: Tx, questionId: number): Promise<void> {
	const [question] = await tx
		.select({ title: qaQuestions.title, body: qaQuestions.body, hiddenAt: qaQuestions.hiddenAt, crop: qaCrops.name })
		.from(qaQuestions)
		.innerJoin(qaCrops, eq(qaCrops.id, qaQuestions.cropId))
		.where(eq(qaQuestions.id, questionId));
	if (!question || question.hiddenAt) {
		await removeFromSearch(tx, qaSearchKind, questionId);
		return;
	}
	const answers = await tx
		.select({ body: qaAnswers.body })
		.from(qaAnswers)
		.where(and(eq(qaAnswers.questionId, questionId), isNull(qaAnswers.hiddenAt)))
		.orderBy(asc(qaAnswers.id));
	await indexForSearch(tx, qaSearchKind, questionId, { title: question.title, extra: question.crop, body: [question.body, ...answers.map((a) => a.body)].join('\n') });
}
