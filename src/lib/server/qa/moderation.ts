// Keeping Q&A honest: askers and answerers edit what they wrote (what it said before is kept, for
// anyone to read); any signed-in account reports a question or an answer once; the county admin
// and the cadres of the question's village hide and restore, and dismiss reports. Hiding takes
// the text out of search and out of the answer count; every step is in the village's audit log.
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, photos, qaAnswerPhotos, qaAnswers, qaEdits, qaQuestions, qaReports, transaction, users, villages, type QaAnswer, type QaQuestion, type Tx } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import { listUserVillages, rolesIn } from '$lib/server/villages';
import { toPhotoView, type PhotoView } from '$lib/photos';
import { maskName } from '$lib/format';
import type { AnswerInput, QuestionEditInput } from '$lib/qa/forms';
import type { QaEditView, QaHiddenAnswerView, QaModerationView, QaReportedItem } from '$lib/qa/moderation-views';
import type { QaTarget } from '$lib/qa/vocabulary';
import { recordAudit } from './audit-actions';
import { expertMarks } from './question-page';
import { questionRow } from './questions';
import { reindexQuestion } from './search-text';

async function isAdmin(handle: Tx, userId: number): Promise<boolean> {
	const [row] = await handle.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, userId)).limit(1);
	return row?.isAdmin ?? false;
}

/** The county admin, or a cadre of the question's village; a question asked from no village is the admin's alone. */
export async function mayModerate(userId: number, question: Pick<QaQuestion, 'villageId'>, handle: Tx = db): Promise<boolean> {
	if (await isAdmin(handle, userId)) return true;
	return question.villageId !== null && (await rolesIn(userId, question.villageId, handle)).has('cadre');
}

async function requireModerator(tx: Tx, userId: number, question: QaQuestion): Promise<void> {
	if (!(await mayModerate(userId, question, tx))) throw new UserError(m.qa_error_moderate_forbidden(), 403);
}

/** The answer, hidden or not, or the refusal for a form that named one that is not there. */
async function anyAnswer(handle: Tx, answerId: number): Promise<QaAnswer> {
	const [answer] = await handle.select().from(qaAnswers).where(eq(qaAnswers.id, answerId)).limit(1);
	if (!answer) throw new UserError(m.qa_error_answer_not_found(), 404);
	return answer;
}

/** What a report or a dismissal is about: the question it concerns, who wrote it, and whether anyone may still see it. */
type Content = { question: QaQuestion; answer: QaAnswer | null; authorId: number; hidden: boolean };

async function contentOf(handle: Tx, target: QaTarget, refId: number): Promise<Content> {
	if (target === 'question') {
		const question = await questionRow(handle, refId);
		return { question, answer: null, authorId: question.askerId, hidden: question.hiddenAt !== null };
	}
	const answer = await anyAnswer(handle, refId);
	const question = await questionRow(handle, answer.questionId);
	// An answer under a hidden question is out of sight too.
	return { question, answer, authorId: answer.authorId, hidden: answer.hiddenAt !== null || question.hiddenAt !== null };
}

/** The question as its asker sees it in the edit form; refused for anyone else, and once it is hidden. */
export async function findQuestionToEdit(actorId: number, questionId: number): Promise<Pick<QaQuestion, 'id' | 'title' | 'body'>> {
	const question = await questionRow(db, questionId);
	if (question.askerId !== actorId) throw new UserError(m.qa_error_edit_question_not_yours(), 403);
	if (question.hiddenAt) throw new UserError(m.qa_error_edit_hidden(), 409);
	return { id: question.id, title: question.title, body: question.body };
}

/** The answer as its author sees it in the edit form, with the question it answers. */
export async function findAnswerToEdit(actorId: number, answerId: number): Promise<{ id: number; questionId: number; questionTitle: string; body: string }> {
	const answer = await anyAnswer(db, answerId);
	if (answer.authorId !== actorId) throw new UserError(m.qa_error_edit_answer_not_yours(), 403);
	const question = await questionRow(db, answer.questionId);
	if (answer.hiddenAt || question.hiddenAt) throw new UserError(m.qa_error_edit_hidden(), 409);
	return { id: answer.id, questionId: question.id, questionTitle: question.title, body: answer.body };
}

/**
 * The asker rewrites the title and description; what they said before goes into the history and
 * search finds the new words only. Posting the same text again changes nothing and keeps no history.
 */
