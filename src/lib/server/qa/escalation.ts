// Questions nobody answers do not sink: after a day every verified expert for the question's crop
// and topic is told; after two, it shows on the county admin's and its village cadres' consoles as
// 需要帮助 and its asker is given the agricultural hotline. Each step happens once per question,
// whichever process runs the job and however often: a guarded UPDATE marks it first.
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { experts, memberships, qaQuestions, transaction, users, type QaQuestion, type Tx } from '$lib/server/platform/db';
import type { Job } from '$lib/server/platform/jobs';
import { inSpeciality } from './experts';
import { notify } from './notification-kinds';
import { qaSettings } from './settings';

const batchSize = 200;
/**
 * At most this many batches per step and run: a backlog (a first start on a database full of old
 * questions) is worked off over the runs, ten minutes apart, without holding the server meanwhile.
 */
const batchesPerRun = 5;

/** Verified experts (not revoked) whose crops and topics cover the question's. */
export async function expertsFor(tx: Tx, { cropId, topic }: Pick<QaQuestion, 'cropId' | 'topic'>): Promise<number[]> {
	const rows = await tx
		.select({ userId: experts.userId })
		.from(experts)
		.where(and(isNull(experts.revokedAt), inSpeciality(experts.userId, cropId, topic)));
	return rows.map((row) => row.userId);
}

/** The county's admins and the question's village cadres. */
async function helpersFor(tx: Tx, villageId: number | null): Promise<number[]> {
	const admins = await tx.select({ id: users.id }).from(users).where(eq(users.isAdmin, true));
	const cadres =
		villageId === null
			? []
			: await tx
					.select({ id: memberships.userId })
					.from(memberships)
					.where(and(eq(memberships.villageId, villageId), eq(memberships.role, 'cadre'), isNull(memberships.revokedAt)));
	return [...new Set([...admins, ...cadres].map((row) => row.id))];
}

type Step = {
	/** The column that records the step was taken. */
	marked: 'expertsAlertedAt' | 'cadresAlertedAt';
	afterMs: number;
	tell: (tx: Tx, question: QaQuestion, now: Date) => Promise<void>;
};

const steps: Step[] = [
	{
		marked: 'expertsAlertedAt',
		afterMs: qaSettings.expertsAfterMs,
		tell: async (tx, question, now) => {
			for (const userId of await expertsFor(tx, question)) {
				if (userId !== question.askerId) await notify(tx, userId, 'qa.unanswered', { title: question.title }, `/qa/${question.id}`, now);
			}
		}
	},
	{
		marked: 'cadresAlertedAt',
		afterMs: qaSettings.cadresAfterMs,
		tell: async (tx, question, now) => {
			for (const userId of await helpersFor(tx, question.villageId)) {
				if (userId !== question.askerId) await notify(tx, userId, 'qa.needs_help', { title: question.title }, `/qa/${question.id}`, now);
			}
			await notify(tx, question.askerId, 'qa.hotline', { title: question.title, hotline: qaSettings.hotline }, `/qa/${question.id}`, now);
		}
	}
];

/**
 * Takes the questions due for a step (unanswered, not hidden, older than the step's delay, the
 * step not yet done), oldest first, `batchSize` per transaction; returns how many steps were taken.
 */
export async function escalateUnanswered(now = new Date()): Promise<number> {
	let taken = 0;
	for (const step of steps) {
		const due = and(eq(qaQuestions.answerCount, 0), isNull(qaQuestions.hiddenAt), isNull(qaQuestions[step.marked]), lte(qaQuestions.createdAt, new Date(now.getTime() - step.afterMs)));
		for (let batches = 0; batches < batchesPerRun; batches++) {
			const done = await transaction(async (tx) => {
				const batch = await tx.select().from(qaQuestions).where(due).orderBy(asc(qaQuestions.id)).limit(batchSize);
				if (batch.length === 0) return 0;
				// Marked first, in the same transaction: a question another process took is not told twice.
				const marked = await tx
					.update(qaQuestions)
					.set({ [step.marked]: now })
					.where(and(inArray(qaQuestions.id, batch.map((q) => q.id)), isNull(qaQuestions[step.marked])))
					.returning({ id: qaQuestions.id });
				const ids = new Set(marked.map((row) => row.id));
				for (const question of batch) if (ids.has(question.id)) await step.tell(tx, question, now);
				return batch.length;
			});
			taken += done;
			if (done < batchSize) break;
		}
	}
	return taken;
}

export const escalateUnansweredJob: Job = {
	name: 'qa.escalate-unanswered',
	label: () => m.qa_job_escalate(),
	everyMs: 10 * 60_000,
	run: async (now) => void (await escalateUnanswered(now))
};
