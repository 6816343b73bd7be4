import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { parseId } from '$lib/server/platform/forms';
import { findReadableQuestion, listEdits } from '$lib/server/qa';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = parseId(params.id);
	// Readable by whoever may read the question: a hidden one by its asker and its moderators only.
	const question = id === null ? null : await findReadableQuestion(locals.user?.id ?? null, id);
	if (!question) error(404, m.qa_error_question_not_found());
	return { question, edits: await listEdits(question.id, { hiddenToo: question.moderator }) };
};
