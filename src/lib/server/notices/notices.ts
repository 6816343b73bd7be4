import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import {
	db,
	disclosureRows,
	transaction,
	noticePhotos,
	notices,
	noticeVersions,
	photos,
	type DisclosureRow,
	type Notice,
	type NoticeVersion,
	type Photo,
	type Tx
} from '$lib/server/platform/db';
import { recordAudit } from './audit-actions';
import { distinctPhotos, storePhotos } from '$lib/server/platform/media';
import { UserError } from '$lib/server/platform/user-error';
import { rolesIn } from '$lib/server/villages';
import { maxNoticePhotos } from '$lib/notices/vocabulary';
import { maxDisclosureRows, type DisclosureLine } from '$lib/notices/disclosure';
import { disclosureProblemMessage } from '$lib/notices/disclosure-messages';
import { readDisclosure, type NoticeEditInput, type NoticeInput, type NoticeIntent, type PollInput } from '$lib/notices/forms';
import { takeNoticeTurn } from './notice-turn';
import { replacePoll, pollHasVotes } from './polls';

/** What a person is to a village's notices: nobody, a verified villager, or one of its cadres. */
export type NoticeViewer = { userId: number | null; member: boolean; cadre: boolean };

export async function noticeViewer(userId: number | null | undefined, villageId: number): Promise<NoticeViewer> {
	if (!userId) return { userId: null, member: false, cadre: false };
	const roles = await rolesIn(userId, villageId);
	return { userId, member: roles.has('villager'), cadre: roles.has('cadre') };
}

/** Drafts are the committee's; members-only notices the village's; a deleted notice nobody's. */
export function canSeeNotice(notice: Pick<Notice, 'status' | 'audience'>, viewer: NoticeViewer): boolean {
	if (notice.status === 'deleted') return false;
	if (notice.status === 'draft') return viewer.cadre;
	return notice.audience === 'public' || viewer.member;
}

/** The rows of a pasted table, or the refusal saying what is wrong with it. */
function disclosureRowsOf(text: string, category: Notice['category']): DisclosureLine[] {
	const table = readDisclosure(text, category);
	if ('problem' in table) throw new UserError(table.problem);
	return table.rows;
}

function checkPhotoCount(count: number): void {
	if (count > maxNoticePhotos) throw new UserError(m.error_notice_photos_many({ max: maxNoticePhotos, count }));
}


async function insertRows(tx: Tx, noticeId: number, rows: DisclosureLine[], from = 0): Promise<void> {
	if (rows.length === 0) return;
	await tx.insert(disclosureRows).values(rows.map((row, i) => ({ ...row, noticeId, position: from + i })));
}

async function insertPhotos(tx: Tx, noticeId: number, list: Photo[]): Promise<void> {
	if (list.length > 0) await tx.insert(noticePhotos).values(list.map((photo, position) => ({ noticeId, position, photoId: photo.id })));
}

/**
 * A cadre's new notice (the caller has checked the role). Everything is checked
 * before the first photo is stored, and the rows go in one transaction, so a
 * refused notice leaves nothing behind.
 */
export async function createNotice(
	actorId: number,
	villageId: number,
	input: NoticeInput,
	files: File[],
	intent: NoticeIntent,
	/** Photos kept from a refused try (held-photos.ts), already checked to be this person's. */
	held: Photo[] = []
): Promise<Notice> {
	checkPhotoCount(held.length + files.length);
	const stored = distinctPhotos([...held, ...(await storePhotos(files, actorId))]);
	return transaction((tx) => writeNotice(tx, actorId, villageId, input, stored, intent, new Date()));
}

/**
 * A notice's rows (photos already stored), written and audited in the caller's transaction:
 * createNotice's, or another pillar's that makes a notice of what it records in one step.
 */
export async function writeNotice(
	tx: Tx,
	actorId: number,
	villageId: number,
	{ disclosure: rows, poll, ...fields }: NoticeInput,
	stored: Photo[],
	intent: NoticeIntent,
	now: Date
): Promise<Notice> {
	const [notice] = await tx
		.insert(notices)
		.values({
			...fields,
			villageId,
			authorId: actorId,
			status: intent === 'publish' ? 'published' : 'draft',
			createdAt: now,
			publishedAt: intent === 'publish' ? now : null
		})
		.returning();
	await insertPhotos(tx, notice.id, stored);
	await insertRows(tx, notice.id, rows);
	if (poll) await replacePoll(tx, notice.id, poll);
	await recordAudit(
		tx,
		{ actorId, villageId, action: intent === 'publish' ? 'notice.published' : 'notice.drafted', detail: { noticeId: notice.id, title: notice.title } },
		now
	);
	return notice;
}

