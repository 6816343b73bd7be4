import { describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import {
	auditLog,
	db,
	disclosureRows,
	noticeComments,
	noticePhotos,
	notices,
	photos,
	pollVotes,
	polls,
	type Notice,
	type User,
	type Village
} from '$lib/server/platform/db';
import {
	addDisclosureRows,
	createNotice,
	canSeeNotice,
	deleteNotice,
	listDisclosureRows,
	listNoticePhotos,
	listNoticeVersions,
	noticeViewer,
	removeDisclosureRow,
	type NoticeViewer,
	updateNotice
} from '$lib/server/notices/notices';
import { listCountyFeed, listVillageFeed, parseFeedFilter } from '$lib/server/notices/feed';
import { acknowledgeNotice, findMyRead, listReaders, readSummary, recordRead } from '$lib/server/notices/reads';
import { castVote, findPoll } from '$lib/server/notices/polls';
import { addComment, hideComment, listComments, listReportedComments, parseCommentCursor, reportComment } from '$lib/server/notices/comments';
import { countVillagers, listVillagers, revokeMembership } from '$lib/server/villages/memberships';
import { memberships, transaction } from '$lib/server/platform/db';
import { makeCadre, makeNotice, makeUser, makeVillage, makeVillager } from './factories';
import { asFile } from './image-files';
import { findHeldPhotos } from '$lib/server/platform/held-photos';
import { storePhoto } from '$lib/server/platform/media';
import { refusal } from './refusal';
import { UserError } from '$lib/server/platform/user-error';
import { parseWith } from '$lib/server/platform/forms';
import { commentForm, noticeEditForm, noticeForm, parsePhotoChoices } from '$lib/notices/forms';
import { beijingInputValue } from '$lib/form-fields';

const inDays = (days: number) => beijingInputValue(new Date(Date.now() + days * 24 * 60 * 60 * 1000));
const pollFields = { pollQuestion: '新路叫什么？', pollOptions: '樱桃路\n振兴路\n东环路', pollClosesAt: inDays(7) };
const noFilter = parseFeedFilter(new URLSearchParams());
const countRows = async (table: typeof notices | typeof photos | typeof polls) => (await db.select({ n: count() }).from(table))[0].n;

/** A distinct little photo per call, so each is stored as its own photo. */
let hue = 0;
async function photo(): Promise<File> {
	hue += 37;
	const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: hue % 256, g: 120, b: 60 } } })
		.jpeg()
		.toBuffer();
	return asFile(bytes, `p${hue}.jpg`);
}

async function village(): Promise<{ village: Village; cadre: User; villager: User }> {
	const v = await makeVillage();
	const cadre = await makeCadre(v);
	return { village: v, cadre, villager: await makeVillager(v, cadre) };
}

