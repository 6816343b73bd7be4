import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/web/guards';
import { attempt, parseWith, readForm } from '$lib/server/platform/forms';
import { writeLetter } from '$lib/server/notices/letters';
import { letterForm } from '$lib/notices/forms';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	// A cadre counts as a villager of their village, as in rolesIn.
	const villages = (await event.parent()).myVillages
		.filter((v) => v.roles.includes('villager') || v.roles.includes('cadre'))
		.map(({ name, slug }) => ({ name, slug }));
	const asked = event.url.searchParams.get('village');
	return { villages, chosen: villages.find((v) => v.slug === asked)?.slug ?? villages[0]?.slug ?? '' };
};

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'letter', village: form.village, subject: form.subject, body: form.body }, async () => {
			const letter = await writeLetter(user.id, parseWith(letterForm, form));
			redirect(303, `/me/letters/${letter.id}?saved=sent`);
		});
	}
} satisfies Actions;
