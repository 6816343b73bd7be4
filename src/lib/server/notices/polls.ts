import { and, asc, count, eq, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, pollOptions, polls, pollVotes, transaction, type Notice, type Poll, type Tx } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import type { PollInput, VoteInput } from '$lib/notices/forms';
import { countVillagers, isVillagerOf } from '$lib/server/villages';
import type { NoticeViewer } from './notices';
import { takeNoticeTurn } from './notice-turn';

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
	{ option: optionId }: VoteInput,
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
