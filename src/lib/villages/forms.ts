// The village forms' schemas: the county admin's new village, a cadre's appointment, a join
// code issued for a villager. Routes parse with them; villages' functions take the result.
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { formText, optionalLine, optionalText, requiredLine, typedLine } from '$lib/form-fields';
import { usernameSchema } from '$lib/auth/forms';

export const villageForm = v.object({
	name: requiredLine(40, m.error_village_name_required, m.error_village_name_long),
	slug: v.pipe(
		formText,
		v.trim(),
		v.toLowerCase(),
		v.regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, () => m.error_village_slug_format())
	),
	county: requiredLine(40, m.error_county_required, m.error_county_long),
	story: optionalText(2000, () => m.error_story_long())
});
export type VillageInput = v.InferOutput<typeof villageForm>;

/** A list's `?village=` as typed or chosen: a slug, a name or part of one; cut to the longest a name or slug may be. */
export function typedVillage(params: URLSearchParams): string | null {
	return typedLine(params.get('village'), 40);
}

/** A name a cadre checked in person. */
const realNameSchema = requiredLine(40, m.error_real_name_required, m.error_real_name_long);

/** Left empty when a cadre promotes a villager, whose checked name carries over. */
export const appointmentForm = v.object({
	username: usernameSchema,
	realName: optionalLine(40, m.error_real_name_long)
});
export type AppointmentInput = v.InferOutput<typeof appointmentForm>;

export const joinCodeForm = v.object({ forName: realNameSchema });
export type JoinCodeInput = v.InferOutput<typeof joinCodeForm>;

/** What the villager typed; its shape is checked as it is redeemed, so a wrong code counts against the limit. */
export const redeemForm = v.object({ code: formText });
export type RedeemInput = v.InferOutput<typeof redeemForm>;
