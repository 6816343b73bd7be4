// Questions: asked by any signed-in account with up to six photos, tagged by crop and topic,
// shown with the asker's village; "我也遇到了" from others counts them in and has them follow it.
import { eq, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, qaMeToos, qaQuestionPhotos, qaQuestions, transaction, type Photo, type QaQuestion, type Tx } from '$lib/server/platform/db';
import { distinctPhotos, storePhotos } from '$lib/server/platform/media';
import { limits, checkAllowance, spendAllowance } from '$lib/server/platform/throttle';
import { UserError } from '$lib/server/platform/user-error';
import { listUserVillages } from '$lib/server/villages';
import { maxQuestionPhotos } from '$lib/qa/vocabulary';
import type { QuestionInput } from '$lib/qa/forms';
import { cropOf } from './crops';
import { reindexQuestion } from './search-text';

/** The question, hidden or not, or the refusal for a form that named one that is not there. */
export async function questionRow(tx: Tx, questionId: number): Promise<QaQuestion> {
	const [question] = await tx.select().from(qaQuestions).where(eq(qaQuestions.id, questionId)).limit(1);
	if (!question) throw new UserError(m.qa_error_question_not_found(), 404);
	return question;
}

/**
 * Asks a question, with new photos (`files`) and any kept from a refused try (`held`, the
 * asker's own: findHeldPhotos). Everything a form can get wrong is checked before a photo is
 * stored, and the rows go in one transaction, so a refused question leaves nothing behind.
 */
export async function askQuestion(askerId: number, input: QuestionInput, files: File[], now = new Date(), held: Photo[] = []): Promise<number> {
	const chosen = files.length + held.length;
	if (chosen > maxQuestionPhotos) throw new UserError(m.qa_error_photos_many({ max: maxQuestionPhotos, count: chosen }));
	// Plain reads: a refusal needs no transaction, and on SQLite one would wait behind every write.
	await cropOf(db, input.cropId);
	await checkAllowance(db, limits.question, askerId, now);
	const [home] = await listUserVillages(askerId);
	const stored = await storePhotos(files, askerId);
	return transaction(async (tx) => {
		const crop = await cropOf(tx, input.cropId);
		await spendAllowance(tx, limits.question, askerId, now);
		const [question] = await tx
			.insert(qaQuestions)
			.values({ askerId, villageId: home?.village.id ?? null, cropId: crop.id, topic: input.topic, title: input.title, body: input.body, createdAt: now })
			.returning({ id: qaQuestions.id });
		const unique = distinctPhotos([...held, ...stored]);
		if (unique.length > 0) await tx.insert(qaQuestionPhotos).values(unique.map((photo, position) => ({ questionId: question.id, photoId: photo.id, position })));
		await reindexQuestion(tx, question.id);
		return question.id;
	});
}

/** "我也遇到了": once per account, never on one's own question. */
export async function addMeToo(userId: number, questionId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const question = await questionRow(tx, questionId);
		if (question.hiddenAt) throw new UserError(m.qa_error_question_hidden(), 409);
		if (question.askerId === userId) throw new UserError(m.qa_error_me_too_own(), 409);
		const added = await tx.insert(qaMeToos).values({ questionId, userId, createdAt: now }).onConflictDoNothing().returning({ userId: qaMeToos.userId });
		if (added.length === 0) throw new UserError(m.qa_error_me_too_twice(), 409);
		await tx
			.update(qaQuestions)
			.set({ meTooCount: sql`${qaQuestions.meTooCount} + 1` })
			.where(eq(qaQuestions.id, questionId));
	});
}