describe('posting a notice', () => {
	it('stores title, body, photos, poll and table, and audits it', async () => {
		const { village: v, cadre } = await village();
		const notice = await makeNotice(
			v,
			cadre,
			{ category: 'affairs', important: 'on', pinned: 'on', audience: 'members', disclosure: '日期,项目,金额\n2026-03-05,修路,-1200.50\n2026/3/9\t承包费\t800', ...pollFields },
			{ files: [await photo(), await photo()] }
		);
		expect(notice).toMatchObject({ status: 'published', important: true, pinned: true, audience: 'members' });
		expect(notice.publishedAt).toBeInstanceOf(Date);
		expect(await listNoticePhotos(notice.id)).toHaveLength(2);
		expect((await listDisclosureRows(notice.id)).map((r) => [r.date, r.item, r.amountFen])).toEqual([
			['2026-03-05', '修路', -120050],
			['2026-03-09', '承包费', 80000]
		]);
		const poll = (await findPoll(notice, await noticeViewer(cadre.id, v.id)))!;
		expect(poll.options.map((o) => o.label)).toEqual(['樱桃路', '振兴路', '东环路']);
		expect(await db.select().from(auditLog).where(and(eq(auditLog.villageId, v.id), eq(auditLog.action, 'notice.published')))).toHaveLength(1);
	});

	it('refuses bad input with a clear message and stores nothing', async () => {
		const { village: v, cadre } = await village();
		const before = { notices: await countRows(notices), photos: await countRows(photos), polls: await countRows(polls) };
		const tenPhotos = await Promise.all(Array.from({ length: 10 }, photo));
		const cases: [Record<string, string>, File[], string][] = [
			[{ title: '  ' }, [], '标题'],
			[{ body: '' }, [], '正文'],
			[{ body: '开会<script>alert(1)</script>' }, [], '<script>'],
			[{ body: '点[这里](javascript:alert(1))看' }, [], 'javascript:'],
			[{ body: '<img src=x onerror=alert(1)>' }, [], '网页代码'],
			[{ category: 'gossip' }, [], '类别'],
			[{ audience: 'everyone' }, [], '谁能看'],
			[{ pollQuestion: '同意吗？', pollOptions: '同意', pollClosesAt: inDays(3) }, [], '至少要有 2 个选项'],
			[{ pollQuestion: '同意吗？', pollOptions: '同意\n同意', pollClosesAt: inDays(3) }, [], '两个选项一样'],
			[{ ...pollFields, pollClosesAt: inDays(-1) }, [], '现在之后'],
			[{ ...pollFields, pollClosesAt: 'next tuesday' }, [], '截止时间'],
			[{ disclosure: '2026-03-05,修路,-100' }, [], '村务公开'],
			[{ category: 'affairs', disclosure: '2026-02-30,修路,-100' }, [], '第 1 行的日期'],
			[{ category: 'affairs', disclosure: '2026-03-01,修路,-100\n2026-03-02,买灯,12.345' }, [], '第 2 行的金额'],
			[{}, tenPhotos, '最多 9 张'],
			[{}, [asFile('not a photo', 'x.jpg')], '第 1 张照片']
		];
		for (const [fields, files, message] of cases) {
			const refused = await refusal(makeNotice(v, cadre, fields, { files }));
			expect(refused.message, JSON.stringify(fields)).toContain(message);
		}
		expect({ notices: await countRows(notices), photos: await countRows(photos), polls: await countRows(polls) }).toEqual(before);
	});
});

