// What expert Q&A tells people in their inbox, and how it reads in either language. Q&A modules
// send through this module's `notify`, so wherever one is sent its kinds were registered first.
import * as m from '$lib/paraglide/messages';
import { registerNotificationKinds } from '$lib/server/platform/notifications';
import { outbreakTitle } from '$lib/qa/labels';
import { qaTopics, type QaTopic } from '$lib/qa/vocabulary';

registerNotificationKinds({
	// to the asker and everyone who pressed 我也遇到了: someone answered
	'qa.answered': { text: (p, locale) => m.notify_qa_answered({ title: String(p.title ?? '') }, { locale }) },
	// to those who follow the question, and to the author of the answer: the asker accepted one
	'qa.accepted': { text: (p, locale) => m.notify_qa_accepted({ title: String(p.title ?? '') }, { locale }) },
	// to the experts of its crop and topic: nobody has answered in a day
	'qa.unanswered': { text: (p, locale) => m.notify_qa_unanswered({ title: String(p.title ?? '') }, { locale }) },
	// to the admin and the asker's village cadres: nobody has answered in two days
	'qa.needs_help': { text: (p, locale) => m.notify_qa_needs_help({ title: String(p.title ?? '') }, { locale }) },
	// to the asker at the same time: the hotline to call meanwhile
	'qa.hotline': { text: (p, locale) => m.notify_qa_hotline({ title: String(p.title ?? ''), hotline: String(p.hotline ?? '') }, { locale }) },
	// to the experts of the speciality and the cadres of the villages concerned: 可能在流行
	'qa.outbreak': {
		text: (p, locale) =>
			outbreakTitle(
				{
					crop: { name: String(p.crop ?? ''), nameEn: String(p.cropEn ?? '') },
					topic: qaTopics.includes(p.topic as QaTopic) ? (p.topic as QaTopic) : 'other',
					days: Number(p.days ?? 0),
					households: Number(p.households ?? 0)
				},
				locale
			)
	}
});

export { notify } from '$lib/server/platform/notifications';
