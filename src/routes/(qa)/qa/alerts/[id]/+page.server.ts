import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, idField, idParam, readForm } from '$lib/server/platform/forms';
import { requireUser } from '$lib/server/web/guards';
import { alertReader, findAlert, turnAlertIntoNotice } from '$lib/server/qa';

const alertIdOf = (params: { id: string }) => idParam(params.id, m.qa_error_alert_not_found());

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const alert = await findAlert(alertIdOf(event.params));
	if (!alert) error(404, m.qa_error_alert_not_found());
	const reader = await alertReader(user, alert);
	if (!reader) error(403, m.error_forbidden());
	return { alert, cadreOf: reader.cadreOf };
};

export const actions = {
	notice: async (event) => {
		const user = requireUser(event);
		const alertId = alertIdOf(event.params);
		const fields = await readForm(event.request);
		return attempt({ section: 'notice' }, async () => {
			const villageId = idField(fields.villageId);
			const noticeId = await turnAlertIntoNotice(user.id, alertId, villageId, event.locals.locale);
			const alert = await findAlert(alertId);
			const slug = alert?.villages.find((village) => village.id === villageId)?.slug;
			redirect(303, `/v/${slug}/notices/${noticeId}`);
		});
	}
} satisfies Actions;
