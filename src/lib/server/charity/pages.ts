// What the charity pages read: the open projects (/charity, a village, the home page), one
// project with its donors, payments, receipts and ledger lines, and a village's console for its
// cadres. Figures come from the project's row (kept by the same guarded updates that write the
// ledger) and the ledger itself; every list is bounded.
import { and, asc, count, desc, eq, gte, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import {
	alias,
	charityDisbursements,
	charityGifts,
	charityObjections,
	charityProjectPhotos,
	charityProjects,
	charityReceiptPhotos,
	db,
	ledgerEntries,
	memberships,
	users,
	villages
} from '$lib/server/platform/db';
import { photoViewsById } from '$lib/server/platform/media';
import { rolesIn } from '$lib/server/villages';
import type { DonorView, EntryView, MonthFlow, MyGiftView, ObjectionView, PaymentView, PledgeView, ProjectCard, ProjectView } from '$lib/charity/views';
import { takingGifts } from './projects';

const cardColumns = {
	id: charityProjects.id,
	title: charityProjects.title,
	category: charityProjects.category,
	state: charityProjects.state,
	goalFen: charityProjects.goalFen,
	raisedFen: charityProjects.raisedFen,
	villageName: villages.name,
	villageSlug: villages.slug,
	coverPhotoId: sql<string | null>`(select photo_id from charity_project_photos where charity_project_photos.project_id = ${charityProjects.id} order by position limit 1)`,
	gifts: sql<number>`(select count(*) from charity_gifts where charity_gifts.project_id = ${charityProjects.id} and charity_gifts.state = 'confirmed')`
};

async function cards(where: SQL | undefined, limit: number): Promise<ProjectCard[]> {
	const rows = await db
		.select(cardColumns)
		.from(charityProjects)
		.innerJoin(villages, eq(villages.id, charityProjects.villageId))
		.where(where)
		.orderBy(desc(charityProjects.updatedAt), desc(charityProjects.id))
		.limit(limit);
	const covers = await photoViewsById(rows.map((row) => row.coverPhotoId));
	return rows.map(({ coverPhotoId, gifts, ...card }) => ({ ...card, gifts: Number(gifts), cover: (coverPhotoId && covers.get(coverPhotoId)) || null }));
}

/** Projects taking gifts, most recently moved first: across the county, or of one village. */
export function listOpenProjects(villageId: number | null, limit = 20): Promise<ProjectCard[]> {
	return cards(and(inArray(charityProjects.state, [...takingGifts]), villageId === null ? undefined : eq(charityProjects.villageId, villageId)), limit);
}

/** Finished projects, for /charity's "done" list: what the village's money already built. */
export function listFinishedProjects(limit = 10): Promise<ProjectCard[]> {
	return cards(eq(charityProjects.state, 'completed'), limit);
}

/** Every project of a village in any state (drafts too): its cadres' list. */
export function listVillageProjects(villageId: number, limit = 100): Promise<ProjectCard[]> {
	return cards(eq(charityProjects.villageId, villageId), limit);
}

/** What the reader may do on a project's page. */
export type ProjectReader = { signedIn: boolean; cadre: boolean; villager: boolean; admin: boolean };

export type ProjectPage = {
	project: ProjectView;
	villageId: number;
	reader: ProjectReader;
	donors: DonorView[];
	totals: { donors: number; goods: number; hours: number };
	myGifts: MyGiftView[];
	/** Gifts waiting for a cadre to confirm: the village's cadres only. */
	pledges: PledgeView[];
	payments: PaymentView[];
	entries: EntryView[];
};

const shownDonors = 100;
const shownEntries = 100;

/** One project's page for its reader (null for a signed-out one); undefined for no such project, or a draft a stranger may not see. */
export async function findProjectPage(projectId: number, userId: number | null): Promise<ProjectPage | undefined> {
	const responsible = alias(users, 'responsible');
	const [row] = await db
		.select({ project: charityProjects, villageName: villages.name, villageSlug: villages.slug, responsibleName: responsible.displayName })
		.from(charityProjects)
		.innerJoin(villages, eq(villages.id, charityProjects.villageId))
		.leftJoin(responsible, eq(responsible.id, charityProjects.responsibleId))
		.where(eq(charityProjects.id, projectId))
		.limit(1);
	if (!row) return undefined;
	const { project } = row;
	const reader = await projectReader(userId, project.villageId);
	// A draft is the cadres' work in progress: nobody else learns it exists.
	if (project.state === 'draft' && !reader.cadre) return undefined;
	const [photoRows, donors, totals, myGifts, pledges, payments, entries] = await Promise.all([
		db.select({ photoId: charityProjectPhotos.photoId }).from(charityProjectPhotos).where(eq(charityProjectPhotos.projectId, projectId)).orderBy(asc(charityProjectPhotos.position)),
		listDonors(projectId),
		giftTotals(projectId),
		userId === null ? [] : listMyGifts(projectId, userId),
		reader.cadre ? pledgeViews(eq(charityGifts.projectId, projectId)) : [],
		listPayments(projectId, reader.cadre || reader.admin),
		listProjectEntries(projectId)
	]);
	const photos = await photoViewsById(photoRows.map((photo) => photo.photoId));
	const projectPhotos = photoRows.flatMap((photo) => photos.get(photo.photoId) ?? []);
	return {
		project: {
			id: project.id,
			title: project.title,
			category: project.category,
			state: project.state,
			goalFen: project.goalFen,
			raisedFen: project.raisedFen,
			availableFen: project.availableFen,
			description: project.description,
			startsOn: project.startsOn,
			endsOn: project.endsOn,
			responsibleName: row.responsibleName ?? '',
			villageName: row.villageName,
			villageSlug: row.villageSlug,
			cover: projectPhotos[0] ?? null,
			photos: projectPhotos,
			gifts: totals.donors,
			createdAt: project.createdAt
		},
		villageId: project.villageId,
		reader,
		donors,
		totals,
		myGifts,
		pledges,
		payments,
		entries
	};
}

async function projectReader(userId: number | null, villageId: number): Promise<ProjectReader> {
	if (userId === null) return { signedIn: false, cadre: false, villager: false, admin: false };
	const [roles, [user]] = await Promise.all([rolesIn(userId, villageId), db.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, userId))]);
	return { signedIn: true, cadre: roles.has('cadre'), villager: roles.has('villager'), admin: user?.isAdmin ?? false };
}

