// The forms a village's cadres (and, for payments, the county admin) answer, on a project's page
// and in the charity console alike: one handler each, so both pages behave the same. Each result
// shows beside the item it was about (`pledge-<id>`, `payment-<id>`).
import type { RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { attempt, idField, readForm } from '$lib/server/platform/forms';
import { parseId } from '$lib/form-fields';
import { requireUser } from '$lib/server/web/guards';
import { approveDisbursement, cancelGift, confirmGift, rejectDisbursement } from '$lib/server/charity';
import { parseNoticeDays, parseReasonForm } from '$lib/charity/forms';

const pledgeSection = (fields: Record<string, string>) => `pledge-${parseId(fields.giftId) ?? 0}`;
const paymentSection = (fields: Record<string, string>) => `payment-${parseId(fields.paymentId) ?? 0}`;

export const stewardActions = {
	confirm: async (event: RequestEvent) => {
		const user = requireUser(event);
		const fields = await readForm(event.request);
		const section = pledgeSection(fields);
		return attempt({ section }, async () => {
			const { seq } = await confirmGift(user.id, idField(fields.giftId));
			return { section, saved: m.charity_confirmed_saved({ seq }) };
		});
	},
	cancel: async (event: RequestEvent) => {
		const user = requireUser(event);
		const fields = await readForm(event.request);
		const section = pledgeSection(fields);
		return attempt({ section }, async () => {
			await cancelGift(user.id, idField(fields.giftId));
			return { section, saved: m.charity_cancelled_saved() };
		});
	},
	approve: async (event: RequestEvent) => {
		const user = requireUser(event);
		const fields = await readForm(event.request);
		const section = paymentSection(fields);
		return attempt({ section, noticeDays: fields.noticeDays ?? '' }, async () => {
			const days = parseNoticeDays(fields);
			await approveDisbursement(user.id, idField(fields.paymentId), days);
			return { section, saved: days === 0 ? m.charity_approved_paid() : m.charity_approved_saved({ days }) };
		});
	},
	reject: async (event: RequestEvent) => {
		const user = requireUser(event);
		const fields = await readForm(event.request);
		const section = paymentSection(fields);
		return attempt({ section, reason: fields.reason ?? '' }, async () => {
			await rejectDisbursement(user.id, idField(fields.paymentId), parseReasonForm(fields).reason);
			return { section, saved: m.charity_rejected_saved() };
		});
	}
};
