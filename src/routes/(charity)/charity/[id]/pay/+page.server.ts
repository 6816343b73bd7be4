import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, idParam, readFormWithFiles } from '$lib/server/platform/forms';
import { findHeldPhotos } from '$lib/server/platform/held-photos';
import { keepPhotosOfRefusal } from '$lib/server/web/held-photos';
import { requireUser } from '$lib/server/web/guards';
import { findProjectPage, maxReceiptPhotos, proposeDisbursement } from '$lib/server/charity';
import { parseDisbursementForm } from '$lib/charity/forms';
import { parsePhotoChoices } from '$lib/photo-choices';

const projectIdOf = (params: { id: string }) => idParam(params.id, m.charity_error_project_not_found());

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const found = await findProjectPage(projectIdOf(event.params), user.id);
	if (!found) error(404, m.charity_error_project_not_found());
	if (!found.reader.cadre) error(403, m.charity_error_not_cadre());
	const { id, title, availableFen, villageName } = found.project;
	return { project: { id, title, availableFen, villageName }, maxPhotos: maxReceiptPhotos };
};

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const projectId = projectIdOf(event.params);
		const { fields, files } = await readFormWithFiles(event.request);
		const { held } = parsePhotoChoices(fields);
		const photos = files.receipts ?? [];
		const { amount = '', payee = '', purpose = '' } = fields;
		const result = await attempt({ amount, payee, purpose }, async () => {
			const id = await proposeDisbursement(user.id, projectId, parseDisbursementForm(fields), photos, new Date(), await findHeldPhotos(user.id, held));
			redirect(303, `/charity/${projectId}?proposed#payment-${id}`);
		});
		return keepPhotosOfRefusal(result, user.id, held, photos, maxReceiptPhotos);
	}
} satisfies Actions;