async function listDonors(projectId: number): Promise<DonorView[]> {
	const rows = await db
		.select()
		.from(charityGifts)
		.where(and(eq(charityGifts.projectId, projectId), eq(charityGifts.state, 'confirmed')))
		.orderBy(desc(charityGifts.confirmedAt), desc(charityGifts.id))
		.limit(shownDonors);
	return rows.map((gift) => ({
		label: gift.donorLabel,
		anonymous: gift.anonymous,
		kind: gift.kind,
		amountFen: gift.amountFen,
		goods: gift.goods,
		hours: gift.hours,
		message: gift.message,
		confirmedAt: gift.confirmedAt ?? gift.createdAt,
		seq: gift.ledgerSeq
	}));
}

async function giftTotals(projectId: number): Promise<ProjectPage['totals']> {
	const [row] = await db
		.select({
			donors: count(),
			goods: sql<number>`coalesce(sum(case when ${charityGifts.kind} = 'goods' then 1 else 0 end), 0)`,
			hours: sql<number>`coalesce(sum(${charityGifts.hours}), 0)`
		})
		.from(charityGifts)
		.where(and(eq(charityGifts.projectId, projectId), eq(charityGifts.state, 'confirmed')));
	return { donors: Number(row?.donors ?? 0), goods: Number(row?.goods ?? 0), hours: Number(row?.hours ?? 0) };
}

async function listMyGifts(projectId: number, userId: number): Promise<MyGiftView[]> {
	const rows = await db
		.select()
		.from(charityGifts)
		.where(and(eq(charityGifts.projectId, projectId), eq(charityGifts.donorId, userId)))
		.orderBy(desc(charityGifts.createdAt), desc(charityGifts.id))
		.limit(50);
	return rows.map(({ id, kind, amountFen, goods, hours, method, state, receiptCode, createdAt, ledgerSeq }) => ({ id, kind, amountFen, goods, hours, method, state, receiptCode, createdAt, seq: ledgerSeq }));
}

/** A project's payments, newest first; `stewards` (its cadres, the admin) also read the objections' words. */
async function listPayments(projectId: number, stewards: boolean): Promise<PaymentView[]> {
	return paymentViews(eq(charityDisbursements.projectId, projectId), stewards, 50);
}

