import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/web/guards';
import { attempt, readFormWithFiles } from '$lib/server/platform/forms';
import { findHeldPhotos } from '$lib/server/platform/held-photos';
import { keepPhotosOfRefusal } from '$lib/server/web/held-photos';
import { UserError } from '$lib/server/platform/user-error';
import { consoleVillages, createProject, maxProjectPhotos } from '$lib/server/charity';
import { parseProjectForm } from '$lib/charity/forms';
import { parsePhotoChoices } from '$lib/photo-choices';

/** The villages where the user is a cadre: only they open projects (the admin approves, never runs one). */
async function cadreVillages(userId: number) {
	return consoleVillages(userId, false);
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const villages = await cadreVillages(user.id);
	if (villages.length === 0) error(403, m.charity_error_not_cadre());
	const asked = event.url.searchParams.get('village');
	return { villages, chosen: villages.find((village) => village.slug === asked)?.slug ?? villages[0].slug, maxPhotos: maxProjectPhotos };
};

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { fields, files } = await readFormWithFiles(event.request);
		const { held } = parsePhotoChoices(fields);
		const photos = files.photos ?? [];
		const result = await attempt({ ...fields }, async () => {
			const village = (await cadreVillages(user.id)).find((choice) => choice.slug === fields.village);
			if (!village) throw new UserError(m.charity_error_not_cadre(), 403);
			const id = await createProject(user.id, village.id, parseProjectForm(fields), photos, new Date(), await findHeldPhotos(user.id, held));
			redirect(303, `/charity/${id}?created`);
		});
		return keepPhotosOfRefusal(result, user.id, held, photos, maxProjectPhotos);
	}
} satisfies Actions;
