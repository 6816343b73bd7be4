// What the Q&A pages show of moderation (edits, reports, hiding), as the server hands it to them.
// Types only: components import these, and server modules may not reach the browser.
import type { PhotoView } from '$lib/photos';
import type { QaTarget } from './vocabulary';

/** An answer a moderator hid, as its moderators (every one) and its author (their own) still see it. */
export type QaHiddenAnswerView = {
	id: number;
	body: string;
	authorName: string;
	createdAt: Date;
	hiddenAt: Date;
	edited: boolean;
	photos: PhotoView[];
	mine: boolean;
};

/** What the question page shows one reader about moderation; all empty for a visitor. */
export type QaModerationView = {
	/** The county admin, or a cadre of the question's village: hides and restores here. */
	moderator: boolean;
	/** What the reader reported already, so the report form gives way to "你已举报". */
	reportedQuestion: boolean;
	reportedAnswerIds: number[];
	/** Open reports on the question and its answers, for a moderator; 0 for everyone else. */
	openReports: number;
	hiddenAnswers: QaHiddenAnswerView[];
};

type Version = { title: string | null; body: string };

/** One edit of the question or of one of its answers: who, when, and the text before and after. */
export type QaEditView = {
	id: number;
	target: QaTarget;
	refId: number;
	editorName: string;
	at: Date;
	before: Version;
	after: Version;
	/** An edit of an answer hidden since, listed for moderators only. */
	hidden: boolean;
};

/** A question or an answer with open reports, as the moderator's list shows it. */
export type QaReportedItem = {
	target: QaTarget;
	refId: number;
	questionId: number;
	questionTitle: string;
	/** What the reported question (its title and description) or answer says now. */
	text: string;
	authorName: string;
	villageName: string | null;
	/** Newest first; the first one's id is what "保留" posts. */
	reports: { id: number; reason: string; createdAt: Date }[];
};
