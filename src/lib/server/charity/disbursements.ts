// Money out of a project, four eyes: a cadre proposes a payment with its receipt photos, another
// cadre approves it (the proposer never can; where the village has one cadre, the county admin),
// which sets the money aside with one guarded update; villagers may object during the 公示 notice
// period; then it is paid into the ledger. A mistake in the ledger is undone by a reversal entry.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, asc, count, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import {
	charityDisbursements,
	charityObjections,
	charityProjects,
	charityReceiptPhotos,
	db,
	ledgerEntries,
	memberships,
	transaction,
	users,
	type Photo,
	type Tx
} from '$lib/server/platform/db';
import { distinctPhotos, mediaDir, storePhotos } from '$lib/server/platform/media';
import type { Job } from '$lib/server/platform/jobs';
import { UserError } from '$lib/server/platform/user-error';
import { rolesIn } from '$lib/server/villages';
import { renditionFileName } from '$lib/photos';
import { formatFen } from '$lib/money';
import type { DisbursementInput } from '$lib/charity/forms';
import type { ProjectState } from '$lib/charity/vocabulary';
import { appendLedgerEntry, lockLedger } from './ledger';
import { checkCadre, projectRow, type CharityProject } from './projects';
import { recordAudit } from './audit-actions';
import { notify, stewardsOf } from './notification-kinds';

export type CharityDisbursement = typeof charityDisbursements.$inferSelect;

export const maxReceiptPhotos = 6;
/** A project pays out while it raises money, during its work and after it (the last bills). */
const paying: readonly ProjectState[] = ['fundraising', 'in_progress', 'completed'];
const dayMs = 24 * 60 * 60 * 1000;

/**
 * What the ledger records of a receipt photo: the SHA-256 of its widest JPEG, the file anyone
 * can download from /media and hash again.
 */
async function receiptFileHash(photo: Photo): Promise<string> {
	const widest = photo.renditions.filter((r) => r.format === 'jpeg').sort((a, b) => b.width - a.width)[0] ?? photo.renditions[0];
	return createHash('sha256')
		.update(await readFile(join(mediaDir, renditionFileName(photo.id, widest))))
		.digest('hex');
}

async function disbursementRow(tx: Tx, disbursementId: number): Promise<CharityDisbursement> {
	const [row] = await tx.select().from(charityDisbursements).where(eq(charityDisbursements.id, disbursementId)).limit(1);
	if (!row) throw new UserError(m.charity_error_disbursement_not_found(), 404);
	return row;
}

const balanceRefusal = (project: CharityProject) => new UserError(m.charity_error_balance({ available: formatFen(project.availableFen, 'zh-CN') }), 409);

/**
 * A cadre proposes a payment with its receipt photos (new `files`, and any `held` from a refused
 * try). Everything a form can get wrong is checked before a photo is stored.
 */
export async function proposeDisbursement(cadreId: number, projectId: number, input: DisbursementInput, files: File[], now = new Date(), held: Photo[] = []): Promise<number> {
	const chosen = files.length + held.length;
	if (chosen === 0) throw new UserError(m.charity_error_receipts_none());
	if (chosen > maxReceiptPhotos) throw new UserError(m.charity_error_receipts_many({ max: maxReceiptPhotos, count: chosen }));
	const project = await projectRow(db, projectId);
	await checkCadre(cadreId, project.villageId);
	if (!paying.includes(project.state)) throw new UserError(m.charity_error_not_payable(), 409);
	if (input.amountFen > project.availableFen) throw balanceRefusal(project);
	const receipts = distinctPhotos([...held, ...(await storePhotos(files, cadreId))]);
	const hashes = await Promise.all(receipts.map(receiptFileHash));
	return transaction(async (tx) => {
		const [row] = await tx
			.insert(charityDisbursements)
			.values({ projectId, ...input, proposedBy: cadreId, createdAt: now })
			.returning({ id: charityDisbursements.id });
		await tx.insert(charityReceiptPhotos).values(receipts.map((photo, position) => ({ disbursementId: row.id, position, photoId: photo.id, sha256: hashes[position] })));
		await recordAudit(tx, { actorId: cadreId, villageId: project.villageId, action: 'charity.disbursement_proposed', detail: { title: project.title, amountFen: input.amountFen, payee: input.payee } }, now);
		// Whoever may approve it: the other cadres, or the admin where the proposer is the only one.
		const others = (await stewardsOf(tx, project.villageId, { withAdmins: false })).filter((id) => id !== cadreId);
		const approvers = others.length > 0 ? others : (await stewardsOf(tx, project.villageId, { withAdmins: true })).filter((id) => id !== cadreId);
		for (const userId of approvers) await notify(tx, userId, 'charity.to_approve', { title: project.title, amountFen: input.amountFen, payee: input.payee }, `/charity/${projectId}#payment-${row.id}`, now);
		return row.id;
	});
}