describe('editing and deleting', () => {
	it('keeps the previous version of a published notice and marks it edited; drafts change freely', async () => {
		const { village: v, cadre } = await village();
		const draft = await makeNotice(v, cadre, { title: '草稿' }, { intent: 'draft' });
		expect(draft.publishedAt).toBeNull();
		const fields = { title: '草稿二', body: '正文', category: 'notice', audience: 'public' };
		const published = await updateNotice(cadre.id, v.id, draft.id, parseWith(noticeEditForm, fields), { removePhotos: [], newFiles: [] }, 'publish');
		expect(published.status).toBe('published');
		expect(published.editedAt).toBeNull();
		expect(await listNoticeVersions(draft.id)).toHaveLength(0);

		const edited = await updateNotice(cadre.id, v.id, draft.id, parseWith(noticeEditForm, { ...fields, body: '正文（更正了时间）' }), { removePhotos: [], newFiles: [] }, 'publish');
		expect(edited.editedAt).toBeInstanceOf(Date);
		expect(edited.publishedAt).toEqual(published.publishedAt);
		expect((await listNoticeVersions(draft.id)).map((ver) => ver.body)).toEqual(['正文']);
	});

	it('adds and removes photos up to nine, and locks a poll once someone voted', async () => {
		const { village: v, cadre, villager } = await village();
		const notice = await makeNotice(v, cadre, pollFields, { files: [await photo(), await photo()] });
		const [first] = await listNoticePhotos(notice.id);
		const fields = { title: notice.title, body: notice.body, category: 'notice', audience: 'public' };
		const eight = await Promise.all(Array.from({ length: 8 }, photo));
		const tooMany = await refusal(() => updateNotice(cadre.id, v.id, notice.id, parseWith(noticeEditForm, fields), { removePhotos: [], newFiles: eight }, 'publish'));
		expect(tooMany.message).toContain('最多 9 张');
		await updateNotice(cadre.id, v.id, notice.id, parseWith(noticeEditForm, { ...fields, ...pollFields }), { removePhotos: [first.id], newFiles: eight.slice(0, 7) }, 'publish');
		expect(await listNoticePhotos(notice.id)).toHaveLength(8);
		expect((await listNoticePhotos(notice.id)).map((p) => p.id)).not.toContain(first.id);

		const poll = (await findPoll(notice, await noticeViewer(villager.id, v.id)))!;
		await castVote(await noticeViewer(villager.id, v.id), notice, { option: poll.options[0].id });
		// The poll fields are left out of the form once it is locked; even if posted, they change nothing.
		await updateNotice(cadre.id, v.id, notice.id, parseWith(noticeEditForm, { ...fields, pollQuestion: '换个问题', pollOptions: '甲\n乙', pollClosesAt: inDays(2) }), { removePhotos: [], newFiles: [] }, 'publish');
		expect((await findPoll(notice, await noticeViewer(villager.id, v.id)))!.question).toBe(pollFields.pollQuestion);
	});

	it('a soft delete hides the notice everywhere, keeps the row and audits it', async () => {
		const { village: v, cadre, villager } = await village();
		const notice = await makeNotice(v, cadre);
		await deleteNotice(cadre.id, v.id, notice.id);
		const [row] = await db.select().from(notices).where(eq(notices.id, notice.id));
		expect(row).toMatchObject({ status: 'deleted', deletedBy: cadre.id });
		expect(canSeeNotice(row, await noticeViewer(cadre.id, v.id))).toBe(false);
		expect((await listVillageFeed(v.id, await noticeViewer(villager.id, v.id), noFilter, 20)).items.map((i) => i.id)).not.toContain(notice.id);
		expect(await db.select().from(auditLog).where(and(eq(auditLog.villageId, v.id), eq(auditLog.action, 'notice.deleted')))).toHaveLength(1);
		await refusal(() => deleteNotice(cadre.id, v.id, notice.id));
	});

	it('a cadre of another village can neither edit nor delete', async () => {
		const { village: v, cadre } = await village();
		const other = await village();
		const notice = await makeNotice(v, cadre);
		const fields = { title: '改', body: '改', category: 'notice', audience: 'public' };
		await refusal(() => updateNotice(other.cadre.id, other.village.id, notice.id, parseWith(noticeEditForm, fields), { removePhotos: [], newFiles: [] }, 'publish'));
		await refusal(() => deleteNotice(other.cadre.id, other.village.id, notice.id));
		expect((await db.select().from(notices).where(eq(notices.id, notice.id)))[0].status).toBe('published');
	});

	it('table rows are added typed or pasted and removed, each change audited and versioned', async () => {
		const { village: v, cadre } = await village();
		const notice = await makeNotice(v, cadre, { category: 'affairs', disclosure: '2026-01-02,承包费,500' });
		expect(await addDisclosureRows(cadre.id, v.id, notice.id, '2026-01-05\t买水泥\t-120\t建材店\t')).toBe(1);
		const [first] = await listDisclosureRows(notice.id);
		await removeDisclosureRow(cadre.id, v.id, notice.id, first.id);
		expect((await listDisclosureRows(notice.id)).map((r) => r.item)).toEqual(['买水泥']);
		expect((await listNoticeVersions(notice.id)).map((ver) => ver.rows?.map((r) => r.item))).toEqual([['承包费', '买水泥'], ['承包费']]);
		const bad = await refusal(() => addDisclosureRows(cadre.id, v.id, notice.id, '昨天,买灯,-10'));
		expect(bad.message).toContain('第 1 行的日期');
		expect(await listDisclosureRows(notice.id)).toHaveLength(1);
		const plain = await makeNotice(v, cadre);
		await refusal(() => addDisclosureRows(cadre.id, v.id, plain.id, '2026-01-05,买灯,-10'));
		expect((await db.select({ n: count() }).from(disclosureRows).where(eq(disclosureRows.noticeId, plain.id)))[0].n).toBe(0);
	});
});

