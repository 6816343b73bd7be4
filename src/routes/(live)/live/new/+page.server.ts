import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/web/guards';
import { attempt, readFormWithFiles } from '$lib/server/platform/forms';
import { storePhoto } from '$lib/server/platform/media';
import { UserError } from '$lib/server/platform/user-error';
import { parseScheduleForm } from '$lib/live/forms';
import { listHostingChoices } from '$lib/server/live/hosting';
import { scheduleLiveSale } from '$lib/server/live/schedule';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const choices = await listHostingChoices(user.id);
	if (choices.length === 0) error(403, m.live_error_may_not_host());
	const asked = event.url.searchParams.get('village');
	return { choices, chosen: choices.find((choice) => choice.village.slug === asked)?.village.slug ?? choices[0].village.slug };
};

export const actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { fields, files } = await readFormWithFiles(event.request);
		// Everything typed comes back; a browser cannot be given the chosen cover back.
		return attempt({ ...fields }, async () => {
			const choice = (await listHostingChoices(user.id)).find((c) => c.village.slug === fields.village);
			if (!choice) throw new UserError(m.live_error_may_not_host(), 403);
			const command = parseScheduleForm(fields, choice.village.id);
			const cover = files.cover?.[0] ? (await storePhoto(files.cover[0], user.id)).id : null;
			const saleId = await scheduleLiveSale(user.id, command, cover);
			redirect(303, `/live/${saleId}?scheduled`);
		});
	}
} satisfies Actions;
