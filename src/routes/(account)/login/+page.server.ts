import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authenticate } from '$lib/server/auth/accounts';
import { deviceCookieName, nextOrRedirect, safeNextPath, signIn } from '$lib/server/web/sign-in';
import { attempt, parseWith, readForm } from '$lib/server/platform/forms';
import { loginForm } from '$lib/auth/forms';

export const load: PageServerLoad = (event) => nextOrRedirect(event);

export const actions = {
	default: async (event) => {
		const form = await readForm(event.request);
		const next = safeNextPath(form.next, event.url);
		return attempt({ username: form.username, next }, async () => {
			const user = await authenticate({
				...parseWith(loginForm, form),
				address: event.getClientAddress(),
				deviceToken: event.cookies.get(deviceCookieName)
			});
			await signIn(event, user);
			redirect(303, next);
		});
	}
} satisfies Actions;