describe('the feed', () => {
	it('shows pinned first, then newest, 20 a page with an older cursor, filtered by category', async () => {
		const { village: v, cadre, villager } = await village();
		const made: Notice[] = [];
		for (let i = 0; i < 25; i++) made.push(await makeNotice(v, cadre, { title: `第${i}条`, category: i % 5 === 0 ? 'policy' : 'notice' }));
		const pinned = await makeNotice(v, cadre, { title: '置顶的', pinned: 'on' });
		// Older than the rest, but pinned: still first.
		await transaction((tx) => tx.update(notices).set({ publishedAt: new Date(2020, 0, 1) }).where(eq(notices.id, pinned.id)));

		const viewer = await noticeViewer(villager.id, v.id);
		const first = await listVillageFeed(v.id, viewer, noFilter, 20);
		expect(first.pinned.map((i) => i.title)).toEqual(['置顶的']);
		expect(first.items).toHaveLength(20);
		expect(first.items[0].title).toBe('第24条');
		expect(first.older).not.toBeNull();
		const second = await listVillageFeed(v.id, viewer, parseFeedFilter(new URLSearchParams({ before: first.older! })), 20);
		expect(second.pinned).toEqual([]);
		expect(second.items.map((i) => i.title)).toEqual(['第4条', '第3条', '第2条', '第1条', '第0条']);
		expect(second.older).toBeNull();

		const policy = await listVillageFeed(v.id, viewer, parseFeedFilter(new URLSearchParams({ category: 'policy' })), 20);
		expect(policy.items.map((i) => i.title)).toEqual(['第20条', '第15条', '第10条', '第5条', '第0条']);
		// A malformed filter is ignored rather than an error.
		expect(parseFeedFilter(new URLSearchParams({ category: '<script>', before: 'yesterday' }))).toEqual({ category: null, before: null });
		// An id past what the column holds (an integer on PostgreSQL) is malformed too, not a query that fails.
		expect(parseFeedFilter(new URLSearchParams({ before: `${Date.now()}-99999999999` })).before).toBeNull();
		expect(parseCommentCursor(new URLSearchParams({ comments_after: '99999999999' }))).toBeNull();
		expect(parseCommentCursor(new URLSearchParams({ comments_before: '2147483647' }))).toEqual({ before: 2_147_483_647 });
	});

	it('members-only notices and drafts stay out of a visitor\'s and an outsider\'s feed and the county feed', async () => {
		const { village: v, cadre, villager } = await village();
		const outsider = await makeUser();
		const open = await makeNotice(v, cadre, { title: '公开的' });
		const closed = await makeNotice(v, cadre, { title: '村民的', audience: 'members' });
		const draft = await makeNotice(v, cadre, { title: '草稿' }, { intent: 'draft' });
		const ids = async (viewer: NoticeViewer) => (await listVillageFeed(v.id, viewer, noFilter, 20)).items.map((i) => i.id);
		expect(await ids(await noticeViewer(villager.id, v.id))).toEqual([closed.id, open.id]);
		expect(await ids(await noticeViewer(outsider.id, v.id))).toEqual([open.id]);
		expect(await ids(await noticeViewer(null, v.id))).toEqual([open.id]);
		const county = (await listCountyFeed(noFilter, 100)).items.map((i) => i.id);
		expect(county).toContain(open.id);
		expect(county).not.toContain(closed.id);
		expect(county).not.toContain(draft.id);
	});

	it('counts photos and reads for each item', async () => {
		const { village: v, cadre, villager } = await village();
		const notice = await makeNotice(v, cadre, {}, { files: [await photo()] });
		await recordRead(notice, await noticeViewer(villager.id, v.id));
		const [item] = (await listVillageFeed(v.id, await noticeViewer(null, v.id), noFilter, 20)).items;
		// The villager's read and the author's, who read it by writing it.
		expect(item).toMatchObject({ id: notice.id, photoCount: 1, readCount: 2, hasPoll: false, hasTable: false });
	});
});

