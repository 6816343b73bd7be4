import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requireAdmin } from '$lib/server/web/guards';
import { attempt, parseWith, readForm, readFormWithFiles } from '$lib/server/platform/forms';
import { createVillage, findVillageBySlug, listVillages } from '$lib/server/villages/villages';
import { appointCadre, listVillageMembers } from '$lib/server/villages/memberships';
import { listJobs } from '$lib/server/platform/jobs';
import { listAlerts, qaSettings, questionsNeedingHelp } from '$lib/server/qa';
import { appointmentForm, villageForm } from '$lib/villages/forms';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const villages = await listVillages();
	return {
		villages: await Promise.all(
			villages.map(async (village) => ({
				slug: village.slug,
				name: village.name,
				county: village.county,
				cadres: (await listVillageMembers(village.id)).filter((member) => member.role === 'cadre').map((member) => member.realName)
			}))
		),
		jobs: await listJobs(),
		qa: { needsHelp: await questionsNeedingHelp(null), alerts: await listAlerts(null), hotline: qaSettings.hotline }
	};
};

export const actions = {
	createVillage: async (event) => {
		const admin = requireAdmin(event);
		const { fields: form, files } = await readFormWithFiles(event.request);
		const { name, slug, county, story } = form;
		return attempt({ section: 'create', name, slug, county, story }, async () => {
			const village = await createVillage(admin.id, parseWith(villageForm, form), files.cover?.[0]);
			return { section: 'create', saved: m.admin_village_created({ name: village.name }) };
		});
	},
	appointCadre: async (event) => {
		const admin = requireAdmin(event);
		const form = await readForm(event.request);
		const village = await findVillageBySlug(form.village ?? '');
		if (!village) error(404, m.error_village_not_found());
		return attempt({ section: `appoint-${village.slug}`, username: form.username, realName: form.realName }, async () => {
			await appointCadre(admin.id, village.id, parseWith(appointmentForm, form), 'admin');
			return { section: `appoint-${village.slug}`, saved: m.committee_cadre_appointed() };
		});
	}
} satisfies Actions;
