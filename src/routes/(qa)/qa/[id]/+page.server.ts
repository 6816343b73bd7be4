import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, parseId, readForm, readFormWithFiles } from '$lib/server/platform/forms';
import { findHeldPhotos } from '$lib/server/platform/held-photos';
import { keepPhotosOfRefusal } from '$lib/server/web/held-photos';
import { requireUser } from '$lib/server/web/guards';
import { acceptAnswer, addMeToo, answerQuestion, findQuestionPage, voteForAnswer } from '$lib/server/qa';
import { parseAnswerForm } from '$lib/qa/forms';
import { maxAnswerPhotos } from '$lib/qa/vocabulary';
import { parsePhotoChoices } from '$lib/photo-choices';

function questionIdOf(params: { id: string }): number {
	const id = parseId(params.id);
	if (id === null) error(404, m.qa_error_question_not_found());
	return id;
}

/** The answer a small form names; a form without a valid one names nothing there is. */
function answerIdOf(fields: Record<string, string>): number {
	return parseId(fields.answerId) ?? 0;
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const user = locals.user;
	const found = await findQuestionPage(questionIdOf(params), user?.id ?? null);
	// A hidden question is gone for everyone but its asker and the county admin.
	if (!found || (found.question.hidden && !(user && (user.isAdmin || user.id === found.askerId)))) error(404, m.qa_error_question_not_found());
	return {
		question: found.question,
		reader: found.reader,
		signedIn: user !== null,
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
