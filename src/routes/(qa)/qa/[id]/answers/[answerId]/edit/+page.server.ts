import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, idParam, orErrorPage, readForm } from '$lib/server/platform/forms';
import { requireUser } from '$lib/server/web/guards';
import { editAnswer, findAnswerToEdit } from '$lib/server/qa';
import { parseAnswerForm } from '$lib/qa/forms';

const answerIdOf = (params: { answerId: string }) => idParam(params.answerId, m.qa_error_answer_not_found());

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const answer = await orErrorPage(() => findAnswerToEdit(user.id, answerIdOf(event.params)));
	// An answer is found under its own question only.
	if (String(answer.questionId) !== event.params.id) error(404, m.qa_error_answer_not_found());
	return { answer };
};

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const answerId = answerIdOf(event.params);
		const fields = await readForm(event.request);
		return attempt({ body: fields.body ?? '' }, async () => {
			const questionId = await editAnswer(user.id, answerId, parseAnswerForm(fields));
			redirect(303, `/qa/${questionId}#answer-${answerId}`);
		});
	}
} satisfies Actions;
