import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts';
import { villages } from './villages';
import { photos } from './media';
import {
	disbursementStates,
	entryKinds,
	giftKinds,
	giftMethods,
	giftStates,
	projectCategories,
	projectStates,
	type DisbursementState,
	type EntryKind,
	type GiftKind,
	type GiftMethod,
	type GiftState,
	type ProjectCategory,
	type ProjectState
} from '../../../../charity/vocabulary';

const at = (name: string) => integer(name, { mode: 'timestamp_ms' });
const now = sql`(unixepoch('subsec') * 1000)`;

/**
 * A village's charity project. `raisedFen` is the cash confirmed into it (the progress bar);
 * `availableFen` is what the ledger holds for it less what approved payments will take: an
 * approval takes its amount with one guarded update, and the CHECK keeps it from going below zero.
 * A project with ledger entries is never deleted.
 */
export const charityProjects = sqliteTable(
	'charity_projects',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id, { onDelete: 'restrict' }),
		title: text('title').notNull(),
		category: text('category', { enum: projectCategories }).$type<ProjectCategory>().notNull(),
		goalFen: integer('goal_fen').notNull(),
		description: text('description').notNull().default(''),
		/** Calendar days as YYYY-MM-DD, in the village's time. */
		startsOn: text('starts_on'),
		endsOn: text('ends_on'),
		responsibleId: integer('responsible_id').references(() => users.id, { onDelete: 'set null' }),
		state: text('state', { enum: projectStates }).$type<ProjectState>().notNull().default('draft'),
		raisedFen: integer('raised_fen').notNull().default(0),
		availableFen: integer('available_fen').notNull().default(0),
		createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: at('created_at').notNull().default(now),
		updatedAt: at('updated_at').notNull().default(now)
	},
	(t) => [
		check('charity_projects_money', sql`${t.goalFen} > 0 AND ${t.raisedFen} >= 0 AND ${t.availableFen} >= 0`),
		index('charity_projects_village_idx').on(t.villageId, t.state, t.createdAt),
		index('charity_projects_state_idx').on(t.state, t.createdAt)
	]
);

