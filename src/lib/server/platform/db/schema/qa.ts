import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { villages } from './villages';
import { photos } from './media';
import { notices } from './notices';
import { qaTargets, qaTopics, type QaTarget, type QaTopic } from '../../../../qa/vocabulary';

const at = (name: string) => integer(name, { mode: 'timestamp_ms' });
const now = sql`(unixepoch('subsec') * 1000)`;

/** The crops and animals questions are tagged with: the starting list, and what the county admin added. */
export const qaCrops = sqliteTable(
	'qa_crops',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		name: text('name').notNull(),
		nameEn: text('name_en').notNull(),
		position: integer('position').notNull(),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [uniqueIndex('qa_crops_name_unique').on(t.name)]
);

/** A verified expert (agronomist, vet): verified by the county admin, who alone sees the credential photo. */
export const experts = sqliteTable(
	'experts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		realName: text('real_name').notNull(),
		/** Where they work: 县农技站, 畜牧站… */
		unit: text('unit').notNull(),
		credentialPhotoId: text('credential_photo_id').references(() => photos.id, { onDelete: 'set null' }),
		verifiedBy: integer('verified_by').references(() => users.id, { onDelete: 'set null' }),
		verifiedAt: at('verified_at').notNull(),
		/** No longer verified: the badge goes, what they wrote stays. */
		revokedAt: at('revoked_at')
	},
	(t) => [uniqueIndex('experts_user_unique').on(t.userId)]
);

/** The crops an expert answers for (by the expert's account: kept while a revoked expert may be verified again). */
export const expertCrops = sqliteTable(
	'expert_crops',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		cropId: integer('crop_id')
			.notNull()
			.references(() => qaCrops.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.userId, t.cropId] }), index('expert_crops_crop_idx').on(t.cropId)]
);

/** The topics an expert answers for. */
export const expertTopics = sqliteTable(
	'expert_topics',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		topic: text('topic', { enum: qaTopics }).$type<QaTopic>().notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.topic] })]
);

/** A question from any account, tagged by crop and topic, shown with the asker's village. */
export const qaQuestions = sqliteTable(
	'qa_questions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		askerId: integer('asker_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** The asker's village when they asked (none for a buyer who belongs to none). */
		villageId: integer('village_id').references(() => villages.id, { onDelete: 'set null' }),
		cropId: integer('crop_id')
			.notNull()
			.references(() => qaCrops.id, { onDelete: 'restrict' }),
		topic: text('topic', { enum: qaTopics }).$type<QaTopic>().notNull(),
		title: text('title').notNull(),
		body: text('body').notNull().default(''),
		/** The answer the asker accepted (an id of qa_answers; kept by the domain, which clears it if that answer goes). */
		acceptedAnswerId: integer('accepted_answer_id'),
		/** Visible answers, kept with each answer written or hidden: the lists filter and sort by it. */
		answerCount: integer('answer_count').notNull().default(0),
		meTooCount: integer('me_too_count').notNull().default(0),
		hiddenAt: at('hidden_at'),
		hiddenBy: integer('hidden_by').references(() => users.id, { onDelete: 'set null' }),
		/** Escalation, each done once: the experts of its crop and topic told (24 h), the cadres and the admin (48 h). */
		expertsAlertedAt: at('experts_alerted_at'),
		cadresAlertedAt: at('cadres_alerted_at'),
		createdAt: at('created_at').notNull().default(now),
		editedAt: at('edited_at')
	},
	(t) => [
		check('qa_questions_counts', sql`${t.answerCount} >= 0 AND ${t.meTooCount} >= 0`),
		index('qa_questions_created_idx').on(t.createdAt),
		index('qa_questions_crop_topic_idx').on(t.cropId, t.topic, t.createdAt),
		index('qa_questions_unanswered_idx').on(t.answerCount, t.createdAt),
		index('qa_questions_village_idx').on(t.villageId, t.createdAt),
		index('qa_questions_asker_idx').on(t.askerId, t.createdAt)
	]
);

export const qaQuestionPhotos = sqliteTable(
	'qa_question_photos',
	{
		questionId: integer('question_id')
			.notNull()
			.references(() => qaQuestions.id, { onDelete: 'cascade' }),
		photoId: text('photo_id')
			.notNull()
			.references(() => photos.id, { onDelete: 'cascade' }),
		position: integer('position').notNull()
	},
	(t) => [primaryKey({ columns: [t.questionId, t.position] })]
);

