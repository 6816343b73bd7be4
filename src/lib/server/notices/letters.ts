import { and, asc, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, existsPerRow, letterMessages, letters, transaction, users, villages, type Letter, type LetterMessage, type Tx } from '$lib/server/platform/db';
import { recordAudit } from './audit-actions';
import { isRowId } from '$lib/server/platform/forms';
import { UserError } from '$lib/server/platform/user-error';
import { limits, spendAllowance } from '$lib/server/platform/throttle';
import { findVillageBySlug, rolesIn } from '$lib/server/villages';
import type { LetterState } from '$lib/letters';
import type { LetterInput, LetterMessageInput } from '$lib/notices/forms';

export type LetterLine = {
	id: number;
	subject: string;
	village: { name: string; slug: string };
	authorName: string;
	createdAt: Date;
	updatedAt: Date;
	publishedAt: Date | null;
	state: LetterState;
};

export type ThreadMessage = {
	id: number;
	body: string;
	createdAt: Date;
	fromCommittee: boolean;
	/** The cadre who answered, or the writer; null where the writer is not shown (the public page) or the account is gone. */
	authorName: string | null;
};

export type LetterThread = Omit<LetterLine, 'authorName'> & {
	/** Null when the viewer is neither the writer nor a cadre: published letters do not name their writer. */
	authorName: string | null;
	messages: ThreadMessage[];
	viewer: { isAuthor: boolean; isCadre: boolean };
};

export type PublishedLetter = { id: number; subject: string; publishedAt: Date; messages: ThreadMessage[] };

async function findLetter(handle: Tx, letterId: number): Promise<Letter | undefined> {
	// PostgreSQL refuses 1.5 or 2^60 as an integer where SQLite finds nothing: either way, no letter.
	if (!isRowId(letterId)) return undefined;
	const [letter] = await handle.select().from(letters).where(eq(letters.id, letterId)).limit(1);
	return letter;
}

/** The same refusal whether the letter does not exist or belongs to someone else: a private letter is never revealed. */
const notFound = () => new UserError(m.error_letter_not_found(), 404);

async function ownLetter(handle: Tx, authorId: number, letterId: number): Promise<Letter> {
	const letter = await findLetter(handle, letterId);
	if (!letter || letter.authorId !== authorId) throw notFound();
	return letter;
}

async function addMessage(tx: Tx, letter: Letter, authorId: number, fromCommittee: boolean, body: string, now: Date): Promise<LetterMessage> {
	const [message] = await tx.insert(letterMessages).values({ letterId: letter.id, authorId, fromCommittee, body, createdAt: now }).returning();
	await tx.update(letters).set({ updatedAt: now }).where(eq(letters.id, letter.id));
	return message;
}

/**
 * A verified villager writes to the committee of their own village. The form
 * names the village by slug; any other village is refused and nothing is stored.
 */
export async function writeLetter(authorId: number, fields: LetterInput, now = new Date()): Promise<Letter> {
	const village = await findVillageBySlug(fields.village);
	if (!village) throw new UserError(m.error_village_not_found(), 404);
	if (!(await rolesIn(authorId, village.id)).has('villager')) throw new UserError(m.error_letter_not_villager({ village: village.name }), 403);
	return transaction(async (tx) => {
		await spendAllowance(tx, limits.letter, authorId, now);
		const [letter] = await tx
			.insert(letters)
			.values({ villageId: village.id, authorId, subject: fields.subject, createdAt: now, updatedAt: now })
			.returning();
		await addMessage(tx, letter, authorId, false, fields.body, now);
		return letter;
	});
}

/** The writer adds to their own letter, before or after an answer. */
export async function replyToLetter(authorId: number, letterId: number, { body }: LetterMessageInput, now = new Date()): Promise<LetterMessage> {
	const letter = await ownLetter(db, authorId, letterId);
	return transaction(async (tx) => {
		await spendAllowance(tx, limits.letter, authorId, now);
		return addMessage(tx, letter, authorId, false, body, now);
	});
}

/** A cadre of the letter's village answers for the committee; the answer carries the cadre's name and is audited. */
export async function answerLetter(cadreId: number, letterId: number, { body }: LetterMessageInput, now = new Date()): Promise<LetterMessage> {
	const letter = await findLetter(db, letterId);
	if (!letter || !(await rolesIn(cadreId, letter.villageId)).has('cadre')) throw notFound();
	return transaction(async (tx) => {
		const message = await addMessage(tx, letter, cadreId, true, body, now);
		await recordAudit(
			tx,
			{ actorId: cadreId, villageId: letter.villageId, action: 'letter.answered', subjectUserId: letter.authorId, detail: { letterId: letter.id, subject: letter.subject } },
			now
		);
		return message;
	});
}

// Spelled out in full: drizzle drops the table name from columns in a one-table query, and these subqueries need it.
// from_committee is a boolean on PostgreSQL and 0/1 on SQLite; `= true` reads the same on both.
const thisLetter = sql`${letters}.${sql.identifier(letters.id.name)}`;
const hasAnswer = existsPerRow(sql`select 1 from ${letterMessages} lm where lm.letter_id = ${thisLetter} and lm.from_committee = true`);
const lastFromCommittee = sql`(select lm.from_committee from ${letterMessages} lm where lm.letter_id = ${thisLetter} order by lm.created_at desc, lm.id desc limit 1)`;
/** 0 for a letter nobody has answered, 1 for one with something new from the writer, 2 for one the committee answered last. */
const stateRank = sql<number>`case when not ${hasAnswer} then 0 when ${lastFromCommittee} = true then 2 else 1 end`;
const ranks: LetterState[] = ['waiting', 'followed-up', 'answered'];

