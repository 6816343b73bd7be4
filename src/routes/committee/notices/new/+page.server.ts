import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { attempt, readFormWithFiles } from '$lib/server/forms';
import { createNotice, parseIntent } from '$lib/server/notices/notices';
import { cadreVillage } from '../../committee.server';
import { echoNotice } from '../notice-form.server';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const mine = (await event.parent()).myVillages.filter((v) => v.roles.includes('cadre'));
	if (mine.length === 0) error(403, m.error_not_cadre());
	const { village } = cadreVillage(event, event.url.searchParams.get('village') ?? mine[0].slug);
	return { village: { slug: village.slug, name: village.name } };
};

export const actions = {
	default: async (event) => {
		const { fields, files } = await readFormWithFiles(event.request);
		const { village, actorId } = cadreVillage(event, fields.village);
		const intent = parseIntent(fields.intent);
		return attempt({ section: 'notice', ...echoNotice(fields) }, async () => {
			const notice = await createNotice(actorId, village.id, fields, files.photos ?? [], intent);
			redirect(303, intent === 'draft' ? `/committee/notices/${notice.id}?saved=draft` : `/v/${village.slug}/notices/${notice.id}`);
		});
	}
} satisfies Actions;
