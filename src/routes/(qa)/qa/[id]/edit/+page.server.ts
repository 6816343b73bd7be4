import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, idParam, orErrorPage, readForm } from '$lib/server/platform/forms';
import { requireUser } from '$lib/server/web/guards';
import { editQuestion, findQuestionToEdit } from '$lib/server/qa';
import { parseQuestionEditForm } from '$lib/qa/forms';

const questionIdOf = (params: { id: string }) => idParam(params.id, m.qa_error_question_not_found());

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return orErrorPage(async () => ({ question: await findQuestionToEdit(user.id, questionIdOf(event.params)) }));
};

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const questionId = questionIdOf(event.params);
		const fields = await readForm(event.request);
		return attempt({ title: fields.title ?? '', body: fields.body ?? '' }, async () => {
			await editQuestion(user.id, questionId, parseQuestionEditForm(fields));
			redirect(303, `/qa/${questionId}`);
		});
	}
} satisfies Actions;