/** The writer may publish an exchange once the committee has answered it, and take it back at any time. */
export async function publishLetter(authorId: number, letterId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const letter = await ownLetter(tx, authorId, letterId);
		if (letter.publishedAt) return;
		const [{ answered }] = await tx.select({ answered: hasAnswer }).from(letters).where(eq(letters.id, letter.id));
		if (!answered) throw new UserError(m.error_letter_publish_unanswered());
		await tx.update(letters).set({ publishedAt: now }).where(eq(letters.id, letter.id));
	});
}

export async function unpublishLetter(authorId: number, letterId: number): Promise<void> {
	await transaction(async (tx) => {
		const letter = await ownLetter(tx, authorId, letterId);
		await tx.update(letters).set({ publishedAt: null }).where(eq(letters.id, letter.id));
	});
}

function selectLetterLines() {
	return db
		.select({
			id: letters.id,
			subject: letters.subject,
			village: { name: villages.name, slug: villages.slug },
			authorName: users.displayName,
			createdAt: letters.createdAt,
			updatedAt: letters.updatedAt,
			publishedAt: letters.publishedAt,
			rank: stateRank
		})
		.from(letters)
		.innerJoin(villages, eq(villages.id, letters.villageId))
		.innerJoin(users, eq(users.id, letters.authorId));
}

function toLine({ rank, ...line }: { rank: number } & Omit<LetterLine, 'state'>): LetterLine {
	return { ...line, state: ranks[rank] };
}

/** The writer's own letters, the liveliest first. */
export async function listLettersByAuthor(authorId: number, limit = 50): Promise<LetterLine[]> {
	return (await selectLetterLines().where(eq(letters.authorId, authorId)).orderBy(desc(letters.updatedAt), desc(letters.id)).limit(limit)).map(toLine);
}

/** The committee's inbox (the caller proves the cadre): letters nobody answered first, then new words from writers, then the rest. */
export async function listVillageLetters(villageId: number, limit = 50): Promise<LetterLine[]> {
	const rows = await selectLetterLines()
		.where(eq(letters.villageId, villageId))
		.orderBy(asc(stateRank), desc(letters.updatedAt), desc(letters.id))
		.limit(limit);
	return rows.map(toLine);
}

export async function countWaitingLetters(villageId: number): Promise<number> {
	const [row] = await db.select({ n: count() }).from(letters).where(and(eq(letters.villageId, villageId), sql`${stateRank} < 2`));
	return row?.n ?? 0;
}

function listMessages(letterIds: number[]): Promise<(ThreadMessage & { letterId: number })[]> {
	if (letterIds.length === 0) return Promise.resolve([]);
	return db
		.select({
			id: letterMessages.id,
			letterId: letterMessages.letterId,
			body: letterMessages.body,
			createdAt: letterMessages.createdAt,
			fromCommittee: letterMessages.fromCommittee,
			authorName: users.displayName
		})
		.from(letterMessages)
		.leftJoin(users, eq(users.id, letterMessages.authorId))
		.where(inArray(letterMessages.letterId, letterIds))
		.orderBy(asc(letterMessages.createdAt), asc(letterMessages.id));
}

/** The public never sees who wrote: only the committee's side carries a name. */
const withoutWriter = (message: ThreadMessage): ThreadMessage => (message.fromCommittee ? message : { ...message, authorName: null });

/** Published exchanges of a village for anyone, most recently published first; one more than asked tells the page there are older ones. */
export async function listPublishedLetters(villageId: number, { limit = 10, offset = 0 } = {}): Promise<PublishedLetter[]> {
	const rows = await db
		.select({ id: letters.id, subject: letters.subject, publishedAt: letters.publishedAt })
		.from(letters)
		.where(and(eq(letters.villageId, villageId), isNotNull(letters.publishedAt)))
		.orderBy(desc(letters.publishedAt), desc(letters.id))
		.limit(limit)
		.offset(offset);
	const messages = await listMessages(rows.map((row) => row.id));
	return rows.map((row) => ({
		id: row.id,
		subject: row.subject,
		publishedAt: row.publishedAt!,
		messages: messages.filter((message) => message.letterId === row.id).map(withoutWriter)
	}));
}

/**
 * A thread for one viewer: its writer, the cadres of its village, or anyone
 * once it is published. Undefined otherwise, exactly as for a letter that does
 * not exist, so the page answers 404 either way.
 */
export async function findLetterThread(letterId: number, viewerId: number | null): Promise<LetterThread | undefined> {
	const letter = await findLetter(db, letterId);
	if (!letter) return undefined;
	const isAuthor = viewerId === letter.authorId;
	const isCadre = viewerId !== null && (await rolesIn(viewerId, letter.villageId)).has('cadre');
	if (!isAuthor && !isCadre && !letter.publishedAt) return undefined;
	const [row] = await selectLetterLines().where(eq(letters.id, letter.id));
	const line = toLine(row);
	const messages = await listMessages([letter.id]);
	const insider = isAuthor || isCadre;
	return {
		...line,
		authorName: insider ? line.authorName : null,
		messages: insider ? messages : messages.map(withoutWriter),
		viewer: { isAuthor, isCadre }
	};
}
