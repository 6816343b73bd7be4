import { and, asc, count, eq, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, pollOptions, polls, pollVotes, transaction, type Notice, type Poll, type Tx } from '$lib/server/platform/db';
import { parseId } from '$lib/server/platform/forms';
import { UserError } from '$lib/server/platform/user-error';
import { normalizeLine, normalizeText } from '$lib/typed-text';
import { countVillagers, isVillagerOf } from '$lib/server/villages';
import type { NoticeViewer } from './notices';
import { takeNoticeTurn } from './notice-turn';

export type PollInput = { question: string; options: string[]; closesAt: Date };

const maxOptions = 10;
const yearMs = 366 * 24 * 60 * 60 * 1000;

/** A `datetime-local` value, which has no zone, read as Beijing time: the villages' clocks. */
export function parseBeijingTime(value: string): Date | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
	const date = new Date(`${value}:00+08:00`);
	return Number.isNaN(date.getTime()) ? null : date;
}

/** A Date as the value of a `datetime-local` input in Beijing time, which is how the form reads it back. */
export function beijingInputValue(date: Date): string {
	return new Date(date.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 16);
}

/** The poll fields of the notice form; none filled in means no poll. */
export function parsePollInput(input: Record<string, string>, now = new Date()): PollInput | null {
	const question = normalizeLine(input.pollQuestion ?? '');
	const options = normalizeText(input.pollOptions ?? '')
		.split('\n')
		.map(normalizeLine)
		.filter(Boolean);
	if (!question && options.length === 0) return null;
	if (!question) throw new UserError(m.error_poll_question_required());
	if (question.length > 100) throw new UserError(m.error_poll_question_long());
	if (options.length < 2) throw new UserError(m.error_poll_options_few());
	if (options.length > maxOptions) throw new UserError(m.error_poll_options_many({ max: maxOptions }));
	if (options.some((option) => option.length > 40)) throw new UserError(m.error_poll_option_long());
	if (new Set(options).size !== options.length) throw new UserError(m.error_poll_options_duplicate());
	const closesAt = parseBeijingTime(input.pollClosesAt ?? '');
	if (!closesAt) throw new UserError(m.error_poll_closes_invalid());
	if (closesAt <= now) throw new UserError(m.error_poll_closes_past());
	if (closesAt.getTime() - now.getTime() > yearMs) throw new UserError(m.error_poll_closes_far());
	return { question, options, closesAt };
}

/** Puts the notice's poll in place of any it had (the caller has checked it has no votes), in the caller's transaction. */
export async function replacePoll(tx: Tx, noticeId: number, poll: PollInput | null): Promise<void> {
	await tx.delete(polls).where(eq(polls.noticeId, noticeId));
	if (!poll) return;
	const [{ id }] = await tx.insert(polls).values({ noticeId, question: poll.question, closesAt: poll.closesAt }).returning({ id: polls.id });
	await tx.insert(pollOptions).values(poll.options.map((label, position) => ({ pollId: id, position, label })));
}

export async function pollHasVotes(handle: Tx, noticeId: number): Promise<boolean> {
	const found = await handle
		.select({ one: sql`1` })
		.from(pollVotes)
		.innerJoin(polls, eq(polls.id, pollVotes.pollId))
		.where(eq(polls.noticeId, noticeId))
		.limit(1);
	return found.length > 0;
}

export type PollView = {
	id: number;
	question: string;
	closesAt: Date;
	closed: boolean;
	options: { id: number; label: string; votes: number }[];
	total: number;
	/** The option this viewer chose, if they voted. */
	myChoice: number | null;
	/** Results show after voting or after closing, so early counts do not sway anyone. */
	showResults: boolean;
	canVote: boolean;
	/** Votes cast out of the village's verified villagers: for cadres. */
	turnout: { voted: number; members: number } | null;
};

/** Out of the village's villagers (the same people every count of them means), how many have voted; a vote of someone who has since left stays in the results but not here. */
async function turnout(pollId: number, villageId: number): Promise<{ voted: number; members: number }> {
	const [row] = await db
		.select({ n: count() })
		.from(pollVotes)
		.where(and(eq(pollVotes.pollId, pollId), isVillagerOf(villageId, pollVotes.userId)));
	return { voted: row?.n ?? 0, members: await countVillagers(villageId) };
}

async function pollOf(handle: Tx, noticeId: number): Promise<Poll | undefined> {
	const [poll] = await handle.select().from(polls).where(eq(polls.noticeId, noticeId)).limit(1);
	return poll;
}

export async function findPoll(notice: Pick<Notice, 'id' | 'villageId'>, viewer: NoticeViewer, now = new Date()): Promise<PollView | null> {
	const poll = await pollOf(db, notice.id);
	if (!poll) return null;
	const options = await db
		.select({
			id: pollOptions.id,
			label: pollOptions.label,
			// A subquery built as one keeps its columns qualified: a bare "id" would mean whichever table has one.
			votes: sql<number>`(${db.select({ n: count() }).from(pollVotes).where(eq(pollVotes.optionId, pollOptions.id))})`.mapWith(Number)
		})
		.from(pollOptions)
		.where(eq(pollOptions.pollId, poll.id))
		.orderBy(asc(pollOptions.position));
	const total = options.reduce((sum, option) => sum + option.votes, 0);
	const [mine] = viewer.userId
		? await db
				.select({ optionId: pollVotes.optionId })
				.from(pollVotes)
				.where(and(eq(pollVotes.pollId, poll.id), eq(pollVotes.userId, viewer.userId)))
				.limit(1)
		: [];
	const myChoice = mine?.optionId ?? null;
	const closed = poll.closesAt <= now;
	return {
		id: poll.id,
		question: poll.question,
		closesAt: poll.closesAt,
		closed,
		options,
		total,
		myChoice,
		showResults: closed || myChoice !== null,
		canVote: !closed && viewer.member && myChoice === null,
		turnout: viewer.cadre ? await turnout(poll.id, notice.villageId) : null
	};
}

/** One vote per verified villager of the notice's village, before the poll closes; a second is refused. */
export async function castVote(
	viewer: NoticeViewer,
	notice: Pick<Notice, 'id' | 'status'>,
	optionValue: string | undefined,
	now = new Date()
): Promise<void> {
	if (!viewer.userId || !viewer.member) throw new UserError(m.error_poll_villagers_only(), 403);
	const userId = viewer.userId;
	await transaction(async (tx) => {
		// An edit that replaces the poll waits for the vote, or the vote for the edit.
		await takeNoticeTurn(tx, notice.id);
		const poll = await pollOf(tx, notice.id);
		if (!poll || notice.status !== 'published') throw new UserError(m.error_poll_not_found(), 404);
		if (poll.closesAt <= now) throw new UserError(m.error_poll_closed(), 409);
		const optionId = parseId(optionValue);
		const [option] =
			optionId !== null
				? await tx
						.select()
						.from(pollOptions)
						.where(and(eq(pollOptions.id, optionId), eq(pollOptions.pollId, poll.id)))
						.limit(1)
				: [];
		if (!option) throw new UserError(m.error_poll_choose());
		const cast = await tx
			.insert(pollVotes)
			.values({ pollId: poll.id, userId, optionId: option.id, votedAt: now })
			.onConflictDoNothing()
			.returning({ pollId: pollVotes.pollId });
		if (cast.length === 0) throw new UserError(m.error_poll_voted_already(), 409);
	});
}
