import type { Locale } from '$lib/paraglide/runtime';
import { createRegistry } from '../registry';

export type NotificationParams = Record<string, string | number>;

/** How one kind of notification reads, made when it is read so it is in the reader's language. */
export type NotificationKind = {
	/** Params may lack a name a later version added: a row written before still reads. */
	text: (params: NotificationParams, locale: Locale) => string;
};

const kinds = createRegistry<NotificationKind>('Notification kind');

/** Each pillar registers the kinds it sends, with their text in every language, when its code loads. */
export const registerNotificationKinds = (added: Record<string, NotificationKind>): void => kinds.register(added);

export const notificationKind = (name: string): NotificationKind => kinds.require(name);

export const findNotificationKind = (name: string): NotificationKind | undefined => kinds.find(name);

export const registeredNotificationKinds = (): string[] => kinds.names();
