// An in-app notification as the inbox on /me shows it. Types only: components import it,
// and server modules may not reach the browser.

export type NotificationView = {
	id: number;
	/** Made on the server in the reader's language, by the kind's registered text. */
	text: string;
	/** Where tapping it goes. */
	href: string;
	createdAt: Date;
	read: boolean;
};
