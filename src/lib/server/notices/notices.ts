import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import {
	db,
	disclosureRows,
	noticeAudiences,
	noticeCategories,
	noticePhotos,
	notices,
	noticeVersions,
	photos,
	type DisclosureRow,
	type Notice,
	type NoticeVersion,
	type Photo
} from '$lib/server/db';
import { recordAudit } from '$lib/server/audit';
import { parseWith, requiredLine, requiredText } from '$lib/server/forms';
import { storePhotos } from '$lib/server/media';
import { UserError } from '$lib/server/user-error';
import { rolesIn } from '$lib/server/villages/memberships';
import { findUnsafeMarkup } from '$lib/notices/format';
import { maxDisclosureRows, parseDisclosureTable, type DisclosureLine } from '$lib/notices/disclosure';
import { normalizeText } from '$lib/typed-text';
import { disclosureProblemMessage } from './disclosure-messages';
import { parsePollInput, replacePoll, pollHasVotes, type PollInput } from './polls';

export const maxNoticePhotos = 9;

/** What a person is to a village's notices: nobody, a verified villager, or one of its cadres. */
export type NoticeViewer = { userId: number | null; member: boolean; cadre: boolean };

export function noticeViewer(userId: number | null | undefined, villageId: number): NoticeViewer {
	if (!userId) return { userId: null, member: false, cadre: false };
	const roles = rolesIn(userId, villageId);
	return { userId, member: roles.has('villager'), cadre: roles.has('cadre') };
}

/** Drafts are the committee's; members-only notices the village's; a deleted notice nobody's. */
export function canSeeNotice(notice: Pick<Notice, 'status' | 'audience'>, viewer: NoticeViewer): boolean {
	if (notice.status === 'deleted') return false;
	if (notice.status === 'draft') return viewer.cadre;
	return notice.audience === 'public' || viewer.member;
}

const checkbox = v.pipe(
	v.optional(v.string(), ''),
	v.transform((value) => value === 'on' || value === 'true')
);

const noticeSchema = v.object({
	title: requiredLine(60, m.error_notice_title_required, m.error_notice_title_long),
	body: v.pipe(
		requiredText(5000, m.error_notice_body_required, m.error_notice_body_long),
		v.check((body) => findUnsafeMarkup(body) === null, () => m.error_notice_body_markup())
	),
	category: v.picklist(noticeCategories, () => m.error_notice_category()),
	audience: v.picklist(noticeAudiences, () => m.error_notice_audience()),
	pinned: checkbox,
	important: checkbox
});

export type NoticeFields = v.InferOutput<typeof noticeSchema>;

/** Publish now, or keep as a draft only the committee sees. */
export type NoticeIntent = 'publish' | 'draft';

export function parseIntent(value: string | undefined): NoticeIntent {
	return value === 'draft' ? 'draft' : 'publish';
}

function parseDisclosure(text: string | undefined, category: NoticeFields['category']): DisclosureLine[] {
	const typed = normalizeText(text ?? '');
	if (!typed) return [];
	if (category !== 'affairs') throw new UserError(m.error_disclosure_not_affairs());
	const parsed = parseDisclosureTable(typed);
	if (!parsed.ok) throw new UserError(disclosureProblemMessage(parsed.problem, parsed.line));
	return parsed.rows;
}

function checkPhotoCount(count: number): void {
	if (count > maxNoticePhotos) throw new UserError(m.error_notice_photos_many({ max: maxNoticePhotos, count }));
}

/** The same picture chosen twice (or held and chosen again) is one photo of the notice. */
function uniquePhotos(list: Photo[]): Photo[] {
	return [...new Map(list.map((photo) => [photo.id, photo])).values()];
}


function insertRows(noticeId: number, rows: DisclosureLine[], from = 0): void {
	if (rows.length === 0) return;
	db.insert(disclosureRows)
		.values(rows.map((row, i) => ({ ...row, noticeId, position: from + i })))
		.run();
}

/**
 * A cadre's new notice (the caller has checked the role). Everything is checked
 * before the first photo is stored, and the rows go in one transaction, so a
 * refused notice leaves nothing behind.
 */
