import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { registerUser } from '$lib/server/auth/accounts';
import { nextOrRedirect, safeNextPath, signIn } from '$lib/server/web/sign-in';
import { attempt, parseWith, readForm } from '$lib/server/platform/forms';
import { registrationForm } from '$lib/auth/forms';

export const load: PageServerLoad = (event) => nextOrRedirect(event);

export const actions = {
	default: async (event) => {
		const form = await readForm(event.request);
		const next = safeNextPath(form.next, event.url);
		const echo = { username: form.username, displayName: form.displayName, phone: form.phone, next };
		return attempt(echo, async () => {
			// A visitor's language and display choices carry over into the new account.
			const { easyMode, dataSaver } = event.locals.preferences;
			const user = await registerUser(parseWith(registrationForm, form), { locale: event.locals.locale, easyMode, dataSaver }, { address: event.getClientAddress() });
			await signIn(event, user);
			redirect(303, next);
		});
	}
} satisfies Actions;
