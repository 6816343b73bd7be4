// One question as its page shows it: the question with its photos, the asker's village and
// masked name, and its visible answers with their photos, badges and the reader's own marks.
// A bounded number of queries whatever the number of answers.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { db, experts, photos, qaAnswerPhotos, qaAnswers, qaCrops, qaMeToos, qaQuestionPhotos, qaQuestions, qaVotes, users, villages } from '$lib/server/platform/db';
import { toPhotoView, type PhotoView } from '$lib/photos';
import { maskName } from '$lib/format';
import type { ExpertMark, QaAnswerView, QaQuestionView } from '$lib/qa/views';

/** What the reader has done on the page already. */
export type QaReaderMarks = { asker: boolean; meToo: boolean };

/** Verified experts (not revoked) among these accounts. */
export async function expertMarks(userIds: number[]): Promise<Map<number, ExpertMark>> {
	if (userIds.length === 0) return new Map();
	const rows = await db
		.select({ userId: experts.userId, realName: experts.realName, unit: experts.unit })
		.from(experts)
		.where(and(inArray(experts.userId, [...new Set(userIds)]), isNull(experts.revokedAt)));
	return new Map(rows.map((row) => [row.userId, row]));
}

async function photosOf<K extends number>(rows: { ref: K; photo: typeof photos.$inferSelect }[]): Promise<Map<K, PhotoView[]>> {
	const out = new Map<K, PhotoView[]>();
	for (const row of rows) out.set(row.ref, [...(out.get(row.ref) ?? []), toPhotoView(row.photo)]);
	return out;
}

/**
 * The question and its answers for `readerId` (null for a visitor), or null when there is no
 * such question. Hidden questions come back marked `hidden`: the route decides who may see them.
 */
export async function findQuestionPage(questionId: number, readerId: number | null): Promise<{ question: QaQuestionView; askerId: number; acceptedAnswerId: number | null; reader: QaReaderMarks } | null> {
	const [row] = await db
		.select({ question: qaQuestions, crop: qaCrops, villageName: villages.name, villageSlug: villages.slug, askerName: users.displayName })
		.from(qaQuestions)
		.innerJoin(qaCrops, eq(qaCrops.id, qaQuestions.cropId))
		.innerJoin(users, eq(users.id, qaQuestions.askerId))
		.leftJoin(villages, eq(villages.id, qaQuestions.villageId))
		.where(eq(qaQuestions.id, questionId))
		.limit(1);
	if (!row) return null;
	const { question, crop } = row;
	const answers = await db
		.select({ answer: qaAnswers, authorName: users.displayName })
		.from(qaAnswers)
		.innerJoin(users, eq(users.id, qaAnswers.authorId))
		.where(and(eq(qaAnswers.questionId, questionId), isNull(qaAnswers.hiddenAt)))
		.orderBy(asc(qaAnswers.id));
	const answerIds = answers.map((a) => a.answer.id);
	const [questionPhotos, answerPhotos, marks, voted, meToo] = await Promise.all([
		db
			.select({ ref: qaQuestionPhotos.questionId, photo: photos })
			.from(qaQuestionPhotos)
			.innerJoin(photos, eq(photos.id, qaQuestionPhotos.photoId))
			.where(eq(qaQuestionPhotos.questionId, questionId))
			.orderBy(asc(qaQuestionPhotos.position))
			.then(photosOf),
		answerIds.length === 0
			? new Map<number, PhotoView[]>()
			: db
					.select({ ref: qaAnswerPhotos.answerId, photo: photos })
					.from(qaAnswerPhotos)
					.innerJoin(photos, eq(photos.id, qaAnswerPhotos.photoId))
					.where(inArray(qaAnswerPhotos.answerId, answerIds))
					.orderBy(asc(qaAnswerPhotos.answerId), asc(qaAnswerPhotos.position))
					.then(photosOf),
		expertMarks(answers.map((a) => a.answer.authorId)),
		readerId === null || answerIds.length === 0
			? []
			: db
					.select({ answerId: qaVotes.answerId })
					.from(qaVotes)
					.where(and(eq(qaVotes.userId, readerId), inArray(qaVotes.answerId, answerIds))),
		readerId === null
			? []
			: db
					.select({ userId: qaMeToos.userId })
					.from(qaMeToos)
					.where(and(eq(qaMeToos.questionId, questionId), eq(qaMeToos.userId, readerId)))
					.limit(1)
	]);
	const votedIds = new Set(voted.map((v) => v.answerId));
	const views: QaAnswerView[] = answers.map(({ answer, authorName }) => {
		const expert = marks.get(answer.authorId) ?? null;
		return {
			id: answer.id,
			body: answer.body,
			authorName: expert ? expert.realName : maskName(authorName),
			expert,
			votes: answer.votes,
			createdAt: answer.createdAt,
			editedAt: answer.editedAt,
			photos: answerPhotos.get(answer.id) ?? [],
			accepted: answer.id === question.acceptedAnswerId,
			mine: answer.authorId === readerId,
			voted: votedIds.has(answer.id)
		};
	});
	// The accepted answer first, then the experts', then the most voted, the oldest first among equals.
	const standing = (a: QaAnswerView) => [a.accepted ? 0 : 1, a.expert ? 0 : 1, -a.votes, a.id];
	views.sort((a, b) => {
		const [x, y] = [standing(a), standing(b)];
		return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3];
	});
	return {
		question: {
			id: question.id,
			title: question.title,
			body: question.body,
			topic: question.topic,
			crop: { id: crop.id, name: crop.name, nameEn: crop.nameEn },
			villageName: row.villageName,
			villageSlug: row.villageSlug,
			askerName: maskName(row.askerName),
			createdAt: question.createdAt,
			editedAt: question.editedAt,
			hidden: question.hiddenAt !== null,
			answerCount: question.answerCount,
			meTooCount: question.meTooCount,
			photos: questionPhotos.get(question.id) ?? [],
			answers: views,
			needsHelp: question.cadresAlertedAt !== null && question.answerCount === 0
		},
		askerId: question.askerId,
		acceptedAnswerId: question.acceptedAnswerId,
		reader: { asker: readerId === question.askerId, meToo: meToo.length > 0 }
	};
}
