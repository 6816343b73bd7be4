// Expert Q&A's forms, read into typed commands: routes parse what was posted with these and the
// domain (src/lib/server/qa) takes only the commands. Text is stored as typed and shown as text.
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { choice, optionalText, parseId, parseWith, requiredLine, requiredText } from '$lib/form-fields';
import { UserError } from '$lib/user-error';
import { maxBodyLength, qaTopics, titleLength, type QaTopic } from './vocabulary';

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
