import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, parseWith, readFormWithFiles } from '$lib/server/platform/forms';
import { createNotice } from '$lib/server/notices/notices';
import { findHeldPhotos } from '$lib/server/platform/held-photos';
import { keepPhotosOfRefusal } from '$lib/server/web/held-photos';
import { maxNoticePhotos } from '$lib/notices/vocabulary';
import { noticeForm, parseIntent, parsePhotoChoices } from '$lib/notices/forms';
import { cadreVillage, chooseCadreVillage } from '../../committee.server';
import { echoNotice } from '../notice-form.server';

export const load: PageServerLoad = async (event) => {
	const { village } = await chooseCadreVillage(event);
	return { village: { slug: village.slug, name: village.name } };
};

export const actions = {
	default: async (event) => {
		const { fields, files } = await readFormWithFiles(event.request);
		const { village, actorId } = await cadreVillage(event, fields.village);
		const intent = parseIntent(fields.intent);
		const { held } = parsePhotoChoices(fields);
		const result = await attempt({ section: 'notice', ...echoNotice(fields) }, async () => {
			const heldPhotos = await findHeldPhotos(actorId, held);
			const notice = await createNotice(actorId, village.id, parseWith(noticeForm, fields), files.photos ?? [], intent, heldPhotos);
			redirect(303, intent === 'draft' ? `/committee/notices/${notice.id}?saved=draft` : `/v/${village.slug}/notices/${notice.id}`);
		});
		return keepPhotosOfRefusal(result, actorId, held, files.photos ?? [], maxNoticePhotos);
	}
} satisfies Actions;