export const charityProjectPhotos = sqliteTable(
	'charity_project_photos',
	{
		projectId: integer('project_id')
			.notNull()
			.references(() => charityProjects.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		photoId: text('photo_id')
			.notNull()
			.references(() => photos.id, { onDelete: 'restrict' })
	},
	(t) => [primaryKey({ columns: [t.projectId, t.position] })]
);

/**
 * A gift pledged to a project: cash (through the manual payment provider), goods or volunteer
 * hours. It enters the ledger only when a cadre confirms it arrived. `donorLabel` is what the
 * public sees: the donor's name, or 爱心人士 for an anonymous gift, fixed when it was pledged.
 * `receiptCode` finds the gift's entry in the public ledger.
 */
export const charityGifts = sqliteTable(
	'charity_gifts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		projectId: integer('project_id')
			.notNull()
			.references(() => charityProjects.id, { onDelete: 'restrict' }),
		donorId: integer('donor_id').references(() => users.id, { onDelete: 'set null' }),
		kind: text('kind', { enum: giftKinds }).$type<GiftKind>().notNull(),
		amountFen: integer('amount_fen').notNull().default(0),
		/** What goods ("化肥 20 袋"), or for hours what the work was. */
		goods: text('goods').notNull().default(''),
		hours: integer('hours').notNull().default(0),
		anonymous: integer('anonymous', { mode: 'boolean' }).notNull().default(false),
		donorLabel: text('donor_label').notNull(),
		message: text('message').notNull().default(''),
		method: text('method', { enum: giftMethods }).$type<GiftMethod>().notNull(),
		/** The bank transfer's reference the donor gave, for the treasurer to match. */
		reference: text('reference').notNull().default(''),
		state: text('state', { enum: giftStates }).$type<GiftState>().notNull().default('pledged'),
		receiptCode: text('receipt_code').notNull(),
		confirmedBy: integer('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
		confirmedAt: at('confirmed_at'),
		/** Its entry in the village's ledger, once confirmed. */
		ledgerSeq: integer('ledger_seq'),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [
		check(
			'charity_gifts_amount',
			sql`(${t.kind} = 'money' AND ${t.amountFen} BETWEEN 100 AND 5000000 AND ${t.hours} = 0) OR (${t.kind} = 'goods' AND ${t.amountFen} = 0 AND ${t.hours} = 0) OR (${t.kind} = 'hours' AND ${t.amountFen} = 0 AND ${t.hours} > 0)`
		),
		uniqueIndex('charity_gifts_receipt_unique').on(t.receiptCode),
		index('charity_gifts_project_idx').on(t.projectId, t.state, t.createdAt),
		index('charity_gifts_donor_idx').on(t.donorId, t.createdAt)
	]
);

/**
 * A payment out of a project, four eyes: proposed by one cadre, approved by another (or by the
 * county admin where the village has one cadre), shown for the 公示 notice period, then paid.
 */
export const charityDisbursements = sqliteTable(
	'charity_disbursements',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		projectId: integer('project_id')
			.notNull()
			.references(() => charityProjects.id, { onDelete: 'restrict' }),
		amountFen: integer('amount_fen').notNull(),
		payee: text('payee').notNull(),
		purpose: text('purpose').notNull(),
		state: text('state', { enum: disbursementStates }).$type<DisbursementState>().notNull().default('proposed'),
		proposedBy: integer('proposed_by').references(() => users.id, { onDelete: 'set null' }),
		approvedBy: integer('approved_by').references(() => users.id, { onDelete: 'set null' }),
		approvedAt: at('approved_at'),
		noticeDays: integer('notice_days').notNull().default(3),
		noticeEndsAt: at('notice_ends_at'),
		/** Who rejected or withdrew it, and why. */
		endedBy: integer('ended_by').references(() => users.id, { onDelete: 'set null' }),
		endedReason: text('ended_reason').notNull().default(''),
		paidAt: at('paid_at'),
		ledgerSeq: integer('ledger_seq'),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [
		check('charity_disbursements_amount', sql`${t.amountFen} > 0 AND ${t.noticeDays} BETWEEN 0 AND 7`),
		index('charity_disbursements_project_idx').on(t.projectId, t.state, t.createdAt),
		index('charity_disbursements_due_idx').on(t.state, t.noticeEndsAt)
	]
);

/** A disbursement's receipt photos, each with the SHA-256 of the file as stored: the ledger carries them. */
export const charityReceiptPhotos = sqliteTable(
	'charity_receipt_photos',
	{
		disbursementId: integer('disbursement_id')
			.notNull()
			.references(() => charityDisbursements.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		photoId: text('photo_id')
			.notNull()
			.references(() => photos.id, { onDelete: 'restrict' }),
		sha256: text('sha256').notNull()
	},
	(t) => [primaryKey({ columns: [t.disbursementId, t.position] })]
);

/** A villager's objection to a disbursement during its notice period: the cadres and the admin see it. */
export const charityObjections = sqliteTable(
	'charity_objections',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		disbursementId: integer('disbursement_id')
			.notNull()
			.references(() => charityDisbursements.id, { onDelete: 'cascade' }),
		userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		createdAt: at('created_at').notNull().default(now)
	},
	(t) => [index('charity_objections_disbursement_idx').on(t.disbursementId, t.createdAt)]
);

/**
 * One village's ledger: an append-only hash chain (docs/ledger.md). `body` is the entry's
 * canonical JSON exactly as hashed; the other columns repeat what lists and sums need. The
 * database refuses UPDATE and DELETE (triggers in the migrations); (village, seq) and the hash
 * are unique, so two writers can never fork the chain.
 */
export const ledgerEntries = sqliteTable(
	'ledger_entries',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id, { onDelete: 'restrict' }),
		seq: integer('seq').notNull(),
		kind: text('kind', { enum: entryKinds }).$type<EntryKind>().notNull(),
		projectId: integer('project_id').references(() => charityProjects.id, { onDelete: 'restrict' }),
		amountFen: integer('amount_fen').notNull(),
		recordedAt: at('recorded_at').notNull(),
		body: text('body').notNull(),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull()
	},
	(t) => [
		check('ledger_entries_seq', sql`${t.seq} > 0`),
		uniqueIndex('ledger_entries_village_seq_unique').on(t.villageId, t.seq),
		uniqueIndex('ledger_entries_hash_unique').on(t.hash),
		index('ledger_entries_project_idx').on(t.projectId, t.seq)
	]
);

/** The deployment's Ed25519 key that signs every village's checkpoints: made on first start. */
export const ledgerKeys = sqliteTable('ledger_keys', {
	/** 'checkpoints': the one key in use (a name, so a concurrent first start inserts it once). */
	name: text('name').primaryKey(),
	/** 32 raw bytes, base64: published on every ledger. */
	publicKey: text('public_key').notNull(),
	/** PKCS #8, base64. */
	privateKey: text('private_key').notNull(),
	createdAt: at('created_at').notNull().default(now)
});
