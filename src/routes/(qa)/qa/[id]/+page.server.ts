import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, idParam, parseId, readForm, readFormWithFiles } from '$lib/server/platform/forms';
import { findHeldPhotos } from '$lib/server/platform/held-photos';
import { keepPhotosOfRefusal } from '$lib/server/web/held-photos';
import { requireUser } from '$lib/server/web/guards';
import { acceptAnswer, addMeToo, answerQuestion, findModeration, findQuestionPage, qaSettings, reportContent, setHidden, voteForAnswer } from '$lib/server/qa';
import { parseAnswerForm, parseReportForm, parseTargetForm, type TargetInput } from '$lib/qa/forms';
import { maxAnswerPhotos } from '$lib/qa/vocabulary';
import { parsePhotoChoices } from '$lib/photo-choices';

const questionIdOf = (params: { id: string }) => idParam(params.id, m.qa_error_question_not_found());

/** The answer a small form names; a form without a valid one names nothing there is. */
function answerIdOf(fields: Record<string, string>): number {
	return parseId(fields.answerId) ?? 0;
}

/** Where a moderation form's result shows: beside the question, or in the answer's card. */
const sectionOf = (fields: Record<string, string>): string => (fields.target === 'answer' ? `answer-${parseId(fields.refId) ?? 0}` : 'question');

/** The question a form beside it names is this page's, whatever was posted. */
const onThisPage = <T extends TargetInput>(input: T, questionId: number): T => (input.target === 'question' ? { ...input, refId: questionId } : input);

/** Hides, or shows again, the question or one of its answers (the admin and the village's cadres). */
async function moderate(event: RequestEvent, hidden: boolean) {
	const user = requireUser(event);
	const questionId = questionIdOf(event.params);
	const fields = await readForm(event.request);
	const section = sectionOf(fields);
	return attempt({ section }, async () => {
		await setHidden(user.id, onThisPage(parseTargetForm(fields), questionId), hidden);
		return { section, saved: hidden ? m.qa_hidden_saved() : m.qa_unhidden_saved() };
	});
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const user = locals.user;
	const questionId = questionIdOf(params);
	const [found, moderation] = await Promise.all([findQuestionPage(questionId, user?.id ?? null), findModeration(user?.id ?? null, questionId)]);
	// A hidden question is gone for everyone but its asker and its moderators (the county admin, the village's cadres).
	if (!found || (found.question.hidden && !(user && (user.id === found.askerId || moderation.moderator)))) error(404, m.qa_error_question_not_found());
	return {
		question: found.question,
		reader: found.reader,
		moderation,
		signedIn: user !== null,
		// Two days without an answer: the asker is given the county's farming hotline.
		hotline: found.reader.asker && found.question.needsHelp ? qaSettings.hotline : null,
		asked: url.searchParams.has('asked')
	};
};

export const actions = {
	answer: async (event) => {
		const user = requireUser(event);
		const questionId = questionIdOf(event.params);
		const { fields, files } = await readFormWithFiles(event.request);
		const { held } = parsePhotoChoices(fields);
		const photos = files.photos ?? [];
		const result = await attempt({ section: 'answer', body: fields.body ?? '' }, async () => {
			const answerId = await answerQuestion(user.id, questionId, parseAnswerForm(fields), photos, new Date(), await findHeldPhotos(user.id, held));
			redirect(303, `/qa/${questionId}#answer-${answerId}`);
		});
		return keepPhotosOfRefusal(result, user.id, held, photos, maxAnswerPhotos);
	},
	accept: async (event) => {
		const user = requireUser(event);
		const questionId = questionIdOf(event.params);
		const answerId = answerIdOf(await readForm(event.request));
		return attempt({ section: `answer-${answerId}` }, async () => {
			await acceptAnswer(user.id, questionId, answerId);
			return { section: `answer-${answerId}`, saved: m.qa_accepted_saved() };
		});
	},
	vote: async (event) => {
		const user = requireUser(event);
		const answerId = answerIdOf(await readForm(event.request));
		return attempt({ section: `answer-${answerId}` }, async () => {
			await voteForAnswer(user.id, answerId);
			return { section: `answer-${answerId}`, saved: m.qa_voted_saved() };
		});
	},
	report: async (event) => {
		const user = requireUser(event);
		const questionId = questionIdOf(event.params);
		const fields = await readForm(event.request);
		const section = sectionOf(fields);
		return attempt({ section, reason: fields.reason ?? '' }, async () => {
			const { target, refId, reason } = onThisPage(parseReportForm(fields), questionId);
			await reportContent(user.id, target, refId, reason);
			return { section, saved: m.qa_reported_saved() };
		});
	},
	hide: (event) => moderate(event, true),
	unhide: (event) => moderate(event, false),
	metoo: async (event) => {
		const user = requireUser(event);
		const questionId = questionIdOf(event.params);
		await readForm(event.request);
		return attempt({ section: 'metoo' }, async () => {
			await addMeToo(user.id, questionId);
			return { section: 'metoo', saved: m.qa_me_too_saved() };
		});
	}
} satisfies Actions;
