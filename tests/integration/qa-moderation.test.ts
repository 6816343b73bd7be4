// Moderation of expert Q&A on either engine: edits keep their history (and search follows the new
// words), reports once and never of one's own or of what is hidden, hiding and restoring by the
// county admin and by the question's village cadres only, each step in the audit log, and text
// with markup kept as typed and shown as text.
import { beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { render } from 'svelte/server';
import { auditLog, db, qaAnswers, qaEdits, qaQuestions, qaReports, type User, type Village } from '$lib/server/platform/db';
import { listVillageAudit } from '$lib/server/platform/audit';
import { matchSearch } from '$lib/server/platform/search';
import { parseAnswerForm, parseQuestionEditForm, parseQuestionForm, parseReportForm } from '$lib/qa/forms';
import {
	acceptAnswer,
	answerQuestion,
	askQuestion,
	dismissReport,
	editAnswer,
	editQuestion,
	ensureStartingCrops,
	findModeration,
	findReadableQuestion,
	hideAnswer,
	hideQuestion,
	listCrops,
	listEdits,
	listOpenReports,
	mayModerate,
	reportContent,
	unhideAnswer,
	unhideQuestion
} from '$lib/server/qa';
import { qaSearchKind } from '$lib/server/qa/search-text';
import HistoryPage from '../../src/routes/(qa)/qa/[id]/history/+page.svelte';
import { makeAdmin, makeCadre, makeUser, makeVillage, makeVillager } from './factories';
import { refusal } from './refusal';

let cherry: number;
let village: Village;
let cadre: User;
let asker: User;
let neighbour: User;
let admin: User;
let otherCadre: User;
beforeAll(async () => {
	await ensureStartingCrops();
	cherry = (await listCrops()).find((crop) => crop.name === '樱桃')!.id;
	village = await makeVillage();
	cadre = await makeCadre(village);
	neighbour = await makeVillager(village, cadre);
	admin = await makeAdmin();
	otherCadre = await makeCadre(await makeVillage());
});

const ask = (title: string, body = '今年雨水多，叶片发黄脱落。') => askQuestion(asker.id, parseQuestionForm({ title, body, cropId: String(cherry), topic: 'disease' }), []);
const answer = (authorId: number, questionId: number, body: string) => answerQuestion(authorId, questionId, parseAnswerForm({ body }), []);
const report = (reporterId: number, target: string, refId: number, reason = '乱推荐农药') => {
	const input = parseReportForm({ target, refId: String(refId), reason });
	return reportContent(reporterId, input.target, input.refId, input.reason);
};
const questionOf = async (id: number) => (await db.select().from(qaQuestions).where(eq(qaQuestions.id, id)))[0];
const answerOf = async (id: number) => (await db.select().from(qaAnswers).where(eq(qaAnswers.id, id)))[0];
const found = async (words: string) => {
	const match = matchSearch(qaSearchKind, qaQuestions.id, words)!;
	return (await db.select({ id: qaQuestions.id }).from(qaQuestions).innerJoin(match.hits, match.on)).map((row) => row.id);
};
const auditCount = async (action: string, subjectUserId: number) =>
	(await db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.subjectUserId, subjectUserId))))[0].n;
const reportsOf = (target: 'question' | 'answer', refId: number) => db.select().from(qaReports).where(and(eq(qaReports.target, target), eq(qaReports.refId, refId)));
const openReports = async (target: 'question' | 'answer', refId: number) => (await reportsOf(target, refId)).filter((row) => row.resolvedAt === null).length;
// A new asker for each group of tests, well inside the questions one account may ask in an hour.
const newAsker = async () => {
	asker = await makeVillager(village, cadre);
};