/** Payments as pages show them, with their receipts and objections: three queries whatever the count. */
async function paymentViews(where: SQL, withObjections: boolean, limit: number): Promise<PaymentView[]> {
	const proposer = alias(users, 'proposer');
	const approver = alias(users, 'approver');
	const rows = await db
		.select({ payment: charityDisbursements, proposerName: proposer.displayName, approverName: approver.displayName })
		.from(charityDisbursements)
		.leftJoin(proposer, eq(proposer.id, charityDisbursements.proposedBy))
		.leftJoin(approver, eq(approver.id, charityDisbursements.approvedBy))
		.where(where)
		.orderBy(desc(charityDisbursements.createdAt), desc(charityDisbursements.id))
		.limit(limit);
	const ids = rows.map((row) => row.payment.id);
	if (ids.length === 0) return [];
	const [receiptRows, objectionRows] = await Promise.all([
		db.select().from(charityReceiptPhotos).where(inArray(charityReceiptPhotos.disbursementId, ids)).orderBy(asc(charityReceiptPhotos.position)),
		db
			.select({ id: charityObjections.id, disbursementId: charityObjections.disbursementId, body: charityObjections.body, createdAt: charityObjections.createdAt, name: users.displayName })
			.from(charityObjections)
			.leftJoin(users, eq(users.id, charityObjections.userId))
			.where(inArray(charityObjections.disbursementId, ids))
			.orderBy(asc(charityObjections.createdAt))
	]);
	const photos = await photoViewsById(receiptRows.map((receipt) => receipt.photoId));
	return rows.map(({ payment, proposerName, approverName }) => {
		const objections = objectionRows.filter((objection) => objection.disbursementId === payment.id);
		return {
			id: payment.id,
			projectId: payment.projectId,
			amountFen: payment.amountFen,
			payee: payment.payee,
			purpose: payment.purpose,
			state: payment.state,
			proposerName: proposerName ?? '',
			approverName: approverName ?? '',
			approvedAt: payment.approvedAt,
			noticeEndsAt: payment.noticeEndsAt,
			paidAt: payment.paidAt,
			seq: payment.ledgerSeq,
			endedReason: payment.endedReason,
			receipts: receiptRows.filter((receipt) => receipt.disbursementId === payment.id).flatMap((receipt) => {
				const photo = photos.get(receipt.photoId);
				return photo ? [{ photo, sha256: receipt.sha256 }] : [];
			}),
			objectionCount: objections.length,
			objections: withObjections ? objections.map(({ id, body, name, createdAt }): ObjectionView => ({ id, body, name: name ?? '', createdAt })) : [],
			createdAt: payment.createdAt
		};
	});
}

type EntryBody = { at: string; label: string; donor: string | null; reverses: number | null };

/** The project's latest ledger lines, newest first, each marked with the reversal that undid it. */
async function listProjectEntries(projectId: number): Promise<EntryView[]> {
	const rows = await db
		.select({ seq: ledgerEntries.seq, kind: ledgerEntries.kind, amountFen: ledgerEntries.amountFen, body: ledgerEntries.body, hash: ledgerEntries.hash })
		.from(ledgerEntries)
		.where(eq(ledgerEntries.projectId, projectId))
		.orderBy(desc(ledgerEntries.seq))
		.limit(shownEntries);
	const entries = rows.map((row) => {
		const body = JSON.parse(row.body) as EntryBody;
		return { seq: row.seq, at: body.at, kind: row.kind, amountFen: row.amountFen, label: body.label, donor: body.donor, hash: row.hash, reverses: body.reverses, reversedBy: null as number | null };
	});
	const bySeq = new Map(entries.map((entry) => [entry.seq, entry]));
	for (const entry of entries) if (entry.reverses !== null) bySeq.get(entry.reverses)!.reversedBy = entry.seq;
	return entries;
}

