import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/web/guards';
import { attempt, idField, parseWith, readForm } from '$lib/server/platform/forms';
import { answerLetter } from '$lib/server/notices/letters';
import { requireLetterThread } from '$lib/server/web/letter-page';
import { letterMessageForm } from '$lib/notices/forms';

export const load: PageServerLoad = async (event) => {
	// Only the village's cadres answer here; to anyone else the letter is not there.
	const thread = await requireLetterThread(event, (thread) => thread.viewer.isCadre);
	const answered = event.url.searchParams.get('saved') === 'answer';
	return { thread, village: thread.village, notice: answered ? { section: 'answer', saved: m.letters_answered() } : undefined };
};

export const actions = {
	answer: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'answer', body: form.body }, async () => {
			const id = idField(event.params.id);
			await answerLetter(user.id, id, parseWith(letterMessageForm, form));
			redirect(303, `/committee/letters/${id}?saved=answer`);
		});
	}
} satisfies Actions;
