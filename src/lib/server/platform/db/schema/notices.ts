import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { villages } from './villages';
import { photos } from './media';
import { noticeCategories, type NoticeCategory, noticeAudiences, type NoticeAudience, noticeStatuses, type NoticeStatus, type VersionRow } from '../../../../notices/vocabulary';

const at = (name: string) => integer(name, { mode: 'timestamp_ms' });
const now = sql`(unixepoch('subsec') * 1000)`;

export const notices = sqliteTable(
	'notices',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id, { onDelete: 'cascade' }),
		authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		/** As the cadre typed it; rendered by `renderNoticeBody`, which escapes everything first. */
		body: text('body').notNull(),
		category: text('category', { enum: noticeCategories }).notNull(),
		audience: text('audience', { enum: noticeAudiences }).notNull(),
		pinned: integer('pinned', { mode: 'boolean' }).notNull().default(false),
		/** Asks villagers to press "I have read this". */
		important: integer('important', { mode: 'boolean' }).notNull().default(false),
		status: text('status', { enum: noticeStatuses }).notNull(),
		createdAt: at('created_at').notNull().default(now),
		/** Set once, when first published; the feed is ordered by it. */
		publishedAt: at('published_at'),
		/** Set when a published notice is changed; the previous text is kept in notice_versions. */
		editedAt: at('edited_at'),
		deletedAt: at('deleted_at'),
		deletedBy: integer('deleted_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [
		// One village's published notices, newest first, pinned or not (the Atom feed, lists).
		index('notices_feed_idx').on(t.villageId, t.status, t.publishedAt, t.id),
		// The village feed asks for its few pinned notices and for the rest apart: with `pinned`
		// before the date each is a short walk down the index. Without it, finding the pinned ones
		// read every notice the village ever published (30,000 in a busy one: bench/notice-feed.js).
		index('notices_feed_pinned_idx').on(t.villageId, t.status, t.pinned, t.publishedAt, t.id),
		index('notices_feed_category_idx').on(t.villageId, t.category, t.status, t.pinned, t.publishedAt, t.id),
		// The county feed on the home page for people without a village: public notices, newest first.
		index('notices_public_idx').on(t.status, t.audience, t.publishedAt, t.id)
	]
);

/** The text a published notice had before each edit, so an edit can be checked against what was first said. */
export const noticeVersions = sqliteTable(
	'notice_versions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		noticeId: integer('notice_id')
			.notNull()
			.references(() => notices.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		body: text('body').notNull(),
		/** The disclosure table as it was, for a village-affairs notice; null when it had none. */
		rows: text('rows', { mode: 'json' }).$type<VersionRow[]>(),
		/** When this text was replaced, and by whom. */
		replacedAt: at('replaced_at').notNull(),
		replacedBy: integer('replaced_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index('notice_versions_notice_idx').on(t.noticeId)]
);

export const noticePhotos = sqliteTable(
	'notice_photos',
	{
		noticeId: integer('notice_id')
			.notNull()
			.references(() => notices.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		photoId: text('photo_id')
			.notNull()
			.references(() => photos.id)
	},
	(t) => [primaryKey({ columns: [t.noticeId, t.position] })]
);

/** A line of a village-affairs disclosure: money in (positive) or out (negative), in fen. */
export const disclosureRows = sqliteTable(
	'disclosure_rows',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		noticeId: integer('notice_id')
			.notNull()
			.references(() => notices.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		/** A calendar date, YYYY-MM-DD, as written on the receipt. */
		date: text('date').notNull(),
		item: text('item').notNull(),
		amountFen: integer('amount_fen').notNull(),
		counterparty: text('counterparty').notNull().default(''),
		note: text('note').notNull().default('')
	},
	(t) => [index('disclosure_rows_notice_idx').on(t.noticeId, t.position)]
);

/** One row per villager who opened a notice; acknowledging is a separate, deliberate act. */
export const noticeReads = sqliteTable(
	'notice_reads',
	{
		noticeId: integer('notice_id')
			.notNull()
			.references(() => notices.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		readAt: at('read_at').notNull(),
		acknowledgedAt: at('acknowledged_at')
	},
	(t) => [primaryKey({ columns: [t.noticeId, t.userId] })]
);

export const noticeComments = sqliteTable(
	'notice_comments',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		noticeId: integer('notice_id')
			.notNull()
			.references(() => notices.id, { onDelete: 'cascade' }),
		authorId: integer('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		body: text('body').notNull(),
		createdAt: at('created_at').notNull(),
		hiddenAt: at('hidden_at'),
		hiddenBy: integer('hidden_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index('notice_comments_notice_idx').on(t.noticeId, t.createdAt)]
);

export const commentReports = sqliteTable(
	'comment_reports',
	{
		commentId: integer('comment_id')
			.notNull()
			.references(() => noticeComments.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		reason: text('reason').notNull().default(''),
		createdAt: at('created_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.commentId, t.userId] })]
);

/** A single-choice poll on a notice; one vote per verified villager. */
export const polls = sqliteTable('polls', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	noticeId: integer('notice_id')
		.notNull()
		.unique()
		.references(() => notices.id, { onDelete: 'cascade' }),
	question: text('question').notNull(),
	closesAt: at('closes_at').notNull()
});

export const pollOptions = sqliteTable(
	'poll_options',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		pollId: integer('poll_id')
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		label: text('label').notNull()
	},
	(t) => [uniqueIndex('poll_options_position_unique').on(t.pollId, t.position)]
);

export const pollVotes = sqliteTable(
	'poll_votes',
	{
		pollId: integer('poll_id')
			.notNull()
			.references(() => polls.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		optionId: integer('option_id')
			.notNull()
			.references(() => pollOptions.id, { onDelete: 'cascade' }),
		votedAt: at('voted_at').notNull()
	},
	// One vote per person per poll, whatever the timing of two taps.
	(t) => [primaryKey({ columns: [t.pollId, t.userId] }), index('poll_votes_option_idx').on(t.optionId)]
);

/** 书记信箱: a villager's private letter to their village committee. */
export const letters = sqliteTable(
	'letters',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id, { onDelete: 'cascade' }),
		authorId: integer('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		subject: text('subject').notNull(),
		createdAt: at('created_at').notNull(),
		/** Moves with every message, so both sides see the liveliest threads first. */
		updatedAt: at('updated_at').notNull(),
		/** Only the writer may publish the exchange. */
		publishedAt: at('published_at')
	},
	(t) => [index('letters_village_idx').on(t.villageId, t.updatedAt), index('letters_author_idx').on(t.authorId, t.updatedAt)]
);

export const letterMessages = sqliteTable(
	'letter_messages',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		letterId: integer('letter_id')
			.notNull()
			.references(() => letters.id, { onDelete: 'cascade' }),
		authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
		/** True for a cadre's answer, which is shown as the committee's, not the person's. */
		fromCommittee: integer('from_committee', { mode: 'boolean' }).notNull(),
		body: text('body').notNull(),
		createdAt: at('created_at').notNull()
	},
	(t) => [index('letter_messages_letter_idx').on(t.letterId, t.createdAt)]
);

export type Notice = typeof notices.$inferSelect;
export type NoticeVersion = typeof noticeVersions.$inferSelect;
export type DisclosureRow = typeof disclosureRows.$inferSelect;
export type NoticeComment = typeof noticeComments.$inferSelect;
export type Poll = typeof polls.$inferSelect;
export type PollOption = typeof pollOptions.$inferSelect;
export type Letter = typeof letters.$inferSelect;
export type LetterMessage = typeof letterMessages.$inferSelect;

