// Expert Q&A's forms, read into typed commands: routes parse what was posted with these and the
// domain (src/lib/server/qa) takes only the commands. Text is stored as typed and shown as text.
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { choice, optionalText, parseId, parseWith, pick, requiredLine, requiredText } from '$lib/form-fields';
import { UserError } from '$lib/user-error';
import { maxBodyLength, maxReportLength, qaTargets, qaTopics, titleLength, type QaTarget, type QaTopic } from './vocabulary';

type Fields = Record<string, string | undefined>;

export type QuestionInput = { title: string; body: string; cropId: number; topic: QaTopic };
export type AnswerInput = { body: string };

const questionSchema = v.object({
	title: v.pipe(
		requiredLine(titleLength.max, () => m.qa_error_title_empty(), () => m.qa_error_title_long({ max: titleLength.max })),
		v.minLength(titleLength.min, () => m.qa_error_title_short({ min: titleLength.min }))
	),
	body: optionalText(maxBodyLength, () => m.qa_error_body_long({ max: maxBodyLength })),
	topic: choice(qaTopics, () => m.qa_error_topic())
});

/** A question as asked; the crop is checked against the county's list by the domain. */
export function parseQuestionForm(fields: Fields): QuestionInput {
	const cropId = parseId(fields.cropId);
	if (cropId === null) throw new UserError(m.qa_error_crop());
	return { ...parseWith(questionSchema, fields), cropId };
}

const answerSchema = v.object({
	body: requiredText(maxBodyLength, () => m.qa_error_answer_empty(), () => m.qa_error_body_long({ max: maxBodyLength }))
});

export const parseAnswerForm = (fields: Fields): AnswerInput => parseWith(answerSchema, fields);

/** An edit keeps the question's crop and topic: only what the asker wrote changes. */
export type QuestionEditInput = Pick<QuestionInput, 'title' | 'body'>;

const questionEditSchema = v.pick(questionSchema, ['title', 'body']);

export const parseQuestionEditForm = (fields: Fields): QuestionEditInput => parseWith(questionEditSchema, fields);

/** What a report, a hide or an unhide is about: the small forms beside a question and each answer. */
export type TargetInput = { target: QaTarget; refId: number };

export function parseTargetForm(fields: Fields): TargetInput {
	const target = pick(fields.target, qaTargets);
	const refId = parseId(fields.refId);
	if (target === null || refId === null) throw new UserError(m.error_bad_request());
	return { target, refId };
}

export type ReportInput = TargetInput & { reason: string };

const reportSchema = v.object({
	reason: requiredText(maxReportLength, () => m.qa_error_report_reason_empty(), () => m.qa_error_report_reason_long({ max: maxReportLength }))
});

export const parseReportForm = (fields: Fields): ReportInput => ({ ...parseTargetForm(fields), ...parseWith(reportSchema, fields) });

export type ExpertInput = { username: string; realName: string; unit: string; cropIds: number[]; topics: QaTopic[] };

const expertSchema = v.object({
	username: requiredLine(40, () => m.qa_error_expert_username(), () => m.qa_error_expert_username()),
	realName: requiredLine(20, () => m.qa_error_expert_name_empty(), () => m.qa_error_expert_name_long({ max: 20 })),
	unit: requiredLine(40, () => m.qa_error_expert_unit_empty(), () => m.qa_error_expert_unit_long({ max: 40 }))
});

/** The admin's verification form: the account, the person, and the specialities ticked (`crop-<id>`, `topic-<topic>`). */
export function parseExpertForm(fields: Fields): ExpertInput {
	const cropIds = Object.keys(fields)
		.filter((key) => key.startsWith('crop-'))
		.map((key) => parseId(key.slice('crop-'.length)))
		.filter((id): id is number => id !== null);
	const topics = qaTopics.filter((topic) => fields[`topic-${topic}`] !== undefined);
	const input = parseWith(expertSchema, fields);
	if (cropIds.length === 0 || topics.length === 0) throw new UserError(m.qa_error_expert_specialities());
	return { ...input, username: input.username.toLowerCase(), cropIds: [...new Set(cropIds)], topics };
}

export type CropInput = { name: string; nameEn: string };

const cropSchema = v.object({
	name: requiredLine(10, () => m.qa_error_crop_name_empty(), () => m.qa_error_crop_name_long({ max: 10 })),
	nameEn: requiredLine(30, () => m.qa_error_crop_name_en_empty(), () => m.qa_error_crop_name_long({ max: 30 }))
});

/** A crop or animal the county admin adds to the list. */
export const parseCropForm = (fields: Fields): CropInput => parseWith(cropSchema, fields);