/** Another cadre of the village; or the county admin, for a village with only one cadre. */
async function checkApprover(tx: Tx, approverId: number, proposal: CharityDisbursement, villageId: number): Promise<void> {
	if (proposal.proposedBy === approverId) throw new UserError(m.charity_error_own_approval(), 403);
	if ((await rolesIn(approverId, villageId, tx)).has('cadre')) return;
	const [admin] = await tx.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, approverId));
	const [cadres] = await tx
		.select({ n: count() })
		.from(memberships)
		.where(and(eq(memberships.villageId, villageId), eq(memberships.role, 'cadre'), isNull(memberships.revokedAt)));
	if (!admin?.isAdmin || Number(cadres?.n ?? 0) > 1) throw new UserError(m.charity_error_approver(), 403);
}

/**
 * Approves a proposed payment and sets its money aside: one guarded update, so of two approvals
 * racing for the last of a balance one is refused, and the database's CHECK holds whatever comes.
 * Paid at once with no notice period; otherwise when the period ends (`payDueDisbursements`).
 */
export async function approveDisbursement(approverId: number, disbursementId: number, noticeDays: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const proposal = await disbursementRow(tx, disbursementId);
		if (proposal.state !== 'proposed') throw new UserError(m.charity_error_disbursement_settled(), 409);
		const project = await projectRow(tx, proposal.projectId);
		await checkApprover(tx, approverId, proposal, project.villageId);
		if (!paying.includes(project.state)) throw new UserError(m.charity_error_not_payable(), 409);
		// The ledger's lock before the project's row, in the order gifts take them: no deadlock.
		await lockLedger(tx, project.villageId);
		const setAside = await tx
			.update(charityProjects)
			.set({ availableFen: sql`${charityProjects.availableFen} - ${proposal.amountFen}`, updatedAt: now })
			.where(and(eq(charityProjects.id, project.id), gte(charityProjects.availableFen, proposal.amountFen)))
			.returning({ id: charityProjects.id });
		// Said with what the project holds now, after the approvals that went first.
		if (setAside.length === 0) throw balanceRefusal(await projectRow(tx, project.id));
		const approved = await tx
			.update(charityDisbursements)
			.set({ state: 'approved', approvedBy: approverId, approvedAt: now, noticeDays, noticeEndsAt: new Date(now.getTime() + noticeDays * dayMs) })
			.where(and(eq(charityDisbursements.id, disbursementId), eq(charityDisbursements.state, 'proposed')))
			.returning({ id: charityDisbursements.id });
		if (approved.length === 0) throw new UserError(m.charity_error_disbursement_settled(), 409);
		await recordAudit(tx, { actorId: approverId, villageId: project.villageId, action: 'charity.disbursement_approved', detail: { title: project.title, amountFen: proposal.amountFen } }, now);
		if (noticeDays === 0) await pay(tx, disbursementId, now);
	});
}