describe('edits', () => {
	beforeAll(newAsker);

	it('keeps what the question said before; search finds the new words and no longer the old', async () => {
		const id = await ask('樱桃叶子发黄', '叶片发黄，像缺肥。');
		expect(await found('缺肥')).toContain(id);
		await editQuestion(asker.id, id, parseQuestionEditForm({ title: '樱桃叶子长褐斑', body: '叶片上一圈圈褐斑，像炭疽。' }));
		const row = await questionOf(id);
		expect(row).toMatchObject({ title: '樱桃叶子长褐斑', body: '叶片上一圈圈褐斑，像炭疽。', cropId: cherry, topic: 'disease' });
		expect(row.editedAt).toBeInstanceOf(Date);
		expect(await found('炭疽')).toContain(id);
		expect(await found('缺肥')).not.toContain(id);
		const [edit] = await listEdits(id);
		expect(edit).toMatchObject({ target: 'question', before: { title: '樱桃叶子发黄', body: '叶片发黄，像缺肥。' }, after: { title: '樱桃叶子长褐斑' } });
		expect(edit.editorName).toMatch(/^测\*+$/);
		expect(await auditCount('qa.question_edited', asker.id)).toBeGreaterThan(0);
	});

	it('keeps every version of an answer, newest first, each with the text before and after', async () => {
		const id = await ask('樱桃裂果');
		const answerId = await answer(neighbour.id, id, '第一稿：少浇水。');
		await editAnswer(neighbour.id, answerId, parseAnswerForm({ body: '第二稿：采前控水。' }));
		await editAnswer(neighbour.id, answerId, parseAnswerForm({ body: '第三稿：采前控水，搭防雨棚。' }));
		const edits = await listEdits(id);
		expect(edits.map((e) => [e.before.body, e.after.body])).toEqual([
			['第二稿：采前控水。', '第三稿：采前控水，搭防雨棚。'],
			['第一稿：少浇水。', '第二稿：采前控水。']
		]);
		expect(await found('防雨棚')).toContain(id);
		// Posting the same text again keeps no history.
		await editAnswer(neighbour.id, answerId, parseAnswerForm({ body: '第三稿：采前控水，搭防雨棚。' }));
		expect(await listEdits(id)).toHaveLength(2);
	});

	it('lets only the author edit, checks the text as asking does, and changes nothing when refused', async () => {
		const id = await ask('樱桃流胶');
		const answerId = await answer(neighbour.id, id, '刮掉胶，涂石硫合剂。');
		expect((await refusal(editQuestion(neighbour.id, id, parseQuestionEditForm({ title: '改掉别人的问题', body: '' })))).status).toBe(403);
		expect((await refusal(editQuestion(admin.id, id, parseQuestionEditForm({ title: '管理员也不能改', body: '' })))).message).toMatch(/只有提问的人/);
		expect((await refusal(editAnswer(asker.id, answerId, parseAnswerForm({ body: '改掉别人的回答' })))).message).toMatch(/只有写这个回答的人/);
		expect(() => parseQuestionEditForm({ title: '斑', body: '' })).toThrow(/至少 2/);
		expect(() => parseQuestionEditForm({ title: '樱桃', body: '字'.repeat(5001) })).toThrow(/5000/);
		expect(() => parseAnswerForm({ body: '  ' })).toThrow(/不能是空的/);
		expect(await questionOf(id)).toMatchObject({ title: '樱桃流胶', editedAt: null });
		expect((await answerOf(answerId)).body).toBe('刮掉胶，涂石硫合剂。');
		expect(await listEdits(id)).toEqual([]);
	});

	it('refuses an edit of what is hidden', async () => {
		const id = await ask('隐藏后不能改');
		await hideQuestion(admin.id, id);
		expect((await refusal(editQuestion(asker.id, id, parseQuestionEditForm({ title: '偷偷改掉', body: '' })))).message).toMatch(/隐藏/);
		expect((await questionOf(id)).title).toBe('隐藏后不能改');
	});
});

