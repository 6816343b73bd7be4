import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, readFormWithFiles } from '$lib/server/platform/forms';
import { createNotice, parseIntent } from '$lib/server/notices/notices';
import { cadreVillage, chooseCadreVillage } from '../../committee.server';
import { echoNotice } from '../notice-form.server';
import { findHeldPhotos, heldPhotoIds, keepPhotosOfRefusal } from '$lib/server/notices/held-photos';

export const load: PageServerLoad = async (event) => {
	const { village } = await chooseCadreVillage(event);
	return { village: { slug: village.slug, name: village.name } };
};

export const actions = {
	default: async (event) => {
		const { fields, files } = await readFormWithFiles(event.request);
		const { village, actorId } = await cadreVillage(event, fields.village);
		const intent = parseIntent(fields.intent);
		const held = heldPhotoIds(fields);
		const result = await attempt({ section: 'notice', ...echoNotice(fields) }, async () => {
			const notice = await createNotice(actorId, village.id, fields, files.photos ?? [], intent, await findHeldPhotos(actorId, held));
			redirect(303, intent === 'draft' ? `/committee/notices/${notice.id}?saved=draft` : `/v/${village.slug}/notices/${notice.id}`);
		});
		return keepPhotosOfRefusal(result, actorId, held, files.photos ?? []);
	}
} satisfies Actions;
