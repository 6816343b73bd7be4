import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, idField, orErrorPage, readForm } from '$lib/server/platform/forms';
import { requireUser } from '$lib/server/web/guards';
import { dismissReport, listOpenReports, setHidden } from '$lib/server/qa';
import { parseTargetForm } from '$lib/qa/forms';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return orErrorPage(async () => ({ items: await listOpenReports(user.id) }));
};

export const actions = {
	hide: async (event) => {
		const user = requireUser(event);
		const fields = await readForm(event.request);
		return attempt({ section: `${fields.target}-${fields.refId}` }, async () => {
			await setHidden(user.id, parseTargetForm(fields), true);
			return { section: 'reports', saved: m.qa_hidden_saved() };
		});
	},
	dismiss: async (event) => {
		const user = requireUser(event);
		const fields = await readForm(event.request);
		return attempt({ section: `${fields.target}-${fields.refId}` }, async () => {
			await dismissReport(user.id, idField(fields.reportId));
			return { section: 'reports', saved: m.qa_dismissed_saved() };
		});
	}
} satisfies Actions;
