// An in-app notification as the inbox on /me shows it. Types only: components import it,
// and server modules may not reach the browser.

export type NotificationView = {
	id: number;
	/** Turned into words when read (notification-text.ts), so they are in the reader's language. */
	kind: string;
	params: Record<string, string | number>;
	/** Where tapping it goes. */
	href: string;
	createdAt: Date;
	/** Null while unread. */
	readAt: Date | null;
};