async function villageNotice(handle: Tx, villageId: number, noticeId: number): Promise<Notice | undefined> {
	const [notice] = await handle
		.select()
		.from(notices)
		.where(and(eq(notices.id, noticeId), eq(notices.villageId, villageId)))
		.limit(1);
	return notice;
}

/** A notice of this village, in any state; the committee pages use it, after checking the role. */
export function findVillageNotice(villageId: number, noticeId: number): Promise<Notice | undefined> {
	return villageNotice(db, villageId, noticeId);
}

export async function findNotice(noticeId: number): Promise<Notice | undefined> {
	const [notice] = await db.select().from(notices).where(eq(notices.id, noticeId)).limit(1);
	return notice;
}

async function editableNotice(handle: Tx, villageId: number, noticeId: number): Promise<Notice> {
	const notice = await villageNotice(handle, villageId, noticeId);
	if (!notice || notice.status === 'deleted') throw new UserError(m.error_notice_not_found(), 404);
	return notice;
}

/** The notice as this transaction changes it, read once its turn has come. */
async function lockNotice(tx: Tx, villageId: number, noticeId: number): Promise<Notice> {
	await takeNoticeTurn(tx, noticeId);
	return editableNotice(tx, villageId, noticeId);
}

async function photosOf(handle: Tx, noticeId: number): Promise<Photo[]> {
	const rows = await handle
		.select({ photo: photos })
		.from(noticePhotos)
		.innerJoin(photos, eq(photos.id, noticePhotos.photoId))
		.where(eq(noticePhotos.noticeId, noticeId))
		.orderBy(asc(noticePhotos.position));
	return rows.map((row) => row.photo);
}

export function listNoticePhotos(noticeId: number): Promise<Photo[]> {
	return photosOf(db, noticeId);
}

function rowsOf(handle: Tx, noticeId: number): Promise<DisclosureRow[]> {
	return handle.select().from(disclosureRows).where(eq(disclosureRows.noticeId, noticeId)).orderBy(asc(disclosureRows.position));
}

export function listDisclosureRows(noticeId: number): Promise<DisclosureRow[]> {
	return rowsOf(db, noticeId);
}

/** Earlier texts of a notice, newest first. */
export function listNoticeVersions(noticeId: number): Promise<NoticeVersion[]> {
	return db.select().from(noticeVersions).where(eq(noticeVersions.noticeId, noticeId)).orderBy(desc(noticeVersions.replacedAt), desc(noticeVersions.id));
}

const rowSnapshot = (rows: DisclosureRow[]) => rows.map(({ date, item, amountFen, counterparty, note }) => ({ date, item, amountFen, counterparty, note }));

/**
 * Keeps the text and table a published notice had before a change and marks it
 * edited, so villagers can see what was first said. Drafts change freely.
 */
async function keepVersion(tx: Tx, notice: Notice, actorId: number, now: Date): Promise<void> {
	if (notice.status !== 'published') return;
	const rows = notice.category === 'affairs' ? rowSnapshot(await rowsOf(tx, notice.id)) : null;
	await tx.insert(noticeVersions).values({ noticeId: notice.id, title: notice.title, body: notice.body, rows, replacedAt: now, replacedBy: actorId });
	await tx.update(notices).set({ editedAt: now }).where(eq(notices.id, notice.id));
}

export type NoticeEdit = { removePhotos: string[]; newFiles: File[]; held?: Photo[] };

/** The photos an edit keeps, once the edit is known to fit: checked before storing new photos, and again in the transaction. */
async function checkEdit(handle: Tx, notice: Notice, fields: Pick<NoticeEditInput, 'category'>, edit: NoticeEdit): Promise<Photo[]> {
	const kept = (await photosOf(handle, notice.id)).filter((photo) => !edit.removePhotos.includes(photo.id));
	checkPhotoCount(kept.length + (edit.held ?? []).length + edit.newFiles.length);
	if (fields.category !== 'affairs' && (await rowsOf(handle, notice.id)).length > 0) throw new UserError(m.error_disclosure_not_affairs());
	return kept;
}

/**
 * Saves the edit form. A published notice keeps its previous version when its
 * title or body changes; a poll that has votes cannot change any more (the
 * poll of `input` is then ignored). A draft saved with "publish" is published now.
 */
