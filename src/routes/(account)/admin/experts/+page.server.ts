import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requireAdmin } from '$lib/server/web/guards';
import { attempt, idField, readForm, readFormWithFiles } from '$lib/server/platform/forms';
import { addCrop, listCrops, listExperts, revokeExpert, verifyExpert } from '$lib/server/qa';
import { parseCropForm, parseExpertForm } from '$lib/qa/forms';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [experts, crops] = await Promise.all([listExperts(), listCrops()]);
	return { experts, crops: crops.map(({ id, name, nameEn }) => ({ id, name, nameEn })) };
};

export const actions = {
	verify: async (event) => {
		const admin = requireAdmin(event);
		const { fields, files } = await readFormWithFiles(event.request);
		// The boxes ticked come back with a refusal, so nothing has to be chosen twice.
		const ticked = Object.keys(fields)
			.filter((key) => key.startsWith('crop-') || key.startsWith('topic-'))
			.join(' ');
		return attempt({ section: 'verify', username: fields.username, realName: fields.realName, unit: fields.unit, ticked }, async () => {
			const input = parseExpertForm(fields);
			await verifyExpert(admin.id, input, files.credential?.[0]);
			return { section: 'verify', saved: m.qa_expert_verified_saved({ name: input.realName }) };
		});
	},
	revoke: async (event) => {
		const admin = requireAdmin(event);
		const fields = await readForm(event.request);
		return attempt({ section: 'experts' }, async () => {
			await revokeExpert(admin.id, idField(fields.userId));
			return { section: 'experts', saved: m.qa_expert_revoked_saved() };
		});
	},
	addCrop: async (event) => {
		const admin = requireAdmin(event);
		const fields = await readForm(event.request);
		return attempt({ section: 'crops', name: fields.name, nameEn: fields.nameEn }, async () => {
			const input = parseCropForm(fields);
			await addCrop(admin.id, input);
			return { section: 'crops', saved: m.qa_crop_added_saved({ name: input.name }) };
		});
	}
} satisfies Actions;
