import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/web/guards';
import { attempt, idField, parseWith, readForm } from '$lib/server/platform/forms';
import { publishLetter, replyToLetter, unpublishLetter } from '$lib/server/notices/letters';
import { requireLetterThread } from '$lib/server/web/letter-page';
import { letterMessageForm } from '$lib/notices/forms';

/** What the last write here did, shown after its redirect (a reload does not post it again). */
const savedNotices = new Map([
	['sent', { section: 'letter', saved: m.letters_sent }],
	['reply', { section: 'reply', saved: m.letters_follow_up_sent }],
	['published', { section: 'publish', saved: m.letters_published }],
	['unpublished', { section: 'publish', saved: m.letters_unpublished }]
]);

export const load: PageServerLoad = async (event) => {
	const thread = await requireLetterThread(event);
	const saved = savedNotices.get(event.url.searchParams.get('saved') ?? '');
	return { thread, village: thread.village, notice: saved && { section: saved.section, saved: saved.saved() } };
};

export const actions = {
	reply: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'reply', body: form.body }, async () => {
			const id = idField(event.params.id);
			await replyToLetter(user.id, id, parseWith(letterMessageForm, form));
			redirect(303, `/me/letters/${id}?saved=reply`);
		});
	},
	publish: async (event) => {
		const user = requireUser(event);
		return attempt({ section: 'publish' }, async () => {
			const id = idField(event.params.id);
			await publishLetter(user.id, id);
			redirect(303, `/me/letters/${id}?saved=published`);
		});
	},
	unpublish: async (event) => {
		const user = requireUser(event);
		return attempt({ section: 'publish' }, async () => {
			const id = idField(event.params.id);
			await unpublishLetter(user.id, id);
			redirect(303, `/me/letters/${id}?saved=unpublished`);
		});
	}
} satisfies Actions;
