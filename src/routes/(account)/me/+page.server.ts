import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { changePassword, findUserById, updateProfile, updateSettings } from '$lib/server/auth/accounts';
import { passwordChangeForm, profileForm, settingsForm } from '$lib/auth/forms';
import { redeemForm } from '$lib/villages/forms';
import { requireUser } from '$lib/server/web/guards';
import { signIn } from '$lib/server/web/sign-in';
import { attempt, parseWith, readForm } from '$lib/server/platform/forms';
import { rememberLocale } from '$lib/server/platform/i18n';
import { joinCodeWaitMs, redeemJoinCode } from '$lib/server/villages/join-codes';
import { wait } from '$lib/server/platform/throttle';
import { formatPreferencesCookie, preferencesCookie } from '$lib/preferences';
import { maskPhone } from '$lib/format';
import { normalizeLine } from '$lib/typed-text';
import { listLettersByAuthor } from '$lib/server/notices/letters';
import { listNotifications, markNotificationsRead } from '$lib/server/platform/notifications';

export const load: PageServerLoad = async ({ locals, url }) => {
	// A join code from a shared link fills the form in; anything longer than a code is not one.
	const code = [...normalizeLine(url.searchParams.get('code') ?? '')].slice(0, 20).join('');
	const account = locals.user && (await findUserById(locals.user.id));
	if (!account) return { account: null, code, letters: [], notifications: [] };
	const notifications = await listNotifications(account.id, locals.locale, 10);
	// Seen here, so the badge on the top bar goes with the next page.
	await markNotificationsRead(account.id);
	return {
		account: {
			username: account.username,
			displayName: account.displayName,
			maskedPhone: maskPhone(account.phone),
			hasPhone: account.phone !== null
		},
		code,
		letters: await listLettersByAuthor(account.id),
		notifications
	};
};

export const actions = {
	/** Visitors keep their choices in a cookie; signed-in users in their account. */
	settings: async (event) => {
		const form = await readForm(event.request);
		return attempt({ section: 'settings' }, async () => {
			const settings = parseWith(settingsForm, form);
			if (event.locals.user) await updateSettings(event.locals.user.id, settings);
			else
				event.cookies.set(preferencesCookie, formatPreferencesCookie(settings), {
					path: '/',
					httpOnly: true,
					sameSite: 'lax',
					secure: event.url.protocol === 'https:',
					maxAge: 400 * 24 * 60 * 60
				});
			rememberLocale(event.cookies, settings.locale);
			// A fresh request renders the page in the new language and mode.
			redirect(303, '/me?saved=settings');
		});
	},
	profile: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'profile', displayName: form.displayName }, async () => {
			await updateProfile(user.id, parseWith(profileForm, form));
			return { section: 'profile', saved: m.me_profile_saved() };
		});
	},
	password: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'password' }, async () => {
			// Every other device is signed out with the change; this one gets a fresh session.
			const { currentPassword, newPassword } = parseWith(passwordChangeForm, form);
			await changePassword(user.id, currentPassword, newPassword);
			await signIn(event, { id: user.id, locale: event.locals.locale });
			return { section: 'password', saved: m.me_password_changed() };
		});
	},
	redeem: async (event) => {
		const user = requireUser(event);
		const form = await readForm(event.request);
		return attempt({ section: 'redeem', code: form.code }, async () => {
			const { code } = parseWith(redeemForm, form);
			const address = event.getClientAddress();
			await wait(await joinCodeWaitMs(address));
			const village = await redeemJoinCode(user.id, code, address);
			return { section: 'redeem', saved: m.me_joined({ village: village.name }) };
		});
	}
} satisfies Actions;