export async function updateNotice(
	actorId: number,
	villageId: number,
	noticeId: number,
	{ poll: newPoll, ...fields }: NoticeEditInput,
	edit: NoticeEdit,
	intent: NoticeIntent
): Promise<Notice> {
	const before = await editableNotice(db, villageId, noticeId);
	const poll: PollInput | null | 'unchanged' = (await pollHasVotes(db, noticeId)) ? 'unchanged' : newPoll;
	await checkEdit(db, before, fields, edit);
	const added = [...(edit.held ?? []), ...(await storePhotos(edit.newFiles, actorId))];
	return transaction(async (tx) => {
		const now = new Date();
		const notice = await lockNotice(tx, villageId, noticeId);
		const kept = await checkEdit(tx, notice, fields, edit);
		if (fields.title !== notice.title || fields.body !== notice.body) await keepVersion(tx, notice, actorId, now);
		const publishing = notice.status === 'draft' && intent === 'publish';
		const [saved] = await tx
			.update(notices)
			.set({ ...fields, ...(publishing ? { status: 'published' as const, publishedAt: now } : {}) })
			.where(eq(notices.id, notice.id))
			.returning();
		await tx.delete(noticePhotos).where(eq(noticePhotos.noticeId, notice.id));
		await insertPhotos(tx, notice.id, distinctPhotos([...kept, ...added]));
		// Once someone has voted the poll stays as it was, whatever the form says.
		if (poll !== 'unchanged' && !(await pollHasVotes(tx, notice.id))) await replacePoll(tx, notice.id, poll);
		await recordAudit(
			tx,
			{ actorId, villageId, action: publishing ? 'notice.published' : 'notice.edited', detail: { noticeId: notice.id, title: saved.title } },
			now
		);
		return saved;
	});
}

/** Soft delete: the notice leaves every page but stays in the database and the audit log. */
export async function deleteNotice(actorId: number, villageId: number, noticeId: number): Promise<void> {
	await transaction(async (tx) => {
		const now = new Date();
		const notice = await lockNotice(tx, villageId, noticeId);
		await tx.update(notices).set({ status: 'deleted', deletedAt: now, deletedBy: actorId }).where(eq(notices.id, notice.id));
		await recordAudit(tx, { actorId, villageId, action: 'notice.deleted', detail: { noticeId: notice.id, title: notice.title } }, now);
	});
}

/** Appends rows to a village-affairs notice's table, typed one by one or pasted from a spreadsheet. */
export async function addDisclosureRows(actorId: number, villageId: number, noticeId: number, text: string): Promise<number> {
	return transaction(async (tx) => {
		const now = new Date();
		const notice = await lockNotice(tx, villageId, noticeId);
		const rows = disclosureRowsOf(text, notice.category);
		if (rows.length === 0) throw new UserError(m.error_disclosure_empty());
		await keepVersion(tx, notice, actorId, now);
		const existing = await rowsOf(tx, notice.id);
		if (existing.length + rows.length > maxDisclosureRows) throw new UserError(disclosureProblemMessage('too_many', existing.length + rows.length));
		await insertRows(tx, notice.id, rows, (existing.at(-1)?.position ?? -1) + 1);
		await recordAudit(tx, { actorId, villageId, action: 'notice.table_changed', detail: { noticeId: notice.id, title: notice.title, added: rows.length } }, now);
		return rows.length;
	});
}

export async function removeDisclosureRow(actorId: number, villageId: number, noticeId: number, rowId: number): Promise<void> {
	await transaction(async (tx) => {
		const now = new Date();
		const notice = await lockNotice(tx, villageId, noticeId);
		await keepVersion(tx, notice, actorId, now);
		const removed = await tx
			.delete(disclosureRows)
			.where(and(eq(disclosureRows.id, rowId), eq(disclosureRows.noticeId, notice.id)))
			.returning({ id: disclosureRows.id });
		if (removed.length === 0) throw new UserError(m.error_disclosure_row_not_found(), 404);
		await recordAudit(tx, { actorId, villageId, action: 'notice.table_changed', detail: { noticeId: notice.id, title: notice.title, removed: 1 } }, now);
	});
}

export type CommitteeNoticeLine = Pick<Notice, 'id' | 'title' | 'category' | 'status' | 'audience' | 'pinned' | 'important' | 'createdAt' | 'publishedAt'>;

/** The committee's list: drafts first, then the latest published. */
export function listCommitteeNotices(villageId: number, limit = 20): Promise<CommitteeNoticeLine[]> {
	return db
		.select({
			id: notices.id,
			title: notices.title,
			category: notices.category,
			status: notices.status,
			audience: notices.audience,
			pinned: notices.pinned,
			important: notices.important,
			createdAt: notices.createdAt,
			publishedAt: notices.publishedAt
		})
		.from(notices)
		.where(and(eq(notices.villageId, villageId), inArray(notices.status, ['draft', 'published'])))
		.orderBy(desc(eq(notices.status, 'draft')), desc(notices.publishedAt), desc(notices.id))
		.limit(limit);
}