/** Pledges still waiting for a cadre, oldest first: of a village, or of one project. */
async function pledgeViews(where: SQL): Promise<PledgeView[]> {
	const rows = await db
		.select({ gift: charityGifts, projectTitle: charityProjects.title, donorName: users.displayName })
		.from(charityGifts)
		.innerJoin(charityProjects, eq(charityProjects.id, charityGifts.projectId))
		.leftJoin(users, eq(users.id, charityGifts.donorId))
		.where(and(where, eq(charityGifts.state, 'pledged')))
		.orderBy(asc(charityGifts.createdAt))
		.limit(200);
	return rows.map(({ gift, projectTitle, donorName }) => ({
		id: gift.id,
		projectId: gift.projectId,
		projectTitle,
		donorName: donorName ?? gift.donorLabel,
		anonymous: gift.anonymous,
		kind: gift.kind,
		amountFen: gift.amountFen,
		goods: gift.goods,
		hours: gift.hours,
		method: gift.method,
		reference: gift.reference,
		message: gift.message,
		createdAt: gift.createdAt
	}));
}

export type CharityConsole = {
	projects: ProjectCard[];
	pledges: PledgeView[];
	/** Proposed (waiting for a second cadre) and approved (in their 公示 period) payments, with their project's title. */
	payments: (PaymentView & { projectTitle: string })[];
	months: MonthFlow[];
};

const shownMonths = 12;
const beijingOffsetMs = 8 * 60 * 60 * 1000;
/** YYYY-MM of a moment, in the village's time. */
const monthOf = (at: Date): string => new Date(at.getTime() + beijingOffsetMs).toISOString().slice(0, 7);

/** The last `shownMonths` calendar months up to `now`, oldest first. */
function lastMonths(now: Date): string[] {
	const [year, month] = monthOf(now).split('-').map(Number);
	return Array.from({ length: shownMonths }, (_, i) => {
		const date = new Date(Date.UTC(year, month - 1 - (shownMonths - 1 - i), 1));
		return date.toISOString().slice(0, 7);
	});
}

/** What a village's cadres act on, and its money in and out per month. */
export async function findCharityConsole(villageId: number, now = new Date()): Promise<CharityConsole> {
	const months = lastMonths(now);
	const since = new Date(Date.parse(`${months[0]}-01T00:00:00Z`) - beijingOffsetMs);
	const [projects, pledges, payments, flows] = await Promise.all([
		listVillageProjects(villageId),
		pledgeViews(eq(charityProjects.villageId, villageId)),
		paymentViews(
			and(
				inArray(charityDisbursements.projectId, db.select({ id: charityProjects.id }).from(charityProjects).where(eq(charityProjects.villageId, villageId))),
				inArray(charityDisbursements.state, ['proposed', 'approved'])
			)!,
			true,
			100
		),
		db
			.select({ recordedAt: ledgerEntries.recordedAt, amountFen: ledgerEntries.amountFen })
			.from(ledgerEntries)
			.where(and(eq(ledgerEntries.villageId, villageId), inArray(ledgerEntries.kind, ['donation', 'disbursement', 'reversal']), gte(ledgerEntries.recordedAt, since)))
	]);
	const titles = new Map(projects.map((project) => [project.id, project.title]));
	const byMonth = new Map(months.map((month) => [month, { month, inFen: 0, outFen: 0 }]));
	for (const flow of flows) {
		const bucket = byMonth.get(monthOf(flow.recordedAt));
		// A reversal of a gift is money out; of a payment, money back in.
		if (bucket && flow.amountFen > 0) bucket.inFen += flow.amountFen;
		else if (bucket) bucket.outFen -= flow.amountFen;
	}
	return {
		projects,
		pledges,
		payments: payments.map((payment) => ({ ...payment, projectTitle: titles.get(payment.projectId) ?? '' })),
		months: [...byMonth.values()]
	};
}

/** The villages whose charity console the user may open: where they are a cadre, or every village for the county admin. */
export async function consoleVillages(userId: number, isAdmin: boolean): Promise<{ id: number; name: string; slug: string }[]> {
	if (isAdmin) return db.select({ id: villages.id, name: villages.name, slug: villages.slug }).from(villages).orderBy(asc(villages.id));
	return db
		.selectDistinct({ id: villages.id, name: villages.name, slug: villages.slug })
		.from(memberships)
		.innerJoin(villages, eq(villages.id, memberships.villageId))
		.where(and(eq(memberships.userId, userId), eq(memberships.role, 'cadre'), isNull(memberships.revokedAt)))
		.orderBy(asc(villages.id));
}

