import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, idField, idParam, readForm } from '$lib/server/platform/forms';
import { requireUser } from '$lib/server/web/guards';
import { rolesIn } from '$lib/server/villages';
import { findAlert, isExpert, mayReadAlert, turnAlertIntoNotice } from '$lib/server/qa';

const alertIdOf = (params: { id: string }) => idParam(params.id, m.qa_error_alert_not_found());

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const alert = await findAlert(alertIdOf(event.params));
	if (!alert) error(404, m.qa_error_alert_not_found());
	if (!(await mayReadAlert(user, alert, await isExpert(user.id)))) error(403, m.error_forbidden());
	// The villages this reader may make a notice for: those of the alert they are a cadre of.
	const cadreOf = [];
	for (const village of alert.villages) if ((await rolesIn(user.id, village.id)).has('cadre')) cadreOf.push(village.id);
	return { alert, cadreOf };
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
