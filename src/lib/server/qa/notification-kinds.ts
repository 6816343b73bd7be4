// What expert Q&A tells people in their inbox, and how it reads in either language. Q&A modules
// send through this module's `notify`, so wherever one is sent its kinds were registered first.
import * as m from '$lib/paraglide/messages';
import { registerNotificationKinds } from '$lib/server/platform/notifications';

registerNotificationKinds({
	// to the asker and everyone who pressed 我也遇到了: someone answered
	'qa.answered': { text: (p, locale) => m.notify_qa_answered({ title: String(p.title ?? '') }, { locale }) },
	// to those who follow the question, and to the author of the answer: the asker accepted one
	'qa.accepted': { text: (p, locale) => m.notify_qa_accepted({ title: String(p.title ?? '') }, { locale }) }
});

export { notify } from '$lib/server/platform/notifications';
