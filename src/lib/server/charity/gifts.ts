// Gifts to a project: pledged by any signed-in member (cash through the manual payment provider,
// goods, or volunteer hours), confirmed by a cadre once they arrived, and only then in the
// ledger, in the same transaction. The donor keeps a receipt code that finds their entry.
import { randomInt } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { charityGifts, charityProjects, db, transaction, users, type Tx } from '$lib/server/platform/db';
import { checkAllowance, limits, spendAllowance } from '$lib/server/platform/throttle';
import { UserError } from '$lib/server/platform/user-error';
import { receiptHash } from '$lib/charity/ledger-verify.js';
import { formatFen } from '$lib/money';
import { anonymousDonorLabel } from '$lib/charity/vocabulary';
import type { GiftInput } from '$lib/charity/forms';
import { appendLedgerEntry, lockLedger, type EntryFields } from './ledger';
import { checkCadre, projectRow, takingGifts } from './projects';
import { recordAudit } from './audit-actions';
import { notify } from './notification-kinds';

export type CharityGift = typeof charityGifts.$inferSelect;

// No 0/O, 1/I/L: read aloud over the phone or copied from paper without a mistake.
export const codeLetters = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * Sixteen random characters as XXXX-XXXX-XXXX-XXXX: about 2^79. The public ledger carries the
 * code's SHA-256, so it must be too long to find by hashing every possible code.
 */
function newReceiptCode(): string {
	const chars = Array.from({ length: 16 }, () => codeLetters[randomInt(codeLetters.length)]).join('');
	return chars.match(/.{4}/g)!.join('-');
}

/** Pledges a gift to a project that is taking them; its donor label is fixed now, as the ledger will show it. */
export async function pledgeGift(donorId: number, projectId: number, input: GiftInput, now = new Date()): Promise<{ id: number; receiptCode: string }> {
	await checkAllowance(db, limits.pledge, donorId, now);
	return transaction(async (tx) => {
		const project = await projectRow(tx, projectId);
		if (!takingGifts.includes(project.state)) throw new UserError(m.charity_error_not_open(), 409);
		const [donor] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, donorId));
		await spendAllowance(tx, limits.pledge, donorId, now);
		const receiptCode = newReceiptCode();
		const [gift] = await tx
			.insert(charityGifts)
			.values({ projectId, donorId, ...input, donorLabel: input.anonymous ? anonymousDonorLabel : (donor?.name ?? anonymousDonorLabel), receiptCode, createdAt: now })
			.returning({ id: charityGifts.id });
		return { id: gift.id, receiptCode };
	});
}

/** How the ledger and the log name a gift: ¥100.00, 化肥 20 袋, 12 小时（挖坑）. */
function giftWords(gift: CharityGift): string {
	if (gift.kind === 'money') return formatFen(gift.amountFen, 'zh-CN');
	if (gift.kind === 'goods') return gift.goods;
	return gift.goods ? `${gift.hours} 小时（${gift.goods}）` : `${gift.hours} 小时`;
}

/** The gift, still a pledge, or the refusal that says it is gone or settled. */
async function pledgedGift(tx: Tx, giftId: number): Promise<CharityGift> {
	const [gift] = await tx.select().from(charityGifts).where(eq(charityGifts.id, giftId)).limit(1);
	if (!gift) throw new UserError(m.charity_error_gift_not_found(), 404);
	if (gift.state !== 'pledged') throw new UserError(m.charity_error_gift_settled(), 409);
	return gift;
}

/**
 * A cadre of the project's village says the gift arrived: it enters the ledger (cash into the
 * project's balance; goods and hours beside it) in the same transaction that marks it confirmed.
 */
export async function confirmGift(cadreId: number, giftId: number, now = new Date()): Promise<{ seq: number }> {
	return transaction(async (tx) => {
		const gift = await pledgedGift(tx, giftId);
		const project = await projectRow(tx, gift.projectId);
		await checkCadre(cadreId, project.villageId, tx);
		// A closed project pays nothing out: money that came in after closing is given back, not booked.
		if (project.state === 'closed' || project.state === 'draft') throw new UserError(m.charity_error_not_open(), 409);
		await lockLedger(tx, project.villageId);
		const fields: EntryFields = {
			kind: gift.kind === 'money' ? 'donation' : gift.kind,
			project: project.id,
			amountFen: gift.amountFen,
			label: gift.kind === 'money' ? '' : giftWords(gift),
			donor: gift.donorLabel,
			receipt: await receiptHash(gift.receiptCode),
			receipts: [],
			approvers: [],
			reverses: null,
			checkpoint: null
		};
		const entry = await appendLedgerEntry(tx, project.villageId, fields, now);
		// Guarded: of two cadres confirming at once, one wins; the other's transaction is refused whole.
		const marked = await tx
			.update(charityGifts)
			.set({ state: 'confirmed', confirmedBy: cadreId, confirmedAt: now, ledgerSeq: entry.seq })
			.where(and(eq(charityGifts.id, giftId), eq(charityGifts.state, 'pledged')))
			.returning({ id: charityGifts.id });
		if (marked.length === 0) throw new UserError(m.charity_error_gift_settled(), 409);
		if (gift.amountFen > 0) {
			await tx
				.update(charityProjects)
				.set({ raisedFen: sql`${charityProjects.raisedFen} + ${gift.amountFen}`, availableFen: sql`${charityProjects.availableFen} + ${gift.amountFen}`, updatedAt: now })
				.where(eq(charityProjects.id, project.id));
		}
		await recordAudit(tx, { actorId: cadreId, villageId: project.villageId, action: 'charity.gift_confirmed', subjectUserId: gift.donorId, detail: { title: project.title, gift: giftWords(gift) } }, now);
		if (gift.donorId !== null) await notify(tx, gift.donorId, 'charity.gift_confirmed', { title: project.title, seq: entry.seq }, `/charity/${project.id}#my-gifts`, now);
		return { seq: entry.seq };
	});
}

/** A pledge that never arrived: its donor, or a cadre of the village, cancels it. Nothing enters the ledger. */
export async function cancelGift(actorId: number, giftId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const gift = await pledgedGift(tx, giftId);
		const project = await projectRow(tx, gift.projectId);
		if (gift.donorId !== actorId) await checkCadre(actorId, project.villageId, tx);
		const cancelled = await tx
			.update(charityGifts)
			.set({ state: 'cancelled' })
			.where(and(eq(charityGifts.id, giftId), eq(charityGifts.state, 'pledged')))
			.returning({ id: charityGifts.id });
		if (cancelled.length === 0) throw new UserError(m.charity_error_gift_settled(), 409);
		await recordAudit(tx, { actorId, villageId: project.villageId, action: 'charity.gift_cancelled', subjectUserId: gift.donorId, detail: { title: project.title } }, now);
	});
}
