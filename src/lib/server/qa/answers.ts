// Answers: from any signed-in account, with photos; the asker accepts one (and may change their
// mind); one vote up per account, never for one's own.
import { eq, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, qaAnswerPhotos, qaAnswers, qaMeToos, qaQuestions, qaVotes, transaction, type Photo, type QaAnswer, type QaQuestion, type Tx } from '$lib/server/platform/db';
import { distinctPhotos, storePhotos } from '$lib/server/platform/media';
import { limits, checkAllowance, spendAllowance } from '$lib/server/platform/throttle';
import { UserError } from '$lib/server/platform/user-error';
import { maxAnswerPhotos } from '$lib/qa/vocabulary';
import type { AnswerInput } from '$lib/qa/forms';
import { questionRow } from './questions';
import { reindexQuestion } from './search-text';
import { notify } from './notification-kinds';

/** A visible answer, or the refusal for a form that named one that is not there (or no longer shown). */
async function answerRow(tx: Tx, answerId: number): Promise<QaAnswer> {
	const [answer] = await tx.select().from(qaAnswers).where(eq(qaAnswers.id, answerId)).limit(1);
	if (!answer || answer.hiddenAt) throw new UserError(m.qa_error_answer_not_found(), 404);
	return answer;
}

/** Who is told of what happens to a question: its asker, everyone who pressed 我也遇到了 and `also`, less `except` (who did it). */
async function followersOf(tx: Tx, question: QaQuestion, { except, also = [] }: { except: number; also?: number[] }): Promise<number[]> {
	const meToos = await tx.select({ userId: qaMeToos.userId }).from(qaMeToos).where(eq(qaMeToos.questionId, question.id));
	return [...new Set([question.askerId, ...meToos.map((row) => row.userId), ...also])].filter((userId) => userId !== except);
}

async function openQuestion(tx: Tx, questionId: number): Promise<QaQuestion> {
	const question = await questionRow(tx, questionId);
	if (question.hiddenAt) throw new UserError(m.qa_error_question_hidden(), 409);
	return question;
}

/**
 * Answers a question that is not hidden, with new photos and any kept from a refused try
 * (`held`); checked before a photo is stored, written in one transaction.
 */
export async function answerQuestion(authorId: number, questionId: number, input: AnswerInput, files: File[], now = new Date(), held: Photo[] = []): Promise<number> {
	const chosen = files.length + held.length;
	if (chosen > maxAnswerPhotos) throw new UserError(m.qa_error_photos_many({ max: maxAnswerPhotos, count: chosen }));
	// Plain reads: a refusal needs no transaction, and on SQLite one would wait behind every write.
	await openQuestion(db, questionId);
	await checkAllowance(db, limits.answer, authorId, now);
	const stored = await storePhotos(files, authorId);
	return transaction(async (tx) => {
		const question = await openQuestion(tx, questionId);
		await spendAllowance(tx, limits.answer, authorId, now);
		const [answer] = await tx.insert(qaAnswers).values({ questionId, authorId, body: input.body, createdAt: now }).returning({ id: qaAnswers.id });
		const unique = distinctPhotos([...held, ...stored]);
		if (unique.length > 0) await tx.insert(qaAnswerPhotos).values(unique.map((photo, position) => ({ answerId: answer.id, photoId: photo.id, position })));
		await tx
			.update(qaQuestions)
			.set({ answerCount: sql`${qaQuestions.answerCount} + 1` })
			.where(eq(qaQuestions.id, questionId));
		await reindexQuestion(tx, questionId);
		for (const userId of await followersOf(tx, question, { except: authorId })) await notify(tx, userId, 'qa.answered', { title: question.title }, `/qa/${questionId}`, now);
		return answer.id;
	});
}

/** The asker accepts one answer of their question; accepting another moves the mark. */
export async function acceptAnswer(actorId: number, questionId: number, answerId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const question = await openQuestion(tx, questionId);
		if (question.askerId !== actorId) throw new UserError(m.qa_error_accept_not_yours(), 403);
		const answer = await answerRow(tx, answerId);
		if (answer.questionId !== questionId) throw new UserError(m.qa_error_answer_not_found(), 404);
		if (question.acceptedAnswerId === answerId) return;
		await tx.update(qaQuestions).set({ acceptedAnswerId: answerId }).where(eq(qaQuestions.id, questionId));
		for (const userId of await followersOf(tx, question, { except: actorId, also: [answer.authorId] })) {
			await notify(tx, userId, 'qa.accepted', { title: question.title }, `/qa/${questionId}`, now);
		}
	});
}

/** One vote up per account on an answer, not one's own. */
export async function voteForAnswer(userId: number, answerId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const answer = await answerRow(tx, answerId);
		if (answer.authorId === userId) throw new UserError(m.qa_error_vote_own(), 409);
		const added = await tx.insert(qaVotes).values({ answerId, userId, createdAt: now }).onConflictDoNothing().returning({ userId: qaVotes.userId });
		if (added.length === 0) throw new UserError(m.qa_error_vote_twice(), 409);
		await tx
			.update(qaAnswers)
			.set({ votes: sql`${qaAnswers.votes} + 1` })
			.where(eq(qaAnswers.id, answerId));
	});
}