export async function editQuestion(actorId: number, questionId: number, input: QuestionEditInput, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const question = await questionRow(tx, questionId);
		if (question.askerId !== actorId) throw new UserError(m.qa_error_edit_question_not_yours(), 403);
		if (question.hiddenAt) throw new UserError(m.qa_error_edit_hidden(), 409);
		if (question.title === input.title && question.body === input.body) return;
		// Guarded by the text just read: of two edits at once, the second would otherwise file the first's words as never said.
		const changed = await tx
			.update(qaQuestions)
			.set({ title: input.title, body: input.body, editedAt: now })
			.where(and(eq(qaQuestions.id, questionId), eq(qaQuestions.title, question.title), eq(qaQuestions.body, question.body), isNull(qaQuestions.hiddenAt)))
			.returning({ id: qaQuestions.id });
		if (changed.length === 0) throw new UserError(m.qa_error_edit_conflict(), 409);
		await tx.insert(qaEdits).values({ target: 'question', refId: questionId, editorId: actorId, title: question.title, body: question.body, createdAt: now });
		await reindexQuestion(tx, questionId);
		await recordAudit(tx, { actorId, villageId: question.villageId, action: 'qa.question_edited', subjectUserId: question.askerId, detail: { questionId, title: input.title } }, now);
	});
}

/** Its author rewrites an answer, the old text kept in the history; returns the question it answers. */
export async function editAnswer(actorId: number, answerId: number, input: AnswerInput, now = new Date()): Promise<number> {
	return transaction(async (tx) => {
		const answer = await anyAnswer(tx, answerId);
		if (answer.authorId !== actorId) throw new UserError(m.qa_error_edit_answer_not_yours(), 403);
		const question = await questionRow(tx, answer.questionId);
		if (answer.hiddenAt || question.hiddenAt) throw new UserError(m.qa_error_edit_hidden(), 409);
		if (answer.body === input.body) return question.id;
		const changed = await tx
			.update(qaAnswers)
			.set({ body: input.body, editedAt: now })
			.where(and(eq(qaAnswers.id, answerId), eq(qaAnswers.body, answer.body), isNull(qaAnswers.hiddenAt)))
			.returning({ id: qaAnswers.id });
		if (changed.length === 0) throw new UserError(m.qa_error_edit_conflict(), 409);
		await tx.insert(qaEdits).values({ target: 'answer', refId: answerId, editorId: actorId, title: null, body: answer.body, createdAt: now });
		await reindexQuestion(tx, question.id);
		await recordAudit(tx, { actorId, villageId: question.villageId, action: 'qa.answer_edited', subjectUserId: answer.authorId, detail: { questionId: question.id, answerId, title: question.title } }, now);
		return question.id;
	});
}

/**
 * Every edit of the question and of its answers, newest first, each with the text before and
 * after. Edits of answers hidden since are left out unless `hiddenToo` (a moderator reads them).
 */
export async function listEdits(questionId: number, { hiddenToo = false }: { hiddenToo?: boolean } = {}): Promise<QaEditView[]> {
	const [question] = await db.select({ title: qaQuestions.title, body: qaQuestions.body }).from(qaQuestions).where(eq(qaQuestions.id, questionId)).limit(1);
	if (!question) return [];
	const answers = await db
		.select({ id: qaAnswers.id, body: qaAnswers.body, hiddenAt: qaAnswers.hiddenAt })
		.from(qaAnswers)
		.where(eq(qaAnswers.questionId, questionId));
	const answerIds = answers.map((answer) => answer.id);
	const rows = await db
		.select({ edit: qaEdits, editorName: users.displayName })
		.from(qaEdits)
		.leftJoin(users, eq(users.id, qaEdits.editorId))
		.where(
			or(
				and(eq(qaEdits.target, 'question'), eq(qaEdits.refId, questionId)),
				answerIds.length === 0 ? undefined : and(eq(qaEdits.target, 'answer'), inArray(qaEdits.refId, answerIds))
			)
		)
		.orderBy(desc(qaEdits.id));
	const marks = await expertMarks(rows.flatMap((row) => (row.edit.editorId === null ? [] : [row.edit.editorId])));
	// Walking from the newest edit back, the text after each edit is the next newer one's "before", or what it says now.
	const current = new Map<string, { title: string | null; body: string }>([['question', question], ...answers.map((a) => [`answer-${a.id}`, { title: null, body: a.body }] as const)]);
	const hiddenAnswers = new Set(answers.filter((answer) => answer.hiddenAt !== null).map((answer) => answer.id));
	const edits: QaEditView[] = [];
	for (const { edit, editorName } of rows) {
		const key = edit.target === 'question' ? 'question' : `answer-${edit.refId}`;
		const before = { title: edit.title, body: edit.body };
		const after = current.get(key)!;
		current.set(key, before);
		const hidden = edit.target === 'answer' && hiddenAnswers.has(edit.refId);
		if (hidden && !hiddenToo) continue;
		const expert = edit.editorId === null ? undefined : marks.get(edit.editorId);
		edits.push({ id: edit.id, target: edit.target, refId: edit.refId, editorName: expert?.realName ?? (editorName === null ? m.audit_someone() : maskName(editorName)), at: edit.createdAt, before, after, hidden });
	}
	return edits;
}