describe('reports', () => {
	beforeAll(newAsker);

	it('takes one report per account, never of one’s own, never of what is hidden, and needs a reason', async () => {
		const id = await ask('樱桃打什么药');
		const answerId = await answer(neighbour.id, id, '加我微信买特效药');
		const stranger = await makeUser();
		await report(stranger.id, 'answer', answerId);
		expect((await refusal(report(stranger.id, 'answer', answerId))).message).toMatch(/已经举报过/);
		expect((await refusal(report(neighbour.id, 'answer', answerId))).message).toMatch(/自己写的/);
		expect((await refusal(report(asker.id, 'question', id))).message).toMatch(/自己写的/);
		expect(() => parseReportForm({ target: 'answer', refId: String(answerId), reason: '  ' })).toThrow(/原因/);
		expect(() => parseReportForm({ target: 'answer', refId: String(answerId), reason: '字'.repeat(501) })).toThrow(/500/);
		expect(() => parseReportForm({ target: 'comment', refId: String(answerId), reason: '广告' })).toThrow(/请求不完整/);
		expect((await refusal(report(stranger.id, 'answer', 999_999))).status).toBe(404);
		expect(await openReports('answer', answerId)).toBe(1);
		await hideAnswer(cadre.id, answerId);
		expect((await refusal(report(asker.id, 'answer', answerId))).message).toMatch(/已经隐藏/);
		expect(await reportsOf('answer', answerId)).toHaveLength(1);
	});

	it('shows the reader what they reported, and moderators the open reports and hidden answers', async () => {
		const id = await ask('乌鸡不吃食');
		const answerId = await answer(neighbour.id, id, '广告：包治百病');
		const stranger = await makeUser();
		await report(stranger.id, 'answer', answerId);
		expect(await findModeration(stranger.id, id)).toMatchObject({ moderator: false, reportedQuestion: false, reportedAnswerIds: [answerId], openReports: 0 });
		expect(await findModeration(cadre.id, id)).toMatchObject({ moderator: true, openReports: 1, hiddenAnswers: [] });
		expect(await findModeration(null, id)).toMatchObject({ moderator: false, reportedAnswerIds: [] });
		await hideAnswer(cadre.id, answerId);
		expect((await findModeration(cadre.id, id)).hiddenAnswers.map((a) => a.id)).toEqual([answerId]);
		expect((await findModeration(neighbour.id, id)).hiddenAnswers).toMatchObject([{ id: answerId, mine: true }]);
		expect((await findModeration(stranger.id, id)).hiddenAnswers).toEqual([]);
	});

	it('lists open reports for the admin and the village’s cadres only, and a dismissal keeps the content', async () => {
		const id = await ask('樱桃园除草剂');
		const [first, second] = [await makeUser(), await makeUser()];
		await report(first.id, 'question', id, '标题误导');
		await report(second.id, 'question', id, '重复提问');
		const mine = (items: Awaited<ReturnType<typeof listOpenReports>>) => items.filter((item) => item.target === 'question' && item.refId === id);
		const [item] = mine(await listOpenReports(cadre.id));
		expect(item.reports.map((r) => r.reason)).toEqual(['重复提问', '标题误导']);
		expect(mine(await listOpenReports(admin.id))).toHaveLength(1);
		expect(mine(await listOpenReports(otherCadre.id))).toEqual([]);
		expect((await refusal(listOpenReports(neighbour.id))).status).toBe(403);
		expect((await refusal(dismissReport(otherCadre.id, item.reports[0].id))).status).toBe(403);
		expect(await openReports('question', id)).toBe(2);
		await dismissReport(cadre.id, item.reports[0].id);
		expect(await openReports('question', id)).toBe(0);
		expect((await questionOf(id)).hiddenAt).toBeNull();
		expect(mine(await listOpenReports(cadre.id))).toEqual([]);
		expect((await refusal(dismissReport(cadre.id, item.reports[0].id))).status).toBe(404);
		expect(await auditCount('qa.report_dismissed', asker.id)).toBe(1);
	});
});