/** An answer from any account; an expert's carries the badge (read from `experts` when shown). */
export const qaAnswers = sqliteTable(
	'qa_answers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		questionId: integer('question_id')
			.notNull()
			.references(() => qaQuestions.id, { onDelete: 'cascade' }),
		authorId: integer('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		body: text('body').notNull(),
		votes: integer('votes').notNull().default(0),
		hiddenAt: at('hidden_at'),
		hiddenBy: integer('hidden_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: at('created_at').notNull().default(now),
		editedAt: at('edited_at')
	},
	(t) => [check('qa_answers_votes', sql`${t.votes} >= 0`), index('qa_answers_question_idx').on(t.questionId, t.id), index('qa_answers_author_idx').on(t.authorId, t.createdAt)]
);

export const qaAnswerPhotos = sqliteTable(
	'qa_answer_photos',
	{
		answerId: integer('answer_id')
			.notNull()
			.references(() => qaAnswers.id, { onDelete: 'cascade' }),
		photoId: text('photo_id')
			.notNull()
			.references(() => photos.id, { onDelete: 'cascade' }),
		position: integer('position').notNull()
	},
	(t) => [primaryKey({ columns: [t.answerId, t.position] })]
);

/** What a question or an answer said before an edit: the history an edit keeps. */
export const qaEdits = sqliteTable(
	'qa_edits',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		target: text('target', { enum: qaTargets }).$type<QaTarget>().notNull(),
		refId: integer('ref_id').notNull(),
		editorId: integer('editor_id').references(() => users.id, { onDelete: 'set null' }),
		/** The title before (questions only). */
		title: text('title'),
		body: text('body').notNull(),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [index('qa_edits_target_idx').on(t.target, t.refId, t.id)]
);

/** One vote up per account on an answer. */
export const qaVotes = sqliteTable(
	'qa_votes',
	{
		answerId: integer('answer_id')
			.notNull()
			.references(() => qaAnswers.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.answerId, t.userId] })]
);

/** "我也遇到了": counted, and followed (told of new answers and the accepted one). */
export const qaMeToos = sqliteTable(
	'qa_me_toos',
	{
		questionId: integer('question_id')
			.notNull()
			.references(() => qaQuestions.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [primaryKey({ columns: [t.questionId, t.userId] }), index('qa_me_toos_user_idx').on(t.userId), index('qa_me_toos_created_idx').on(t.createdAt)]
);

/** A report of a question or an answer, for the admin and the question's village cadres; one per account and target. */
export const qaReports = sqliteTable(
	'qa_reports',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		target: text('target', { enum: qaTargets }).$type<QaTarget>().notNull(),
		refId: integer('ref_id').notNull(),
		reporterId: integer('reporter_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		reason: text('reason').notNull(),
		createdAt: at('created_at').notNull().default(now),
		resolvedAt: at('resolved_at')
	},
	(t) => [uniqueIndex('qa_reports_unique').on(t.target, t.refId, t.reporterId), index('qa_reports_open_idx').on(t.resolvedAt, t.createdAt)]
);

/** "可能在流行": many households in one county asking about the same crop and topic within days. */
export const qaAlerts = sqliteTable(
	'qa_alerts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		county: text('county').notNull(),
		cropId: integer('crop_id')
			.notNull()
			.references(() => qaCrops.id, { onDelete: 'cascade' }),
		topic: text('topic', { enum: qaTopics }).$type<QaTopic>().notNull(),
		/** Distinct villagers who asked or pressed me-too in the window. */
		households: integer('households').notNull(),
		windowStart: at('window_start').notNull(),
		createdAt: at('created_at').notNull().default(now),
		/**
		 * Unused: a notice is made per village (qa_alert_notices). Kept because SQLite cannot drop
		 * a column with a foreign key without rebuilding the table, which would cascade-delete
		 * qa_alert_questions inside the migration's transaction.
		 */
		noticeId: integer('notice_id').references(() => notices.id, { onDelete: 'set null' })
	},
	(t) => [index('qa_alerts_subject_idx').on(t.county, t.cropId, t.topic, t.createdAt)]
);

/** The questions an alert lists. */
export const qaAlertQuestions = sqliteTable(
	'qa_alert_questions',
	{
		alertId: integer('alert_id')
			.notNull()
			.references(() => qaAlerts.id, { onDelete: 'cascade' }),
		questionId: integer('question_id')
			.notNull()
			.references(() => qaQuestions.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.alertId, t.questionId] })]
);

/** The notice a village's cadre made of an alert, in one step: one per alert and village. */
export const qaAlertNotices = sqliteTable(
	'qa_alert_notices',
	{
		alertId: integer('alert_id')
			.notNull()
			.references(() => qaAlerts.id, { onDelete: 'cascade' }),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id, { onDelete: 'cascade' }),
		noticeId: integer('notice_id')
			.notNull()
			.references(() => notices.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.alertId, t.villageId] })]
);

export type QaCrop = typeof qaCrops.$inferSelect;
export type Expert = typeof experts.$inferSelect;
export type QaQuestion = typeof qaQuestions.$inferSelect;
export type QaAnswer = typeof qaAnswers.$inferSelect;
export type QaAlert = typeof qaAlerts.$inferSelect;
