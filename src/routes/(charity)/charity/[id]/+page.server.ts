import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, idField, idParam, parseWith, readForm } from '$lib/server/platform/forms';
import { requireUser } from '$lib/server/web/guards';
import { changeProjectState, findProject, findProjectPage, ledgerKey, objectToDisbursement, pledgeGift, reverseEntry, takingGifts } from '$lib/server/charity';
import { parseGiftForm, parseObjectionForm, parseReasonForm } from '$lib/charity/forms';
import { choice, parseId } from '$lib/form-fields';
import { projectStates } from '$lib/charity/vocabulary';
import * as v from 'valibot';
import { stewardActions } from '../steward-actions.server';

const projectIdOf = (params: { id: string }) => idParam(params.id, m.charity_error_project_not_found());

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const found = await findProjectPage(projectIdOf(params), locals.user?.id ?? null);
	if (!found) error(404, m.charity_error_project_not_found());
	return {
		...found,
		publicKey: (await ledgerKey()).publicKey,
		takingGifts: takingGifts.includes(found.project.state),
		pledged: url.searchParams.has('pledged'),
		created: url.searchParams.has('created'),
		proposed: url.searchParams.has('proposed')
	};
};

const stateForm = v.object({ to: choice(projectStates, () => m.error_bad_request()) });

/** The village of the project a form is posted to, for the forms that need it. */
async function villageOf(event: RequestEvent): Promise<number> {
	const project = await findProject(projectIdOf(event.params));
	if (!project) error(404, m.charity_error_project_not_found());
	return project.villageId;
}

export const actions = {
	...stewardActions,
	give: async (event) => {
		const user = requireUser(event);
		const projectId = projectIdOf(event.params);
		const fields = await readForm(event.request);
		const { kind = '', amount = '', method = '', reference = '', goods = '', hours = '', work = '', message = '', anonymous = '' } = fields;
		// The donor's message comes back as `note`: `message` is the refusal's.
		return attempt({ section: 'give', kind, amount, method, reference, goods, hours, work, note: message, anonymous }, async () => {
			await pledgeGift(user.id, projectId, parseGiftForm(fields));
			redirect(303, `/charity/${projectId}?pledged#my-gifts`);
		});
	},
	object: async (event) => {
		const user = requireUser(event);
		const fields = await readForm(event.request);
		const section = `payment-${parseId(fields.paymentId) ?? 0}`;
		return attempt({ section, body: fields.body ?? '' }, async () => {
			await objectToDisbursement(user.id, idField(fields.paymentId), parseObjectionForm(fields).body);
			return { section, saved: m.charity_objection_saved() };
		});
	},
	state: async (event) => {
		const user = requireUser(event);
		const projectId = projectIdOf(event.params);
		const fields = await readForm(event.request);
		return attempt({ section: 'state' }, async () => {
			const { to } = parseWith(stateForm, fields);
			await changeProjectState(user.id, projectId, to);
			return { section: 'state', saved: m.charity_state_saved() };
		});
	},
	reverse: async (event) => {
		const user = requireUser(event);
		const villageId = await villageOf(event);
		const fields = await readForm(event.request);
		const section = `entry-${parseId(fields.seq) ?? 0}`;
		return attempt({ section, reason: fields.reason ?? '' }, async () => {
			const seq = await reverseEntry(user.id, villageId, idField(fields.seq), parseReasonForm(fields).reason);
			return { section, saved: m.charity_reversed_saved({ seq }) };
		});
	}
} satisfies Actions;