/** The question for a page about it when the reader may see it (hidden: its asker and its moderators only), or null. */
export async function findReadableQuestion(readerId: number | null, questionId: number): Promise<{ id: number; title: string; moderator: boolean } | null> {
	const [question] = await db.select().from(qaQuestions).where(eq(qaQuestions.id, questionId)).limit(1);
	if (!question) return null;
	const moderator = readerId !== null && (await mayModerate(readerId, question));
	if (question.hiddenAt && !moderator && question.askerId !== readerId) return null;
	return { id: question.id, title: question.title, moderator };
}

/**
 * Reports a question or an answer to its moderators: once per account and target, never one's own,
 * never what is hidden already. `reason` as parseReportForm read it.
 */
export async function reportContent(reporterId: number, target: QaTarget, refId: number, reason: string, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const content = await contentOf(tx, target, refId);
		if (content.hidden) throw new UserError(m.qa_error_report_hidden(), 409);
		if (content.authorId === reporterId) throw new UserError(m.qa_error_report_own(), 409);
		const added = await tx.insert(qaReports).values({ target, refId, reporterId, reason, createdAt: now }).onConflictDoNothing().returning({ id: qaReports.id });
		if (added.length === 0) throw new UserError(m.qa_error_report_twice(), 409);
	});
}

/** Closes every open report of one question or answer: it was hidden, or a moderator kept it. */
async function resolveReports(tx: Tx, target: QaTarget, refId: number, now: Date): Promise<void> {
	await tx
		.update(qaReports)
		.set({ resolvedAt: now })
		.where(and(eq(qaReports.target, target), eq(qaReports.refId, refId), isNull(qaReports.resolvedAt)));
}

/** Hides a question from everyone but its asker and its moderators, and from search; its open reports are closed. */
export async function hideQuestion(actorId: number, questionId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const question = await questionRow(tx, questionId);
		await requireModerator(tx, actorId, question);
		const hidden = await tx
			.update(qaQuestions)
			.set({ hiddenAt: now, hiddenBy: actorId })
			.where(and(eq(qaQuestions.id, questionId), isNull(qaQuestions.hiddenAt)))
			.returning({ id: qaQuestions.id });
		if (hidden.length === 0) throw new UserError(m.qa_error_hidden_already(), 409);
		await reindexQuestion(tx, questionId);
		await resolveReports(tx, 'question', questionId, now);
		await recordAudit(tx, { actorId, villageId: question.villageId, action: 'qa.question_hidden', subjectUserId: question.askerId, detail: { questionId, title: question.title } }, now);
	});
}

export async function unhideQuestion(actorId: number, questionId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const question = await questionRow(tx, questionId);
		await requireModerator(tx, actorId, question);
		const shown = await tx
			.update(qaQuestions)
			.set({ hiddenAt: null, hiddenBy: null })
			.where(and(eq(qaQuestions.id, questionId), isNotNull(qaQuestions.hiddenAt)))
			.returning({ id: qaQuestions.id });
		if (shown.length === 0) throw new UserError(m.qa_error_not_hidden(), 409);
		await reindexQuestion(tx, questionId);
		await recordAudit(tx, { actorId, villageId: question.villageId, action: 'qa.question_unhidden', subjectUserId: question.askerId, detail: { questionId, title: question.title } }, now);
	});
}

/**
 * Hides an answer: it leaves the count and search, and if the asker had accepted it the question
 * has no accepted answer any more (restoring it does not accept it again: that is the asker's to do).
 */
export async function hideAnswer(actorId: number, answerId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const answer = await anyAnswer(tx, answerId);
		const question = await questionRow(tx, answer.questionId);
		await requireModerator(tx, actorId, question);
		const hidden = await tx
			.update(qaAnswers)
			.set({ hiddenAt: now, hiddenBy: actorId })
			.where(and(eq(qaAnswers.id, answerId), isNull(qaAnswers.hiddenAt)))
			.returning({ id: qaAnswers.id });
		if (hidden.length === 0) throw new UserError(m.qa_error_hidden_already(), 409);
		await tx
			.update(qaQuestions)
			.set({
				answerCount: sql`${qaQuestions.answerCount} - 1`,
				acceptedAnswerId: sql`case when ${qaQuestions.acceptedAnswerId} = ${answerId} then null else ${qaQuestions.acceptedAnswerId} end`
			})
			.where(eq(qaQuestions.id, question.id));
		await reindexQuestion(tx, question.id);
		await resolveReports(tx, 'answer', answerId, now);
		await recordAudit(tx, { actorId, villageId: question.villageId, action: 'qa.answer_hidden', subjectUserId: answer.authorId, detail: { questionId: question.id, answerId, title: question.title } }, now);
	});
}

