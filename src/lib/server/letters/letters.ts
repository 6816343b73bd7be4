import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { db, letterMessages, letters, users, villages, type Letter, type LetterMessage } from '$lib/server/db';
import { recordAudit } from '$lib/server/audit';
import { parseWith, requiredLine, requiredText } from '$lib/server/forms';
import { UserError } from '$lib/server/user-error';
import { limits, spendAllowance } from '$lib/server/throttle';
import { rolesIn } from '$lib/server/villages/memberships';
import { findVillageBySlug } from '$lib/server/villages/villages';
import { bodyMaxLength, subjectMaxLength, type LetterState } from '$lib/letters';

/** One line: whatever whitespace was typed or pasted becomes single spaces. */
const subjectSchema = v.pipe(
	requiredLine(subjectMaxLength, m.error_letter_subject_required, () => m.error_letter_subject_long({ max: subjectMaxLength })),
	v.transform((text) => text.replace(/\s+/g, ' '))
);

/** Plain text, shown with its line breaks; a form posts them as CRLF, which counts as one character like the textarea does. */
const bodySchema = requiredText(bodyMaxLength, m.error_letter_body_required, () => m.error_letter_body_long({ max: bodyMaxLength }));

const letterSchema = v.object({
	village: v.pipe(v.optional(v.string(), ''), v.trim(), v.minLength(1, () => m.error_letter_village_required())),
	subject: subjectSchema,
	body: bodySchema
});

const messageSchema = v.object({ body: bodySchema });

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

function findLetter(letterId: number): Letter | undefined {
	return db.select().from(letters).where(eq(letters.id, letterId)).get();
}

/** The same refusal whether the letter does not exist or belongs to someone else: a private letter is never revealed. */
const notFound = () => new UserError(m.error_letter_not_found(), 404);

function ownLetter(authorId: number, letterId: number): Letter {
	const letter = findLetter(letterId);
	if (!letter || letter.authorId !== authorId) throw notFound();
	return letter;
}

function addMessage(letter: Letter, authorId: number, fromCommittee: boolean, body: string, now: Date): LetterMessage {
	const message = db.insert(letterMessages).values({ letterId: letter.id, authorId, fromCommittee, body, createdAt: now }).returning().get();
	db.update(letters).set({ updatedAt: now }).where(eq(letters.id, letter.id)).run();
	return message;
}

/**
 * A verified villager writes to the committee of their own village. The form
 * names the village by slug; any other village is refused and nothing is stored.
 */
export function writeLetter(authorId: number, input: Record<string, unknown>, now = new Date()): Letter {
	const fields = parseWith(letterSchema, input);
	const village = findVillageBySlug(fields.village);
	if (!village) throw new UserError(m.error_village_not_found(), 404);
	if (!rolesIn(authorId, village.id).has('villager')) throw new UserError(m.error_letter_not_villager({ village: village.name }), 403);
	return db.transaction(() => {
		spendAllowance(limits.letter, authorId, now);
		const letter = db
			.insert(letters)
			.values({ villageId: village.id, authorId, subject: fields.subject, createdAt: now, updatedAt: now })
			.returning()
			.get();
		addMessage(letter, authorId, false, fields.body, now);
		return letter;
	});
}

/** The writer adds to their own letter, before or after an answer. */
export function replyToLetter(authorId: number, letterId: number, input: Record<string, unknown>, now = new Date()): LetterMessage {
	const letter = ownLetter(authorId, letterId);
	const { body } = parseWith(messageSchema, input);
	return db.transaction(() => {
		spendAllowance(limits.letter, authorId, now);
		return addMessage(letter, authorId, false, body, now);
	});
}

/** A cadre of the letter's village answers for the committee; the answer carries the cadre's name and is audited. */
export function answerLetter(cadreId: number, letterId: number, input: Record<string, unknown>, now = new Date()): LetterMessage {
	const letter = findLetter(letterId);
	if (!letter || !rolesIn(cadreId, letter.villageId).has('cadre')) throw notFound();
	const { body } = parseWith(messageSchema, input);
	return db.transaction(() => {
		const message = addMessage(letter, cadreId, true, body, now);
		recordAudit(
			{ actorId: cadreId, villageId: letter.villageId, action: 'letter.answered', subjectUserId: letter.authorId, detail: { letterId: letter.id, subject: letter.subject } },
			now
		);
		return message;
	});
}

