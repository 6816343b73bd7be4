// Expert Q&A's fixed vocabularies and limits: stored in their tables, checked by its forms.

/** What a question is about, besides its crop or animal: a fixed list (the crops are the county's to extend). */
export const qaTopics = ['disease', 'pests', 'fertilizer', 'planting', 'husbandry', 'market', 'policy', 'other'] as const;
export type QaTopic = (typeof qaTopics)[number];

/** The crops and animals a fresh county starts with; the county admin adds more. */
export const startingCrops = [
	{ name: '樱桃', nameEn: 'Cherry' },
	{ name: '小麦', nameEn: 'Wheat' },
	{ name: '玉米', nameEn: 'Maize' },
	{ name: '大蒜', nameEn: 'Garlic' },
	{ name: '山药', nameEn: 'Chinese yam' },
	{ name: '乌鸡', nameEn: 'Black-bone chicken' },
	{ name: '生猪', nameEn: 'Pigs' },
	{ name: '蜜蜂', nameEn: 'Bees' }
] as const;

export const titleLength = { min: 2, max: 60 } as const;
export const maxBodyLength = 5000;
export const maxQuestionPhotos = 6;
export const maxAnswerPhotos = 6;
/** A report's reason: a sentence or two for the moderator, not an essay. */
export const maxReportLength = 500;

/** What a report or a hide is about. */
export const qaTargets = ['question', 'answer'] as const;
export type QaTarget = (typeof qaTargets)[number];

/** Where a question stands, as the list filters it. */
export const qaStates = ['unanswered', 'answered', 'accepted'] as const;
export type QaState = (typeof qaStates)[number];