describe('photos held from a refused notice form', () => {
	it('are named by id on the next try, only by the person who uploaded them, and left out when ticked', async () => {
		const { village: v, cadre } = await village();
		const other = await makeCadre(v);
		const [mine, theirs] = [await storePhoto(await photo(), cadre.id), await storePhoto(await photo(), other.id)];
		expect(parsePhotoChoices({ [`held-${mine.id}`]: 'on', [`held-${theirs.id}`]: 'on', [`remove-${theirs.id}`]: 'on', title: 'x' }).held).toEqual([mine.id]);
		expect((await findHeldPhotos(cadre.id, [mine.id])).map((p) => p.id)).toEqual([mine.id]);
		const refused = await refusal(() => findHeldPhotos(cadre.id, [theirs.id]));
		expect(refused.message).toContain('重新选择');
		const notice = await createNotice(cadre.id, v.id, parseWith(noticeForm, { title: '修路', body: '下周修路', category: 'notice', audience: 'public' }), [], 'publish', await findHeldPhotos(cadre.id, [mine.id]));
		expect((await listNoticePhotos(notice.id)).map((p) => p.id)).toEqual([mine.id]);
	});

	it('the same picture sent by a second person is theirs to hold: its id is a hash of its pixels', async () => {
		const { village: v, cadre } = await village();
		const other = await makeCadre(v);
		const picture = await photo();
		const first = await storePhoto(picture, other.id);
		const again = await storePhoto(picture, cadre.id);
		expect(again.id).toBe(first.id);
		expect((await findHeldPhotos(cadre.id, [again.id])).map((p) => p.id)).toEqual([first.id]);
		expect((await refusal(() => findHeldPhotos(other.id, [first.id]))).message).toContain('重新选择');
	});
});

describe('read receipts', () => {
	it('a villager\'s open counts once; others do not count; acknowledging is separate', async () => {
		const { village: v, cadre, villager } = await village();
		const second = await makeVillager(v, cadre);
		const outsider = await makeUser();
		const notice = await makeNotice(v, cadre, { important: 'on' });
		const me = await noticeViewer(villager.id, v.id);
		await recordRead(notice, me);
		await recordRead(notice, me);
		await recordRead(notice, await noticeViewer(outsider.id, v.id));
		await recordRead(notice, await noticeViewer(null, v.id));
		// The author has read it by writing it, once however often they open it: of the three villagers, two have read it.
		await recordRead(notice, await noticeViewer(cadre.id, v.id));
		expect(await readSummary(notice)).toEqual({ read: 2, acknowledged: 1, members: 3 });
		const readers = await listReaders(notice);
		expect(Object.fromEntries(readers.map((r) => [r.userId, r.readAt !== null]))).toEqual({ [second.id]: false, [cadre.id]: true, [villager.id]: true });
		expect(readers[0].userId).toBe(second.id);

		await acknowledgeNotice(notice, me);
		const firstAck = (await findMyRead(notice.id, villager.id))!.acknowledgedAt;
		await acknowledgeNotice(notice, me);
		expect((await findMyRead(notice.id, villager.id))!.acknowledgedAt).toEqual(firstAck);
		expect(await readSummary(notice)).toEqual({ read: 2, acknowledged: 2, members: 3 });

		const outsiderAck = await refusal(async () => acknowledgeNotice(notice, await noticeViewer(outsider.id, v.id)));
		expect(outsiderAck.status).toBe(403);
		const plain = await makeNotice(v, cadre);
		await refusal(() => acknowledgeNotice(plain, me));
	});

	it('someone who has left the village no longer counts', async () => {
		const { village: v, cadre, villager } = await village();
		const notice = await makeNotice(v, cadre);
		await recordRead(notice, await noticeViewer(villager.id, v.id));
		expect((await readSummary(notice)).read).toBe(2);
		const [membership] = await db.select().from(memberships).where(and(eq(memberships.userId, villager.id), eq(memberships.villageId, v.id)));
		await revokeMembership(cadre.id, v.id, membership.id);
		expect(await readSummary(notice)).toEqual({ read: 1, acknowledged: 1, members: 1 });
	});
});

