// The notices pillar's form schemas: a notice with its table and poll, a comment, a letter to
// the committee and its replies. Routes parse the posted form with them (parseWith) and hand the
// typed result to the pillar's functions; the messages are the reader's language.
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { checkbox, choice, formText, parseBeijingTime, parseId, requiredLine, requiredText } from '$lib/form-fields';
import { normalizeLine, normalizeText } from '$lib/typed-text';
import { bodyMaxLength, subjectMaxLength } from '$lib/letters';
import { findUnsafeMarkup } from './format';
import { noticeAudiences, noticeCategories, type NoticeCategory } from './vocabulary';
import { parseDisclosureTable, type DisclosureLine } from './disclosure';
import { disclosureProblemMessage } from './disclosure-messages';

/** A pasted table for a notice of `category`: its rows (none for an empty field), or what is wrong with it. */
export function readDisclosure(text: string, category: NoticeCategory): { rows: DisclosureLine[] } | { problem: string } {
	const typed = normalizeText(text);
	if (!typed) return { rows: [] };
	if (category !== 'affairs') return { problem: m.error_disclosure_not_affairs() };
	const parsed = parseDisclosureTable(typed);
	return parsed.ok ? { rows: parsed.rows } : { problem: disclosureProblemMessage(parsed.problem, parsed.line) };
}

export type PollInput = { question: string; options: string[]; closesAt: Date };

export const maxPollOptions = 10;
const yearMs = 366 * 24 * 60 * 60 * 1000;

type PollFields = { pollQuestion: string; pollOptions: string; pollClosesAt: string };

/** The poll fields of the notice form: none filled in means no poll; otherwise a poll, or what is wrong with it. */
export function readPoll(fields: PollFields, now = new Date()): { poll: PollInput | null } | { problem: string } {
	const question = normalizeLine(fields.pollQuestion);
	const options = normalizeText(fields.pollOptions).split('\n').map(normalizeLine).filter(Boolean);
	if (!question && options.length === 0) return { poll: null };
	if (!question) return { problem: m.error_poll_question_required() };
	if (question.length > 100) return { problem: m.error_poll_question_long() };
	if (options.length < 2) return { problem: m.error_poll_options_few() };
	if (options.length > maxPollOptions) return { problem: m.error_poll_options_many({ max: maxPollOptions }) };
	if (options.some((option) => option.length > 40)) return { problem: m.error_poll_option_long() };
	if (new Set(options).size !== options.length) return { problem: m.error_poll_options_duplicate() };
	const closesAt = parseBeijingTime(fields.pollClosesAt);
	if (!closesAt) return { problem: m.error_poll_closes_invalid() };
	if (closesAt <= now) return { problem: m.error_poll_closes_past() };
	if (closesAt.getTime() - now.getTime() > yearMs) return { problem: m.error_poll_closes_far() };
	return { poll: { question, options, closesAt } };
}

const noticeEntries = {
	title: requiredLine(60, m.error_notice_title_required, m.error_notice_title_long),
	body: v.pipe(
		requiredText(5000, m.error_notice_body_required, m.error_notice_body_long),
		v.check((body) => findUnsafeMarkup(body) === null, () => m.error_notice_body_markup())
	),
	category: choice(noticeCategories, () => m.error_notice_category()),
	audience: choice(noticeAudiences, () => m.error_notice_audience()),
	// Ticked boxes post `on`; `true` is kept for writes sent by script.
	pinned: checkbox('true'),
	important: checkbox('true'),
	pollQuestion: formText,
	pollOptions: formText,
	pollClosesAt: formText
};

/** The notice's own fields, as stored, and its poll; a poll that is refused adds the form's one issue (the output is then dropped). */
function withPoll<T extends PollFields>({ pollQuestion, pollOptions, pollClosesAt, ...rest }: T, addIssue: (issue: { message: string }) => void) {
	const read = readPoll({ pollQuestion, pollOptions, pollClosesAt });
	if ('problem' in read) addIssue({ message: read.problem });
	return { ...rest, poll: 'poll' in read ? read.poll : null };
}

/** An edit: the table is changed row by row on the edit page, so only the notice and its poll. */
export const noticeEditForm = v.pipe(
	v.object(noticeEntries),
	v.rawTransform(({ dataset, addIssue }) => withPoll(dataset.value, addIssue))
);
export type NoticeEditInput = v.InferOutput<typeof noticeEditForm>;

/** A new notice: its fields, a pasted table (village affairs only), then its poll, each refused with its own message. */
export const noticeForm = v.pipe(
	v.object({ ...noticeEntries, disclosure: formText }),
	v.rawTransform(({ dataset, addIssue, NEVER }) => {
		const { disclosure, ...rest } = dataset.value;
		const table = readDisclosure(disclosure, rest.category);
		if ('problem' in table) {
			addIssue({ message: table.problem });
			return NEVER;
		}
		return { ...withPoll(rest, addIssue), disclosure: table.rows };
	})
);
export type NoticeInput = v.InferOutput<typeof noticeForm>;

/** Publish now, or keep as a draft only the committee sees. */
export type NoticeIntent = 'publish' | 'draft';

export function parseIntent(value: string | undefined): NoticeIntent {
	return value === 'draft' ? 'draft' : 'publish';
}

const tableCell = v.pipe(formText, v.transform(normalizeLine));

/**
 * Rows for a notice's table: pasted (`rows`), or one typed cell by cell, which becomes one
 * tab-separated line, so both ways in share one parser (readDisclosure).
 */
export const disclosureEntryForm = v.pipe(
	v.object({ rows: v.optional(v.string()), date: tableCell, item: tableCell, amount: tableCell, counterparty: tableCell, note: tableCell }),
	v.transform(({ rows, date, item, amount, counterparty, note }) => {
		const typed = [date, item, amount, counterparty, note];
		return rows ?? (typed.some((cell) => cell !== '') ? typed.join('\t') : '');
	})
);

export { parsePhotoChoices, type PhotoChoices } from '$lib/photo-choices';

/** The option chosen, or null for none or anything that is not an option's id: the poll refuses it once it knows who votes on what. */
export const voteForm = v.object({ option: v.pipe(formText, v.transform((value: string) => parseId(value))) });
export type VoteInput = v.InferOutput<typeof voteForm>;

export const commentForm = v.object({ body: requiredText(500, m.error_comment_required, m.error_comment_long) });
export type CommentInput = v.InferOutput<typeof commentForm>;

/** One line: whatever whitespace was typed or pasted becomes single spaces. */
const letterSubject = v.pipe(
	requiredLine(subjectMaxLength, m.error_letter_subject_required, () => m.error_letter_subject_long({ max: subjectMaxLength })),
	v.transform((text) => text.replace(/\s+/g, ' '))
);

/** Plain text, shown with its line breaks; a form posts them as CRLF, which counts as one character like the textarea does. */
const letterBody = requiredText(bodyMaxLength, m.error_letter_body_required, () => m.error_letter_body_long({ max: bodyMaxLength }));

/** A letter names its village by slug; whether the writer may write there is the pillar's to check. */
export const letterForm = v.object({
	village: v.pipe(formText, v.trim(), v.minLength(1, () => m.error_letter_village_required())),
	subject: letterSubject,
	body: letterBody
});
export type LetterInput = v.InferOutput<typeof letterForm>;

/** A reply of the writer's or an answer of the committee's. */
export const letterMessageForm = v.object({ body: letterBody });
export type LetterMessageInput = v.InferOutput<typeof letterMessageForm>;
