import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, readFormWithFiles } from '$lib/server/platform/forms';
import { findHeldPhotos, keepRefusedPhotos } from '$lib/server/platform/held-photos';
import { keepPhotosOfRefusal } from '$lib/server/web/held-photos';
import { requireUser } from '$lib/server/web/guards';
import { askQuestion, listCrops, similarQuestions } from '$lib/server/qa';
import { parseQuestionForm } from '$lib/qa/forms';
import { maxQuestionPhotos } from '$lib/qa/vocabulary';
import { parsePhotoChoices } from '$lib/photo-choices';
import { outboxReplayHeader } from '$lib/offline';
import { maskName } from '$lib/format';
import { listUserVillages } from '$lib/server/villages';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const [home] = await listUserVillages(user.id);
	return {
		crops: (await listCrops()).map(({ id, name, nameEn }) => ({ id, name, nameEn })),
		// How the question will be signed, so nobody is surprised by what strangers see.
		shownAs: { name: maskName(user.displayName), village: home?.village.name ?? null }
	};
};

const echoOf = (fields: Record<string, string>) => ({
	title: fields.title ?? '',
	body: fields.body ?? '',
	cropId: fields.cropId ?? '',
	topic: fields.topic ?? ''
});

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { fields, files } = await readFormWithFiles(event.request);
		const { held } = parsePhotoChoices(fields);
		const photos = files.photos ?? [];
		const echo = { section: 'ask', ...echoOf(fields) };
		const result = await attempt(echo, async () => {
			const input = parseQuestionForm(fields);
			const heldPhotos = await findHeldPhotos(user.id, held);
			// "看看有没有人问过": before the first post of a title, unless the page's script showed
			// the matches already, or nobody is there to read them (an outbox replay).
			const looked = fields.looked === input.title || event.request.headers.has(outboxReplayHeader);
			const similar = looked ? [] : await similarQuestions(input.title);
			if (similar.length > 0) return { ...echo, similar, ...(await keepRefusedPhotos(user.id, held, photos, maxQuestionPhotos)) };
			const id = await askQuestion(user.id, input, photos, new Date(), heldPhotos);
			redirect(303, `/qa/${id}?asked=1`);
		});
		if ('similar' in result) return result;
		return keepPhotosOfRefusal(result, user.id, held, photos, maxQuestionPhotos);
	}
} satisfies Actions;