// Spelled out in full: drizzle drops the table name from columns in a one-table query, and these subqueries need it.
const thisLetter = sql`${letters}.${sql.identifier(letters.id.name)}`;
const hasAnswer = sql<number>`exists (select 1 from ${letterMessages} lm where lm.letter_id = ${thisLetter} and lm.from_committee = 1)`;
const lastFromCommittee = sql<number>`coalesce((select lm.from_committee from ${letterMessages} lm where lm.letter_id = ${thisLetter} order by lm.created_at desc, lm.id desc limit 1), 0)`;
/** 0 for a letter nobody has answered, 1 for one with something new from the writer, 2 for one the committee answered last. */
const stateRank = sql<number>`case when not ${hasAnswer} then 0 when ${lastFromCommittee} = 0 then 1 else 2 end`;
const ranks: LetterState[] = ['waiting', 'followed-up', 'answered'];

/** The writer may publish an exchange once the committee has answered it, and take it back at any time. */
export function publishLetter(authorId: number, letterId: number, now = new Date()): void {
	const letter = ownLetter(authorId, letterId);
	if (letter.publishedAt) return;
	const answered = db.select({ answered: hasAnswer }).from(letters).where(eq(letters.id, letter.id)).get()!.answered;
	if (!answered) throw new UserError(m.error_letter_publish_unanswered());
	db.update(letters).set({ publishedAt: now }).where(eq(letters.id, letter.id)).run();
}

export function unpublishLetter(authorId: number, letterId: number): void {
	const letter = ownLetter(authorId, letterId);
	db.update(letters).set({ publishedAt: null }).where(eq(letters.id, letter.id)).run();
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
export function listLettersByAuthor(authorId: number, limit = 50): LetterLine[] {
	return selectLetterLines().where(eq(letters.authorId, authorId)).orderBy(desc(letters.updatedAt), desc(letters.id)).limit(limit).all().map(toLine);
}

/** The committee's inbox (the caller proves the cadre): letters nobody answered first, then new words from writers, then the rest. */
export function listVillageLetters(villageId: number, limit = 50): LetterLine[] {
	return selectLetterLines()
		.where(eq(letters.villageId, villageId))
		.orderBy(asc(stateRank), desc(letters.updatedAt), desc(letters.id))
		.limit(limit)
		.all()
		.map(toLine);
}

export function countWaitingLetters(villageId: number): number {
	return db.select({ n: sql<number>`count(*)` }).from(letters).where(and(eq(letters.villageId, villageId), sql`${stateRank} < 2`)).get()!.n;
}

function listMessages(letterIds: number[]): (ThreadMessage & { letterId: number })[] {
	if (letterIds.length === 0) return [];
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
		.orderBy(asc(letterMessages.createdAt), asc(letterMessages.id))
		.all();
}

/** The public never sees who wrote: only the committee's side carries a name. */
const withoutWriter = (message: ThreadMessage): ThreadMessage => (message.fromCommittee ? message : { ...message, authorName: null });

/** Published exchanges of a village for anyone, most recently published first; one more than asked tells the page there are older ones. */
export function listPublishedLetters(villageId: number, { limit = 10, offset = 0 } = {}): PublishedLetter[] {
	const rows = db
		.select({ id: letters.id, subject: letters.subject, publishedAt: letters.publishedAt })
		.from(letters)
		.where(and(eq(letters.villageId, villageId), isNotNull(letters.publishedAt)))
		.orderBy(desc(letters.publishedAt), desc(letters.id))
		.limit(limit)
		.offset(offset)
		.all();
	const messages = listMessages(rows.map((row) => row.id));
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
export function findLetterThread(letterId: number, viewerId: number | null): LetterThread | undefined {
	const letter = findLetter(letterId);
	if (!letter) return undefined;
	const isAuthor = viewerId === letter.authorId;
	const isCadre = viewerId !== null && rolesIn(viewerId, letter.villageId).has('cadre');
	if (!isAuthor && !isCadre && !letter.publishedAt) return undefined;
	const line = toLine(selectLetterLines().where(eq(letters.id, letter.id)).get()!);
	const messages = listMessages([letter.id]);
	const insider = isAuthor || isCadre;
	return {
		...line,
		authorName: insider ? line.authorName : null,
		messages: insider ? messages : messages.map(withoutWriter),
		viewer: { isAuthor, isCadre }
	};
}