export async function createNotice(
	actorId: number,
	villageId: number,
	input: Record<string, string>,
	files: File[],
	intent: NoticeIntent,
	/** Photos kept from a refused try (held-photos.ts), already checked to be this person's. */
	held: Photo[] = []
): Promise<Notice> {
	const fields = parseWith(noticeSchema, input);
	const rows = parseDisclosure(input.disclosure, fields.category);
	const poll = parsePollInput(input);
	checkPhotoCount(held.length + files.length);
	const stored = uniquePhotos([...held, ...(await storePhotos(files, actorId))]);
	return db.transaction(() => {
		const now = new Date();
		const notice = db
			.insert(notices)
			.values({
				...fields,
				villageId,
				authorId: actorId,
				status: intent === 'publish' ? 'published' : 'draft',
				createdAt: now,
				publishedAt: intent === 'publish' ? now : null
			})
			.returning()
			.get();
		if (stored.length > 0) db.insert(noticePhotos).values(stored.map((photo, position) => ({ noticeId: notice.id, position, photoId: photo.id }))).run();
		insertRows(notice.id, rows);
		if (poll) replacePoll(notice.id, poll);
		recordAudit({ actorId, villageId, action: intent === 'publish' ? 'notice.published' : 'notice.drafted', detail: { noticeId: notice.id, title: notice.title } }, now);
		return notice;
	});
}

/** A notice of this village, in any state; the committee pages use it, after checking the role. */
export function findVillageNotice(villageId: number, noticeId: number): Notice | undefined {
	return db
		.select()
		.from(notices)
		.where(and(eq(notices.id, noticeId), eq(notices.villageId, villageId)))
		.get();
}

export function findNotice(noticeId: number): Notice | undefined {
	return db.select().from(notices).where(eq(notices.id, noticeId)).get();
}

function editableNotice(villageId: number, noticeId: number): Notice {
	const notice = findVillageNotice(villageId, noticeId);
	if (!notice || notice.status === 'deleted') throw new UserError(m.error_notice_not_found(), 404);
	return notice;
}

export function listNoticePhotos(noticeId: number): Photo[] {
	return db
		.select({ photo: photos })
		.from(noticePhotos)
		.innerJoin(photos, eq(photos.id, noticePhotos.photoId))
		.where(eq(noticePhotos.noticeId, noticeId))
		.orderBy(asc(noticePhotos.position))
		.all()
		.map((row) => row.photo);
}

export function listDisclosureRows(noticeId: number): DisclosureRow[] {
	return db.select().from(disclosureRows).where(eq(disclosureRows.noticeId, noticeId)).orderBy(asc(disclosureRows.position)).all();
}

/** Earlier texts of a notice, newest first. */
export function listNoticeVersions(noticeId: number): NoticeVersion[] {
	return db.select().from(noticeVersions).where(eq(noticeVersions.noticeId, noticeId)).orderBy(desc(noticeVersions.replacedAt), desc(noticeVersions.id)).all();
}

const rowSnapshot = (rows: DisclosureRow[]) => rows.map(({ date, item, amountFen, counterparty, note }) => ({ date, item, amountFen, counterparty, note }));

/**
 * Keeps the text and table a published notice had before a change and marks it
 * edited, so villagers can see what was first said. Drafts change freely.
 */
function keepVersion(notice: Notice, actorId: number, now: Date): void {
	if (notice.status !== 'published') return;
	const rows = notice.category === 'affairs' ? rowSnapshot(listDisclosureRows(notice.id)) : null;
	db.insert(noticeVersions).values({ noticeId: notice.id, title: notice.title, body: notice.body, rows, replacedAt: now, replacedBy: actorId }).run();
	db.update(notices).set({ editedAt: now }).where(eq(notices.id, notice.id)).run();
}

export type NoticeEdit = { removePhotos: string[]; newFiles: File[]; held?: Photo[] };

/**
 * Saves the edit form. A published notice keeps its previous version when its
 * title or body changes; a poll that has votes cannot change any more. A
 * draft saved with "publish" is published now.
 */