export async function unhideAnswer(actorId: number, answerId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const answer = await anyAnswer(tx, answerId);
		const question = await questionRow(tx, answer.questionId);
		await requireModerator(tx, actorId, question);
		const shown = await tx
			.update(qaAnswers)
			.set({ hiddenAt: null, hiddenBy: null })
			.where(and(eq(qaAnswers.id, answerId), isNotNull(qaAnswers.hiddenAt)))
			.returning({ id: qaAnswers.id });
		if (shown.length === 0) throw new UserError(m.qa_error_not_hidden(), 409);
		await tx
			.update(qaQuestions)
			.set({ answerCount: sql`${qaQuestions.answerCount} + 1` })
			.where(eq(qaQuestions.id, question.id));
		await reindexQuestion(tx, question.id);
		await recordAudit(tx, { actorId, villageId: question.villageId, action: 'qa.answer_unhidden', subjectUserId: answer.authorId, detail: { questionId: question.id, answerId, title: question.title } }, now);
	});
}

/** Hides or shows again the question or answer a moderation form names. */
export function setHidden(actorId: number, { target, refId }: { target: QaTarget; refId: number }, hidden: boolean, now = new Date()): Promise<void> {
	if (target === 'question') return (hidden ? hideQuestion : unhideQuestion)(actorId, refId, now);
	return (hidden ? hideAnswer : unhideAnswer)(actorId, refId, now);
}

/** A moderator keeps what was reported: the report and every other open one of the same question or answer are closed. */
export async function dismissReport(actorId: number, reportId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const [report] = await tx
			.select()
			.from(qaReports)
			.where(and(eq(qaReports.id, reportId), isNull(qaReports.resolvedAt)))
			.limit(1);
		if (!report) throw new UserError(m.qa_error_report_not_found(), 404);
		const { question, authorId } = await contentOf(tx, report.target, report.refId);
		await requireModerator(tx, actorId, question);
		await resolveReports(tx, report.target, report.refId, now);
		await recordAudit(
			tx,
			{ actorId, villageId: question.villageId, action: 'qa.report_dismissed', subjectUserId: authorId, detail: { questionId: question.id, target: report.target, refId: report.refId, title: question.title } },
			now
		);
	});
}

/** Open reports read at once, most recent first: far more than a county sees between two visits. */
const reportsShown = 200;

/**
 * The questions and answers with open reports that `userId` moderates (every one for the county
 * admin, their villages' for a cadre), the most recently reported first; refused for anyone else.
 */
export async function listOpenReports(userId: number): Promise<QaReportedItem[]> {
	const admin = await isAdmin(db, userId);
	const cadreOf = admin ? [] : (await listUserVillages(userId)).filter((home) => home.roles.includes('cadre')).map((home) => home.village.id);
	if (!admin && cadreOf.length === 0) throw new UserError(m.qa_error_reports_forbidden(), 403);
	const inScope = admin ? undefined : inArray(qaQuestions.villageId, cadreOf);
	const report = { id: qaReports.id, reason: qaReports.reason, createdAt: qaReports.createdAt, refId: qaReports.refId };
	const question = { id: qaQuestions.id, title: qaQuestions.title, body: qaQuestions.body, villageName: villages.name };
	const [onQuestions, onAnswers] = await Promise.all([
		db
			.select({ report, question, authorName: users.displayName })
			.from(qaReports)
			.innerJoin(qaQuestions, eq(qaQuestions.id, qaReports.refId))
			.innerJoin(users, eq(users.id, qaQuestions.askerId))
			.leftJoin(villages, eq(villages.id, qaQuestions.villageId))
			.where(and(eq(qaReports.target, 'question'), isNull(qaReports.resolvedAt), inScope))
			.orderBy(desc(qaReports.id))
			.limit(reportsShown),
		db
			.select({ report, question, authorName: users.displayName, answerBody: qaAnswers.body })
			.from(qaReports)
			.innerJoin(qaAnswers, eq(qaAnswers.id, qaReports.refId))
			.innerJoin(qaQuestions, eq(qaQuestions.id, qaAnswers.questionId))
			.innerJoin(users, eq(users.id, qaAnswers.authorId))
			.leftJoin(villages, eq(villages.id, qaQuestions.villageId))
			.where(and(eq(qaReports.target, 'answer'), isNull(qaReports.resolvedAt), inScope))
			.orderBy(desc(qaReports.id))
			.limit(reportsShown)
	]);
	const rows = [
		...onQuestions.map((row) => ({ ...row, target: 'question' as const, text: [row.question.title, row.question.body].filter(Boolean).join('\n') })),
		...onAnswers.map((row) => ({ ...row, target: 'answer' as const, text: row.answerBody }))
	].sort((a, b) => b.report.id - a.report.id);
	const items = new Map<string, QaReportedItem>();
	for (const row of rows) {
		const key = `${row.target}-${row.report.refId}`;
		const item = items.get(key) ?? {
			target: row.target,
			refId: row.report.refId,
			questionId: row.question.id,
			questionTitle: row.question.title,
			text: row.text,
			authorName: row.authorName,
			villageName: row.question.villageName,
			reports: []
		};
		item.reports.push({ id: row.report.id, reason: row.report.reason, createdAt: row.report.createdAt });
		items.set(key, item);
	}
	return [...items.values()];
}

