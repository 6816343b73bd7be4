// What the Q&A pages show, as the server hands it to them. Types only: components import
// these, and server modules may not reach the browser.
import type { PhotoView } from '$lib/photos';
import type { QaTopic } from './vocabulary';

export type CropName = { name: string; nameEn: string };

/** A question as the list and the similar-question hints show it. */
export type QaListItem = {
	id: number;
	title: string;
	topic: QaTopic;
	crop: CropName;
	/** The asker's village, when they had one. */
	villageName: string | null;
	answerCount: number;
	meTooCount: number;
	accepted: boolean;
	createdAt: Date;
	photo: PhotoView | null;
};

/** A verified expert as their badge shows them. */
export type ExpertMark = { userId: number; realName: string; unit: string };

export type QaAnswerView = {
	id: number;
	body: string;
	/** The author's name as strangers see it (masked), or the expert's real name. */
	authorName: string;
	expert: ExpertMark | null;
	votes: number;
	createdAt: Date;
	editedAt: Date | null;
	photos: PhotoView[];
	accepted: boolean;
	/** For the reader: their own answer, and whether they voted for it already. */
	mine: boolean;
	voted: boolean;
};

export type QaQuestionView = {
	id: number;
	title: string;
	body: string;
	topic: QaTopic;
	crop: CropName & { id: number };
	villageName: string | null;
	villageSlug: string | null;
	/** Masked: 刘**. */
	askerName: string;
	createdAt: Date;
	editedAt: Date | null;
	hidden: boolean;
	answerCount: number;
	meTooCount: number;
	photos: PhotoView[];
	/** Answers shown: the accepted one first, then experts', then by votes, oldest first. */
	answers: QaAnswerView[];
	/** Unanswered past the cadres' deadline: the asker is shown the county hotline. */
	needsHelp: boolean;
};

/** An alert as its page and the consoles show it. */
export type AlertView = {
	id: number;
	county: string;
	crop: { id: number; name: string; nameEn: string };
	topic: QaTopic;
	households: number;
	days: number;
	createdAt: Date;
	questions: { id: number; title: string; villageName: string | null; answerCount: number; accepted: boolean }[];
	/** The villages whose cadres it concerns, and the notice each has made of it, if any. */
	villages: { id: number; slug: string; name: string; noticeId: number | null }[];
};