export async function updateNotice(
	actorId: number,
	villageId: number,
	noticeId: number,
	input: Record<string, string>,
	edit: NoticeEdit,
	intent: NoticeIntent
): Promise<Notice> {
	const notice = editableNotice(villageId, noticeId);
	const fields = parseWith(noticeSchema, input);
	const votes = pollHasVotes(notice.id);
	const poll: PollInput | null | 'unchanged' = votes ? 'unchanged' : parsePollInput(input);
	const kept = listNoticePhotos(notice.id).filter((photo) => !edit.removePhotos.includes(photo.id));
	const held = edit.held ?? [];
	checkPhotoCount(kept.length + held.length + edit.newFiles.length);
	if (fields.category !== 'affairs' && listDisclosureRows(notice.id).length > 0) throw new UserError(m.error_disclosure_not_affairs());
	const added = [...held, ...(await storePhotos(edit.newFiles, actorId))];
	return db.transaction(() => {
		const now = new Date();
		if (fields.title !== notice.title || fields.body !== notice.body) keepVersion(notice, actorId, now);
		const publishing = notice.status === 'draft' && intent === 'publish';
		const saved = db
			.update(notices)
			.set({ ...fields, ...(publishing ? { status: 'published' as const, publishedAt: now } : {}) })
			.where(eq(notices.id, notice.id))
			.returning()
			.get();
		db.delete(noticePhotos).where(eq(noticePhotos.noticeId, notice.id)).run();
		const allPhotos = uniquePhotos([...kept, ...added]);
		if (allPhotos.length > 0) db.insert(noticePhotos).values(allPhotos.map((photo, position) => ({ noticeId: notice.id, position, photoId: photo.id }))).run();
		if (poll !== 'unchanged') replacePoll(notice.id, poll);
		recordAudit(
			{ actorId, villageId, action: publishing ? 'notice.published' : 'notice.edited', detail: { noticeId: notice.id, title: saved.title } },
			now
		);
		return saved;
	});
}

/** Soft delete: the notice leaves every page but stays in the database and the audit log. */
export function deleteNotice(actorId: number, villageId: number, noticeId: number): void {
	const notice = editableNotice(villageId, noticeId);
	db.transaction(() => {
		const now = new Date();
		db.update(notices).set({ status: 'deleted', deletedAt: now, deletedBy: actorId }).where(eq(notices.id, notice.id)).run();
		recordAudit({ actorId, villageId, action: 'notice.deleted', detail: { noticeId: notice.id, title: notice.title } }, now);
	});
}

/** Appends rows to a village-affairs notice's table, typed one by one or pasted from a spreadsheet. */
export function addDisclosureRows(actorId: number, villageId: number, noticeId: number, text: string): number {
	const notice = editableNotice(villageId, noticeId);
	const rows = parseDisclosure(text, notice.category);
	if (rows.length === 0) throw new UserError(m.error_disclosure_empty());
	db.transaction(() => {
		const now = new Date();
		keepVersion(notice, actorId, now);
		const existing = listDisclosureRows(notice.id);
		if (existing.length + rows.length > maxDisclosureRows) throw new UserError(disclosureProblemMessage('too_many', existing.length + rows.length));
		insertRows(notice.id, rows, (existing.at(-1)?.position ?? -1) + 1);
		recordAudit({ actorId, villageId, action: 'notice.table_changed', detail: { noticeId: notice.id, title: notice.title, added: rows.length } }, now);
	});
	return rows.length;
}

export function removeDisclosureRow(actorId: number, villageId: number, noticeId: number, rowId: number): void {
	const notice = editableNotice(villageId, noticeId);
	db.transaction(() => {
		const now = new Date();
		keepVersion(notice, actorId, now);
		const removed = db
			.delete(disclosureRows)
			.where(and(eq(disclosureRows.id, rowId), eq(disclosureRows.noticeId, notice.id)))
			.run();
		if (removed.changes === 0) throw new UserError(m.error_disclosure_row_not_found(), 404);
		recordAudit({ actorId, villageId, action: 'notice.table_changed', detail: { noticeId: notice.id, title: notice.title, removed: 1 } }, now);
	});
}

export type CommitteeNoticeLine = Pick<Notice, 'id' | 'title' | 'category' | 'status' | 'audience' | 'pinned' | 'important' | 'createdAt' | 'publishedAt'>;

/** The committee's list: drafts first, then the latest published. */
export function listCommitteeNotices(villageId: number, limit = 20): CommitteeNoticeLine[] {
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
		.limit(limit)
		.all();
}
