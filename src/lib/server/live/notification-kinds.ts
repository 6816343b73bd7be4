// What live sales tell people in their inbox, and how it reads in either language. Live modules
// send through this module's `notify`, so wherever one is sent its kinds were registered first.
import * as m from '$lib/paraglide/messages';
import { registerNotificationKinds } from '$lib/server/platform/notifications';

registerNotificationKinds({
	// to whoever pressed 提醒我: the sale has started
	'live.started': { text: (p, locale) => m.notify_live_started({ title: String(p.title ?? '') }, { locale }) }
});

export { notify } from '$lib/server/platform/notifications';