describe('a village\'s villagers', () => {
	it('are the same people in read receipts, poll turnout, the feed, the village page and the committee', async () => {
		const { village: v, cadre, villager } = await village();
		const second = await makeVillager(v, cadre);
		await makeUser();
		const notice = await makeNotice(v, cadre, pollFields);
		await recordRead(notice, await noticeViewer(villager.id, v.id));
		const cadreView = await noticeViewer(cadre.id, v.id);
		await castVote(await noticeViewer(second.id, v.id), notice, { option: (await findPoll(notice, cadreView))!.options[0].id });

		const villagers = await countVillagers(v.id);
		expect(villagers).toBe(3);
		expect((await readSummary(notice)).members).toBe(villagers);
		expect((await findPoll(notice, cadreView))!.turnout).toEqual({ voted: 1, members: villagers });
		expect(await listReaders(notice)).toHaveLength(villagers);
		expect((await listVillagers(v.id)).map((person) => person.userId).sort()).toEqual([cadre.id, villager.id, second.id].sort());
		const [item] = (await listVillageFeed(v.id, await noticeViewer(null, v.id), noFilter, 20)).items;
		expect(item.readCount).toBe((await readSummary(notice)).read);

		// Leaving the village takes someone off both sides of every count.
		const [membership] = await db.select().from(memberships).where(and(eq(memberships.userId, second.id), eq(memberships.villageId, v.id)));
		await revokeMembership(cadre.id, v.id, membership.id);
		expect((await findPoll(notice, cadreView))!.turnout).toEqual({ voted: 0, members: 2 });
		expect((await readSummary(notice)).members).toBe(2);
	});
});

describe('polls', () => {
	it('one vote per villager, results after voting or closing, turnout for cadres', async () => {
		const { village: v, cadre, villager } = await village();
		const outsider = await makeUser();
		const notice = await makeNotice(v, cadre, pollFields);
		const me = await noticeViewer(villager.id, v.id);
		const before = (await findPoll(notice, me))!;
		expect(before).toMatchObject({ canVote: true, showResults: false, myChoice: null, turnout: null });

		await castVote(me, notice, { option: before.options[1].id });
		const again = await refusal(() => castVote(me, notice, { option: before.options[0].id }));
		expect(again.message).toContain('投过票');
		const outsiderVote = await refusal(async () => castVote(await noticeViewer(outsider.id, v.id), notice, { option: before.options[0].id }));
		expect(outsiderVote.status).toBe(403);
		await refusal(async () => castVote(await noticeViewer(cadre.id, v.id), notice, { option: 999999 }));

		const after = (await findPoll(notice, me))!;
		expect(after).toMatchObject({ canVote: false, showResults: true, myChoice: before.options[1].id, total: 1 });
		expect(after.options.map((o) => o.votes)).toEqual([0, 1, 0]);
		expect((await findPoll(notice, await noticeViewer(cadre.id, v.id)))!.turnout).toEqual({ voted: 1, members: 2 });

		// Closed: everyone sees results, nobody votes.
		await transaction((tx) => tx.update(polls).set({ closesAt: new Date(Date.now() - 1000) }).where(eq(polls.noticeId, notice.id)));
		const cadreViewer = await noticeViewer(cadre.id, v.id);
		const closed = await refusal(() => castVote(cadreViewer, notice, { option: before.options[0].id }));
		expect(closed.message).toContain('截止');
		expect(await findPoll(notice, await noticeViewer(null, v.id))).toMatchObject({ closed: true, showResults: true, canVote: false });
		expect((await db.select({ n: count() }).from(pollVotes))[0].n).toBeGreaterThanOrEqual(1);
	});
});

describe('a vote and an edit of the poll at the same moment', () => {
	it('either the vote counts and the poll stays, or the vote is refused and the new poll stands', async () => {
		const { village: v, cadre, villager } = await village();
		const me = await noticeViewer(villager.id, v.id);
		const nothingNew = { removePhotos: [], newFiles: [] };
		for (let round = 0; round < 8; round++) {
			const notice = await makeNotice(v, cadre, pollFields);
			const [option] = (await findPoll(notice, me))!.options;
			const edit = { title: notice.title, body: notice.body, category: 'notice', audience: 'public', pollQuestion: '改过的问题', pollOptions: '甲\n乙', pollClosesAt: inDays(3) };
			// The edit starts first and the vote a little later each round, so some round lands the vote inside the edit's transaction.
			const saving = updateNotice(cadre.id, v.id, notice.id, parseWith(noticeEditForm, edit), nothingNew, 'publish');
			await new Promise((resolve) => setTimeout(resolve, round));
			const [vote, saved] = await Promise.allSettled([castVote(me, notice, { option: option.id }), saving]);
			expect(saved.status).toBe('fulfilled');
			const poll = (await findPoll(notice, me))!;
			if (vote.status === 'fulfilled') expect([poll.question, poll.total], `round ${round}`).toEqual([pollFields.pollQuestion, 1]);
			else {
				expect(vote.reason, `round ${round}`).toBeInstanceOf(UserError);
				expect([poll.question, poll.total], `round ${round}`).toEqual(['改过的问题', 0]);
			}
		}
	});
});

