import type { SessionUser } from '$lib/server/auth/session';
import type { Locale } from '$lib/paraglide/runtime';
import type { Preferences } from '$lib/preferences';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: { id: string; expiresAt: Date } | null;
			locale: Locale;
			preferences: Preferences;
		}
		interface Error {
			message: string;
		}
		interface PageData {
			/** Set by pages that belong to one village, so the top bar can name it. */
			village?: { name: string; slug: string };
		}
	}
}

export {};
