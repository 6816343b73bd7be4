// Expert Q&A's vocabularies in the reader's language.
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import type { QaState, QaTopic } from './vocabulary';

const topicLabels: Record<QaTopic, typeof m.qa_topic_disease> = {
	disease: m.qa_topic_disease,
	pests: m.qa_topic_pests,
	fertilizer: m.qa_topic_fertilizer,
	planting: m.qa_topic_planting,
	husbandry: m.qa_topic_husbandry,
	market: m.qa_topic_market,
	policy: m.qa_topic_policy,
	other: m.qa_topic_other
};

/** In the request's language, or in `locale` (a notification made for its reader). */
export const topicLabel = (topic: QaTopic, locale?: Locale): string => topicLabels[topic]({}, locale ? { locale } : {});

const stateLabels: Record<QaState, () => string> = {
	unanswered: m.qa_state_unanswered,
	answered: m.qa_state_answered,
	accepted: m.qa_state_accepted
};

export const stateLabel = (state: QaState): string => stateLabels[state]();

/** A crop's name as the reader reads it: the county names them in Chinese, with an English name beside. */
export const cropLabel = (crop: { name: string; nameEn: string }, locale: string): string => (locale === 'en' && crop.nameEn ? crop.nameEn : crop.name);

/** "可能在流行：樱桃 病害，7 天内 6 户": an outbreak alert as its notification and its pages say it. */
export const outbreakTitle = (alert: { crop: { name: string; nameEn: string }; topic: QaTopic; days: number; households: number }, locale: Locale): string =>
	m.qa_alert_title({ crop: cropLabel(alert.crop, locale), topic: topicLabel(alert.topic, locale), days: alert.days, households: alert.households }, { locale });
