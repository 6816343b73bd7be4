import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { attempt, readForm } from '$lib/server/forms';
import { publishLetter, replyToLetter, unpublishLetter } from '$lib/server/letters/letters';
import { requireLetterThread } from '$lib/server/letters/letter-page';

/** What the last write here did, shown after its redirect (a reload does not post it again). */
const savedNotices = {
	sent: { section: 'letter', saved: m.letters_sent },
	reply: { section: 'reply', saved: m.letters_follow_up_sent },
	published: { section: 'publish', saved: m.letters_published },
	unpublished: { section: 'publish', saved: m.letters_unpublished }
};

export const load: PageServerLoad = (event) => {
	const thread = requireLetterThread(event);
	const saved = savedNotices[event.url.searchParams.get('saved') as keyof typeof savedNotices];
	return { thread, village: thread.village, notice: saved && { section: saved.section, saved: saved.saved() } };
};

/** The letter this page is about, as a number: the raw route segment never goes into a Location. */
const letterId = (event: { params: { id: string } }) => Number(event.params.id);

export const actions = {
	reply: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'reply', body: form.body }, () => {
			replyToLetter(user.id, letterId(event), form);
			redirect(303, `/me/letters/${letterId(event)}?saved=reply`);
		});
	},
	publish: async (event) => {
		const user = requireUser(event);
		return attempt({ section: 'publish' }, () => {
			publishLetter(user.id, letterId(event));
			redirect(303, `/me/letters/${letterId(event)}?saved=published`);
		});
	},
	unpublish: async (event) => {
		const user = requireUser(event);
		return attempt({ section: 'publish' }, () => {
			unpublishLetter(user.id, letterId(event));
			redirect(303, `/me/letters/${letterId(event)}?saved=unpublished`);
		});
	}
} satisfies Actions;
