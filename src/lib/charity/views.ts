// What charity's pages show, as the server hands it to them. Types only: components import
// these, and server modules may not reach the browser.
import type { PhotoView } from '$lib/photos';
import type { DisbursementState, EntryKind, GiftKind, GiftMethod, GiftState, ProjectCategory, ProjectState } from './vocabulary';

/** A project as a list shows it (/charity, a village, the home page). */
export type ProjectCard = {
	id: number;
	title: string;
	category: ProjectCategory;
	state: ProjectState;
	goalFen: number;
	raisedFen: number;
	villageName: string;
	villageSlug: string;
	cover: PhotoView | null;
	/** Confirmed gifts of every kind. */
	gifts: number;
};

export type ProjectView = ProjectCard & {
	availableFen: number;
	description: string;
	startsOn: string | null;
	endsOn: string | null;
	responsibleName: string;
	photos: PhotoView[];
	createdAt: Date;
};

/** A confirmed gift as the public sees it: the label fixed at pledging, never the account behind it. */
export type DonorView = {
	label: string;
	anonymous: boolean;
	kind: GiftKind;
	amountFen: number;
	goods: string;
	hours: number;
	message: string;
	confirmedAt: Date;
	seq: number | null;
};

/** The reader's own gifts to the project, with the receipt codes only they are shown. */
export type MyGiftView = {
	id: number;
	kind: GiftKind;
	amountFen: number;
	goods: string;
	hours: number;
	method: GiftMethod;
	state: GiftState;
	receiptCode: string;
	createdAt: Date;
	seq: number | null;
};

export type ObjectionView = { id: number; body: string; name: string; createdAt: Date };

export type PaymentView = {
	id: number;
	projectId: number;
	amountFen: number;
	payee: string;
	purpose: string;
	state: DisbursementState;
	proposerName: string;
	approverName: string;
	approvedAt: Date | null;
	noticeEndsAt: Date | null;
	paidAt: Date | null;
	seq: number | null;
	endedReason: string;
	receipts: { photo: PhotoView; sha256: string }[];
	objectionCount: number;
	/** Their words, for the village's cadres and the county admin only. */
	objections: ObjectionView[];
	createdAt: Date;
};

/** One line of the ledger as pages show it. */
export type EntryView = {
	seq: number;
	at: string;
	kind: EntryKind;
	amountFen: number;
	label: string;
	donor: string | null;
	hash: string;
	/** The entry this one undoes, or that undid this one. */
	reverses: number | null;
	reversedBy: number | null;
};

/** Cash in and out of a village's projects in one calendar month (Beijing time), for the console's chart. */
export type MonthFlow = { month: string; inFen: number; outFen: number };

/** A gift waiting for a cadre to say it arrived: the console shows who really gave it, the public only the label. */
export type PledgeView = {
	id: number;
	projectId: number;
	projectTitle: string;
	donorName: string;
	anonymous: boolean;
	kind: GiftKind;
	amountFen: number;
	goods: string;
	hours: number;
	method: GiftMethod;
	reference: string;
	message: string;
	createdAt: Date;
};