describe('hiding', () => {
	beforeAll(newAsker);

	it('lets the admin and the question’s village cadre hide and restore a question; search follows', async () => {
		expect(await mayModerate(admin.id, { villageId: village.id })).toBe(true);
		expect(await mayModerate(cadre.id, { villageId: village.id })).toBe(true);
		expect(await mayModerate(cadre.id, { villageId: null })).toBe(false);
		expect(await mayModerate(admin.id, { villageId: null })).toBe(true);
		for (const moderator of [admin, cadre]) {
			const id = await ask(`霜霉病 ${moderator.id}`);
			await report(neighbour.id, 'question', id);
			await hideQuestion(moderator.id, id);
			expect(await questionOf(id)).toMatchObject({ hiddenBy: moderator.id });
			expect(await found('霜霉病')).not.toContain(id);
			expect(await openReports('question', id)).toBe(0);
			// Gone for others, still there for its asker and its moderators.
			expect(await findReadableQuestion(neighbour.id, id)).toBeNull();
			expect(await findReadableQuestion(null, id)).toBeNull();
			expect(await findReadableQuestion(asker.id, id)).toMatchObject({ moderator: false });
			expect(await findReadableQuestion(moderator.id, id)).toMatchObject({ moderator: true });
			expect((await refusal(hideQuestion(moderator.id, id))).message).toMatch(/已经隐藏/);
			await unhideQuestion(moderator.id, id);
			expect((await questionOf(id)).hiddenAt).toBeNull();
			expect(await found('霜霉病')).toContain(id);
			expect((await refusal(unhideQuestion(moderator.id, id))).message).toMatch(/没有隐藏/);
		}
		expect(await auditCount('qa.question_hidden', asker.id)).toBeGreaterThanOrEqual(2);
		expect(await auditCount('qa.question_unhidden', asker.id)).toBeGreaterThanOrEqual(2);
	});

	it('refuses a cadre of another village and a villager, with 403, changing nothing', async () => {
		const id = await ask('樱桃根腐病');
		const answerId = await answer(neighbour.id, id, '灌根用噁霉灵。');
		const before = [await questionOf(id), await answerOf(answerId)];
		for (const outsider of [otherCadre, neighbour, asker]) {
			for (const call of [() => hideQuestion(outsider.id, id), () => hideAnswer(outsider.id, answerId)]) {
				const refused = await refusal(call);
				expect(refused.status).toBe(403);
				expect(refused.message).toMatch(/县管理员和本村的村干部/);
			}
		}
		await hideAnswer(admin.id, answerId);
		expect((await refusal(unhideAnswer(otherCadre.id, answerId))).status).toBe(403);
		expect((await refusal(unhideQuestion(neighbour.id, id))).status).toBe(403);
		expect(await questionOf(id)).toEqual({ ...before[0], answerCount: 0 });
		expect((await answerOf(answerId)).hiddenBy).toBe(admin.id);
		// A question asked from no village is the admin's alone.
		const drifter = await makeUser();
		const homeless = await askQuestion(drifter.id, parseQuestionForm({ title: '没有村的问题', body: '', cropId: String(cherry), topic: 'other' }), []);
		expect((await refusal(hideQuestion(cadre.id, homeless))).status).toBe(403);
		await hideQuestion(admin.id, homeless);
	});

	it('hiding the accepted answer clears the acceptance and the count; restoring counts it again, unaccepted', async () => {
		const id = await ask('樱桃花期低温');
		const accepted = await answer(neighbour.id, id, '熏烟防霜。');
		const other = await answer(cadre.id, id, '喷芸苔素内酯。');
		await acceptAnswer(asker.id, id, accepted);
		expect(await questionOf(id)).toMatchObject({ answerCount: 2, acceptedAnswerId: accepted });
		expect(await found('熏烟')).toContain(id);
		await hideAnswer(cadre.id, accepted);
		expect(await questionOf(id)).toMatchObject({ answerCount: 1, acceptedAnswerId: null });
		expect(await found('熏烟')).not.toContain(id);
		expect(await found('芸苔素')).toContain(id);
		// Hiding the other one keeps an acceptance that is not its own.
		await acceptAnswer(asker.id, id, other);
		await unhideAnswer(cadre.id, accepted);
		expect(await questionOf(id)).toMatchObject({ answerCount: 2, acceptedAnswerId: other });
		expect(await found('熏烟')).toContain(id);
		const lines = (await listVillageAudit(village.id, 'zh-CN', 200)).map((line) => line.text);
		expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/隐藏了 .+ 在「樱桃花期低温」下的回答/), expect.stringMatching(/恢复了 .+ 在「樱桃花期低温」下的回答/)]));
		const english = (await listVillageAudit(village.id, 'en', 200)).map((line) => line.text);
		expect(english).toEqual(expect.arrayContaining([expect.stringMatching(/hid .+'s answer to "樱桃花期低温"/)]));
		expect(await auditCount('qa.answer_hidden', neighbour.id)).toBeGreaterThan(0);
		expect(await auditCount('qa.answer_unhidden', neighbour.id)).toBeGreaterThan(0);
	});

	it('keeps an edit of an answer hidden since out of the history, except for moderators', async () => {
		const id = await ask('樱桃黑斑');
		const answerId = await answer(neighbour.id, id, '旧的回答');
		await editAnswer(neighbour.id, answerId, parseAnswerForm({ body: '新的回答' }));
		await hideAnswer(cadre.id, answerId);
		expect(await listEdits(id)).toEqual([]);
		expect(await listEdits(id, { hiddenToo: true })).toMatchObject([{ refId: answerId, hidden: true }]);
		expect((await refusal(editAnswer(neighbour.id, answerId, parseAnswerForm({ body: '再改' })))).message).toMatch(/隐藏/);
	});
});

describe('markup', () => {
	beforeAll(newAsker);

	it('is stored as typed, in edits and reports, and the history page shows it as text', async () => {
		const id = await ask('鸡咳嗽');
		await editQuestion(asker.id, id, parseQuestionEditForm({ title: '<b>鸡</b>咳嗽', body: '<script>alert(1)</script>' }));
		const answerId = await answer(neighbour.id, id, '<img src=x onerror=alert(1)>');
		await editAnswer(neighbour.id, answerId, parseAnswerForm({ body: '<a href="javascript:alert(1)">药</a>' }));
		await report(admin.id, 'answer', answerId, '<i>广告</i>');
		expect(await questionOf(id)).toMatchObject({ title: '<b>鸡</b>咳嗽', body: '<script>alert(1)</script>' });
		expect((await db.select().from(qaEdits).where(and(eq(qaEdits.target, 'answer'), eq(qaEdits.refId, answerId))))[0].body).toBe('<img src=x onerror=alert(1)>');
		expect((await reportsOf('answer', answerId))[0].reason).toBe('<i>广告</i>');
		const question = (await findReadableQuestion(null, id))!;
		// Only what the page reads of its data (the layout's part is for the layout).
		const { body } = render(HistoryPage, { props: { data: { locale: 'zh-CN', question, edits: await listEdits(id) } as never } });
		expect(body).toContain('&lt;script>alert(1)&lt;/script>');
		expect(body).toContain('&lt;b>鸡&lt;/b>咳嗽');
		expect(body).toContain('&lt;img src=x onerror=alert(1)>');
		expect(body).not.toMatch(/<script>alert|<b>鸡|<img src=x/);
	});
});