/** A villager of the project's village objects while the notice period runs; cadres and the admin see it. */
export async function objectToDisbursement(userId: number, disbursementId: number, body: string, now = new Date()): Promise<number> {
	return transaction(async (tx) => {
		const payment = await disbursementRow(tx, disbursementId);
		if (payment.state !== 'approved' || !payment.noticeEndsAt || payment.noticeEndsAt <= now) throw new UserError(m.charity_error_objection_closed(), 409);
		const project = await projectRow(tx, payment.projectId);
		if (!(await rolesIn(userId, project.villageId, tx)).has('villager')) throw new UserError(m.charity_error_objection_not_villager(), 403);
		const [row] = await tx.insert(charityObjections).values({ disbursementId, userId, body, createdAt: now }).returning({ id: charityObjections.id });
		for (const stewardId of await stewardsOf(tx, project.villageId, { withAdmins: true })) {
			await notify(tx, stewardId, 'charity.objection', { title: project.title, amountFen: payment.amountFen }, `/charity/${project.id}#payment-${disbursementId}`, now);
		}
		return row.id;
	});
}

/** A cadre of the village, or the county admin, stops a payment before it is paid; money set aside goes back. */
export async function rejectDisbursement(actorId: number, disbursementId: number, reason: string, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const project = await projectRow(tx, (await disbursementRow(tx, disbursementId)).projectId);
		const [actor] = await tx.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, actorId));
		if (!actor?.isAdmin) await checkCadre(actorId, project.villageId, tx);
		// Approvals and payments of the village wait meanwhile, so the state read next is the one
		// this rejection ends, and the money set aside for it is given back exactly once.
		await lockLedger(tx, project.villageId);
		const payment = await disbursementRow(tx, disbursementId);
		if (payment.state !== 'proposed' && payment.state !== 'approved') throw new UserError(m.charity_error_disbursement_settled(), 409);
		const ended = await tx
			.update(charityDisbursements)
			.set({ state: 'rejected', endedBy: actorId, endedReason: reason })
			.where(and(eq(charityDisbursements.id, disbursementId), eq(charityDisbursements.state, payment.state)))
			.returning({ id: charityDisbursements.id });
		if (ended.length === 0) throw new UserError(m.charity_error_disbursement_settled(), 409);
		if (payment.state === 'approved') {
			await tx
				.update(charityProjects)
				.set({ availableFen: sql`${charityProjects.availableFen} + ${payment.amountFen}`, updatedAt: now })
				.where(eq(charityProjects.id, project.id));
		}
		await recordAudit(tx, { actorId, villageId: project.villageId, action: 'charity.disbursement_rejected', detail: { title: project.title, amountFen: payment.amountFen, reason } }, now);
	});
}

/** The real names the village knows its cadres by (the admin by their display name). */
async function approverNames(tx: Tx, villageId: number, userIds: (number | null)[]): Promise<string[]> {
	const names: string[] = [];
	for (const id of userIds) {
		if (id === null) continue;
		const [cadre] = await tx
			.select({ name: memberships.realName })
			.from(memberships)
			.where(and(eq(memberships.villageId, villageId), eq(memberships.userId, id), eq(memberships.role, 'cadre')))
			.limit(1);
		const [user] = cadre ? [] : await tx.select({ name: users.displayName }).from(users).where(eq(users.id, id));
		names.push(cadre?.name ?? user?.name ?? '');
	}
	return names;
}

/**
 * Enters an approved payment in the ledger: its amount out, its receipts' hashes, who proposed
 * and who approved it. False when it is no longer approved (rejected meanwhile, or paid by
 * another run): the guarded update decides, so it is paid once.
 */
