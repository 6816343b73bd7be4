// Expert Q&A's vocabularies in the reader's language.
import * as m from '$lib/paraglide/messages';
import type { QaState, QaTopic } from './vocabulary';

const topicLabels: Record<QaTopic, () => string> = {
	disease: m.qa_topic_disease,
	pests: m.qa_topic_pests,
	fertilizer: m.qa_topic_fertilizer,
	planting: m.qa_topic_planting,
	husbandry: m.qa_topic_husbandry,
	market: m.qa_topic_market,
	policy: m.qa_topic_policy,
	other: m.qa_topic_other
};

export const topicLabel = (topic: QaTopic): string => topicLabels[topic]();

const stateLabels: Record<QaState, () => string> = {
	unanswered: m.qa_state_unanswered,
	answered: m.qa_state_answered,
	accepted: m.qa_state_accepted
};

export const stateLabel = (state: QaState): string => stateLabels[state]();

/** A crop's name as the reader reads it: the county names them in Chinese, with an English name beside. */
export const cropLabel = (crop: { name: string; nameEn: string }, locale: string): string => (locale === 'en' && crop.nameEn ? crop.nameEn : crop.name);