const noModeration: QaModerationView = { moderator: false, reportedQuestion: false, reportedAnswerIds: [], openReports: 0, hiddenAnswers: [] };

/**
 * What the question page shows `readerId` about moderation: whether they moderate it, what they
 * reported, the open reports (moderators), and hidden answers (moderators all, an author their own).
 */
export async function findModeration(readerId: number | null, questionId: number): Promise<QaModerationView> {
	if (readerId === null) return noModeration;
	const [question] = await db.select({ villageId: qaQuestions.villageId }).from(qaQuestions).where(eq(qaQuestions.id, questionId)).limit(1);
	if (!question) return noModeration;
	const moderator = await mayModerate(readerId, question);
	const answersOfQuestion = db.select({ id: qaAnswers.id }).from(qaAnswers).where(eq(qaAnswers.questionId, questionId));
	const aboutThisQuestion = or(and(eq(qaReports.target, 'question'), eq(qaReports.refId, questionId)), and(eq(qaReports.target, 'answer'), inArray(qaReports.refId, answersOfQuestion)));
	const [reported, open, hidden] = await Promise.all([
		db
			.select({ target: qaReports.target, refId: qaReports.refId })
			.from(qaReports)
			.where(and(eq(qaReports.reporterId, readerId), aboutThisQuestion)),
		moderator ? db.select({ n: count() }).from(qaReports).where(and(isNull(qaReports.resolvedAt), aboutThisQuestion)) : [],
		db
			.select({ answer: qaAnswers, authorName: users.displayName })
			.from(qaAnswers)
			.innerJoin(users, eq(users.id, qaAnswers.authorId))
			.where(and(eq(qaAnswers.questionId, questionId), isNotNull(qaAnswers.hiddenAt), moderator ? undefined : eq(qaAnswers.authorId, readerId)))
			.orderBy(asc(qaAnswers.id))
	]);
	const hiddenIds = hidden.map((row) => row.answer.id);
	const [photoRows, marks] = await Promise.all([
		hiddenIds.length === 0
			? []
			: db
					.select({ answerId: qaAnswerPhotos.answerId, photo: photos })
					.from(qaAnswerPhotos)
					.innerJoin(photos, eq(photos.id, qaAnswerPhotos.photoId))
					.where(inArray(qaAnswerPhotos.answerId, hiddenIds))
					.orderBy(asc(qaAnswerPhotos.answerId), asc(qaAnswerPhotos.position)),
		expertMarks(hidden.map((row) => row.answer.authorId))
	]);
	const photosOf = new Map<number, PhotoView[]>();
	for (const row of photoRows) photosOf.set(row.answerId, [...(photosOf.get(row.answerId) ?? []), toPhotoView(row.photo)]);
	const hiddenAnswers: QaHiddenAnswerView[] = hidden.map(({ answer, authorName }) => ({
		id: answer.id,
		body: answer.body,
		authorName: marks.get(answer.authorId)?.realName ?? maskName(authorName),
		createdAt: answer.createdAt,
		hiddenAt: answer.hiddenAt!,
		edited: answer.editedAt !== null,
		photos: photosOf.get(answer.id) ?? [],
		mine: answer.authorId === readerId
	}));
	return {
		moderator,
		reportedQuestion: reported.some((row) => row.target === 'question'),
		reportedAnswerIds: reported.filter((row) => row.target === 'answer').map((row) => row.refId),
		openReports: open[0]?.n ?? 0,
		hiddenAnswers
	};
}