async function pay(tx: Tx, disbursementId: number, now: Date): Promise<boolean> {
	const marked = await tx
		.update(charityDisbursements)
		.set({ state: 'paid', paidAt: now })
		.where(and(eq(charityDisbursements.id, disbursementId), eq(charityDisbursements.state, 'approved')))
		.returning({ id: charityDisbursements.id });
	if (marked.length === 0) return false;
	const payment = await disbursementRow(tx, disbursementId);
	const project = await projectRow(tx, payment.projectId);
	const receipts = await tx.select({ sha256: charityReceiptPhotos.sha256 }).from(charityReceiptPhotos).where(eq(charityReceiptPhotos.disbursementId, disbursementId)).orderBy(asc(charityReceiptPhotos.position));
	const entry = await appendLedgerEntry(
		tx,
		project.villageId,
		{
			kind: 'disbursement',
			project: project.id,
			amountFen: -payment.amountFen,
			label: `${payment.purpose}（${payment.payee}）`,
			donor: null,
			receipt: null,
			receipts: receipts.map((r) => r.sha256),
			approvers: await approverNames(tx, project.villageId, [payment.proposedBy, payment.approvedBy]),
			reverses: null,
			checkpoint: null
		},
		now
	);
	await tx.update(charityDisbursements).set({ ledgerSeq: entry.seq }).where(eq(charityDisbursements.id, disbursementId));
	return true;
}

/** Pays every approved payment whose notice period has ended; each in its own transaction. */
export async function payDueDisbursements(now = new Date()): Promise<number> {
	const due = await db
		.select({ id: charityDisbursements.id })
		.from(charityDisbursements)
		.where(and(eq(charityDisbursements.state, 'approved'), lte(charityDisbursements.noticeEndsAt, now)))
		.orderBy(asc(charityDisbursements.noticeEndsAt))
		.limit(200);
	let paid = 0;
	for (const { id } of due) if (await transaction((tx) => pay(tx, id, now))) paid++;
	return paid;
}

export const payDueDisbursementsJob: Job = {
	name: 'charity.pay-due',
	label: () => m.charity_job_pay_due(),
	everyMs: 10 * 60_000,
	run: async (now) => void (await payDueDisbursements(now))
};

/**
 * Undoes a gift or a payment of the village's ledger with a reversal entry (never an edit): a
 * payment's money comes back to its project; a gift's goes out, and only if the project still
 * holds it. Each entry is reversed at most once.
 */
export async function reverseEntry(cadreId: number, villageId: number, seq: number, reason: string, now = new Date()): Promise<number> {
	return transaction(async (tx) => {
		await checkCadre(cadreId, villageId, tx);
		await lockLedger(tx, villageId);
		const [entry] = await tx
			.select()
			.from(ledgerEntries)
			.where(and(eq(ledgerEntries.villageId, villageId), eq(ledgerEntries.seq, seq)))
			.limit(1);
		if (!entry || entry.projectId === null || !['donation', 'disbursement'].includes(entry.kind)) throw new UserError(m.charity_error_not_reversible(), 409);
		const reversals = await tx
			.select({ body: ledgerEntries.body })
			.from(ledgerEntries)
			.where(and(eq(ledgerEntries.projectId, entry.projectId), eq(ledgerEntries.kind, 'reversal')));
		if (reversals.some((row) => (JSON.parse(row.body) as { reverses: number | null }).reverses === seq)) throw new UserError(m.charity_error_not_reversible(), 409);
		const change = -entry.amountFen;
		const project = await projectRow(tx, entry.projectId);
		const moved = await tx
			.update(charityProjects)
			.set({
				availableFen: sql`${charityProjects.availableFen} + ${change}`,
				// A gift taken back was never raised.
				raisedFen: entry.kind === 'donation' ? sql`${charityProjects.raisedFen} + ${change}` : charityProjects.raisedFen,
				updatedAt: now
			})
			.where(and(eq(charityProjects.id, project.id), gte(sql`${charityProjects.availableFen} + ${change}`, 0)))
			.returning({ id: charityProjects.id });
		if (moved.length === 0) throw balanceRefusal(await projectRow(tx, project.id));
		const reversal = await appendLedgerEntry(
			tx,
			villageId,
			{ kind: 'reversal', project: project.id, amountFen: change, label: reason, donor: null, receipt: null, receipts: [], approvers: await approverNames(tx, villageId, [cadreId]), reverses: seq, checkpoint: null },
			now
		);
		await recordAudit(tx, { actorId: cadreId, villageId, action: 'charity.entry_reversed', detail: { seq, reason } }, now);
		return reversal.seq;
	});
}