describe('comments', () => {
	it('signed-in people comment on public notices, only villagers on members-only ones', async () => {
		const { village: v, cadre, villager } = await village();
		const outsider = await makeUser();
		const open = await makeNotice(v, cadre);
		const closed = await makeNotice(v, cadre, { audience: 'members' });
		await addComment(await noticeViewer(outsider.id, v.id), open, parseWith(commentForm, { body: '支持！' }));
		await addComment(await noticeViewer(villager.id, v.id), closed, parseWith(commentForm, { body: '收到' }));
		const refused = await refusal(async () => addComment(await noticeViewer(outsider.id, v.id), closed, parseWith(commentForm, { body: '我也说两句' })));
		expect(refused.message).toContain('只有本村村民');
		await refusal(async () => addComment(await noticeViewer(null, v.id), open, parseWith(commentForm, { body: '匿名' })));
		await refusal(async () => addComment(await noticeViewer(villager.id, v.id), open, parseWith(commentForm, { body: '   ' })));
		await refusal(async () => addComment(await noticeViewer(villager.id, v.id), open, parseWith(commentForm, { body: '长'.repeat(501) })));
		expect((await db.select({ n: count() }).from(noticeComments).where(eq(noticeComments.noticeId, closed.id)))[0].n).toBe(1);
	});

	it('a cadre hides a comment (audited; its author still sees it), reports count once each', async () => {
		const { village: v, cadre, villager } = await village();
		const author = await makeUser();
		const notice = await makeNotice(v, cadre);
		await addComment(await noticeViewer(author.id, v.id), notice, parseWith(commentForm, { body: '难听的话' }));
		const [comment] = (await listComments(notice.id, await noticeViewer(null, v.id), null, 20)).comments;

		await reportComment(await noticeViewer(villager.id, v.id), notice, comment.id);
		const twice = await refusal(async () => reportComment(await noticeViewer(villager.id, v.id), notice, comment.id));
		expect(twice.message).toContain('举报过');
		await refusal(async () => reportComment(await noticeViewer(author.id, v.id), notice, comment.id));
		expect((await listReportedComments(v.id)).map((c) => [c.id, c.reports])).toEqual([[comment.id, 1]]);
		expect((await listComments(notice.id, await noticeViewer(cadre.id, v.id), null, 20)).comments[0].reports).toBe(1);
		expect((await listComments(notice.id, await noticeViewer(villager.id, v.id), null, 20)).comments[0].reports).toBeNull();

		await hideComment(cadre.id, notice, comment.id);
		await refusal(() => hideComment(cadre.id, notice, comment.id));
		expect((await listComments(notice.id, await noticeViewer(villager.id, v.id), null, 20)).comments[0]).toMatchObject({ hidden: true, body: null });
		expect((await listComments(notice.id, await noticeViewer(author.id, v.id), null, 20)).comments[0]).toMatchObject({ hidden: true, body: '难听的话', mine: true });
		expect(await listReportedComments(v.id)).toEqual([]);
		const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.villageId, v.id), eq(auditLog.action, 'comment.hidden')));
		expect(audit.subjectUserId).toBe(author.id);
		// A comment id from another notice is not this notice's to hide.
		const other = await makeNotice(v, cadre);
		await refusal(() => hideComment(cadre.id, other, comment.id));
	});
});

describe('photos of a notice', () => {
	it('are stored in the order chosen', async () => {
		const { village: v, cadre } = await village();
		const files = [await photo(), await photo(), await photo()];
		const notice = await makeNotice(v, cadre, {}, { files });
		const positions = await db.select().from(noticePhotos).where(eq(noticePhotos.noticeId, notice.id));
		expect(positions.map((p) => p.position).sort()).toEqual([0, 1, 2]);
	});
});
