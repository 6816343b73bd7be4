// "提醒我": a viewer asks to be told when a sale starts; when its host starts it, everyone who
// asked gets an inbox notification (web push will plug into the same notification). Sent in
// batches by a job too, so a crowd of reminders or a crash while sending loses nobody.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, liveReminders, liveSales, transaction } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import type { Job } from '$lib/server/platform/jobs';
import { saleRow } from './access';
import { notify } from './notification-kinds';

/** Asks to be reminded (or, `on` false, no longer); only a sale that has not started can be waited for. */
export async function setReminder(userId: number, saleId: number, on: boolean, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const sale = await saleRow(tx, saleId);
		if (!on) {
			await tx.delete(liveReminders).where(and(eq(liveReminders.liveSaleId, saleId), eq(liveReminders.userId, userId)));
			return;
		}
		if (sale.status !== 'scheduled') throw new UserError(sale.status === 'live' ? m.live_error_remind_live() : m.live_error_over(), 409);
		await tx.insert(liveReminders).values({ liveSaleId: saleId, userId, createdAt: now }).onConflictDoNothing();
	});
}

export async function isReminded(userId: number, saleId: number): Promise<boolean> {
	const [row] = await db
		.select({ userId: liveReminders.userId })
		.from(liveReminders)
		.where(and(eq(liveReminders.liveSaleId, saleId), eq(liveReminders.userId, userId)))
		.limit(1);
	return Boolean(row);
}

const batchSize = 500;

/**
 * Tells everyone waiting for a sale that is now live, `batchSize` at a time, each batch in one
 * transaction with its rows marked sent: a reminder is sent once whoever sends it.
 */
export async function sendDueReminders(now = new Date()): Promise<number> {
	let sent = 0;
	for (;;) {
		const batch = await transaction(async (tx) => {
			const due = await tx
				.select({ saleId: liveReminders.liveSaleId, userId: liveReminders.userId, title: liveSales.title })
				.from(liveReminders)
				.innerJoin(liveSales, eq(liveSales.id, liveReminders.liveSaleId))
				.where(and(isNull(liveReminders.notifiedAt), eq(liveSales.status, 'live')))
				.limit(batchSize);
			for (const saleId of new Set(due.map((row) => row.saleId))) {
				const users = due.filter((row) => row.saleId === saleId).map((row) => row.userId);
				const marked = await tx
					.update(liveReminders)
					.set({ notifiedAt: now })
					.where(and(eq(liveReminders.liveSaleId, saleId), inArray(liveReminders.userId, users), isNull(liveReminders.notifiedAt)))
					.returning({ userId: liveReminders.userId });
				const title = due.find((row) => row.saleId === saleId)!.title;
				for (const { userId } of marked) await notify(tx, userId, 'live.started', { title, sale: saleId }, `/live/${saleId}`, now);
			}
			return due.length;
		});
		sent += batch;
		if (batch < batchSize) return sent;
	}
}

export const sendRemindersJob: Job = {
	name: 'live.send-reminders',
	label: () => m.live_job_reminders(),
	everyMs: 60_000,
	async run(now) {
		await sendDueReminders(now);
	}
};
