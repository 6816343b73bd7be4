// Expert Q&A's experts, escalation and outbreak alerts on either engine: verifying and revoking
// (the credential kept from /media), the expert's queue and profile, escalation at 24 h and 48 h
// with a moved clock (each step once, however often or concurrently the job runs), the outbreak
// threshold within its window, and the one-step notice a cadre makes of an alert.
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditLog, db, notices, notifications, photos, qaAlerts, qaQuestions, type User, type Village } from '$lib/server/platform/db';
import { parseWith } from '$lib/server/platform/forms';
import { readPhoto } from '$lib/server/platform/media';
import { renditionFileName } from '$lib/photos';
import { villageForm } from '$lib/villages/forms';
import { createVillage } from '$lib/server/villages/villages';
import { parseAnswerForm, parseCropForm, parseExpertForm, parseQuestionForm } from '$lib/qa/forms';
import {
	addCrop,
	addMeToo,
	answerQuestion,
	askQuestion,
	detectOutbreaks,
	ensureStartingCrops,
	escalateUnanswered,
	expertMarks,
	expertQueue,
	findAlert,
	findExpertProfile,
	listAlerts,
	listCrops,
	acceptAnswer,
	questionsNeedingHelp,
	revokeExpert,
	turnAlertIntoNotice,
	verifyExpert
} from '$lib/server/qa';
import { qaSettings } from '$lib/server/qa/settings';
import { makeAdmin, makeCadre, makeUser, makeVillage, makeVillager } from './factories';
import { asFile, plainImage } from './image-files';
import { refusal } from './refusal';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

let crops: Map<string, number>;
let admin: User;
beforeAll(async () => {
	await ensureStartingCrops();
	crops = new Map((await listCrops()).map((crop) => [crop.name, crop.id]));
	admin = await makeAdmin();
});

let photoSeed = 0;
const credential = async () => asFile(await plainImage(50 + photoSeed++, 40, 'png'), 'credential.png', 'image/png');

/** Verifies `user` as an expert for these crops (by name) and topics. */
async function makeExpert(user: User, cropNames: string[], topics: string[], at = new Date()): Promise<void> {
	const form: Record<string, string> = { username: user.username, realName: '赵志远', unit: '县农技站' };
	for (const name of cropNames) form[`crop-${crops.get(name)}`] = 'on';
	for (const topic of topics) form[`topic-${topic}`] = 'on';
	await verifyExpert(admin.id, parseExpertForm(form), await credential(), at);
}

const ask = (asker: User, cropName: string, topic: string, at: Date, title = '叶子发黄怎么办') =>
	askQuestion(asker.id, parseQuestionForm({ title, body: '', cropId: String(crops.get(cropName)), topic }), [], at);

async function kindsFor(userId: number, kind: string): Promise<string[]> {
	const rows = await db
		.select({ href: notifications.href })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));
	return rows.map((row) => row.href);
}

describe('experts', () => {
	it('verifies an expert with a credential only admins are served, and updates them on a second verification', async () => {
		const user = await makeUser();
		await makeExpert(user, ['樱桃'], ['disease']);
		const marks = await expertMarks([user.id]);
		expect(marks.get(user.id)).toMatchObject({ realName: '赵志远', unit: '县农技站' });
		const profile = (await findExpertProfile(user.id))!;
		expect(profile.crops.map((c) => c.name)).toEqual(['樱桃']);
		expect(profile.topics).toEqual(['disease']);

		const [expertRow] = await db.select().from(photos).where(eq(photos.uploadedBy, admin.id)).orderBy(photos.createdAt);
		const name = renditionFileName(expertRow.id, expertRow.renditions[0]);
		expect(await readPhoto(name)).toBeNull();
		expect(await readPhoto(name, { includePrivate: true })).not.toBeNull();

		// Again, without a photo: the specialities change, the credential stays.
		const form: Record<string, string> = { username: user.username, realName: '赵志远', unit: '县畜牧站', [`crop-${crops.get('乌鸡')}`]: 'on', 'topic-husbandry': 'on' };
		await verifyExpert(admin.id, parseExpertForm(form), undefined);
		const updated = (await findExpertProfile(user.id))!;
		expect(updated).toMatchObject({ unit: '县畜牧站', topics: ['husbandry'] });
		expect(updated.crops.map((c) => c.name)).toEqual(['乌鸡']);
		expect(await db.select().from(auditLog).where(and(eq(auditLog.action, 'qa.expert_verified'), eq(auditLog.subjectUserId, user.id)))).toHaveLength(2);
	});

	it('refuses an unknown account, a first verification without a credential, no speciality, and an unknown crop', async () => {
		const user = await makeUser();
		const base = { username: user.username, realName: '赵志远', unit: '县农技站', [`crop-${crops.get('樱桃')}`]: 'on', 'topic-disease': 'on' };
		expect((await refusal(verifyExpert(admin.id, parseExpertForm({ ...base, username: 'nobody-here' }), await credential()))).message).toMatch(/没有这个用户名/);
		expect((await refusal(verifyExpert(admin.id, parseExpertForm(base), undefined))).message).toMatch(/证书照片/);
		expect(() => parseExpertForm({ username: user.username, realName: '赵', unit: '站', 'topic-disease': 'on' })).toThrow(/至少选一种作物/);
		expect(() => parseExpertForm({ ...base, realName: '' })).toThrow(/真实姓名/);
		expect((await refusal(verifyExpert(admin.id, parseExpertForm({ ...base, 'crop-999999': 'on' }), await credential()))).message).toMatch(/作物/);
		expect((await expertMarks([user.id])).size).toBe(0);
	});

	it('revokes: the badge goes, answers stay; revoking twice is refused', async () => {
		const user = await makeUser();
		await makeExpert(user, ['樱桃'], ['disease']);
		const asker = await makeUser();
		const questionId = await ask(asker, '樱桃', 'disease', new Date());
		await answerQuestion(user.id, questionId, parseAnswerForm({ body: '喷代森锰锌' }), []);
		await revokeExpert(admin.id, user.id);
		expect((await expertMarks([user.id])).size).toBe(0);
		expect(await findExpertProfile(user.id)).toBeNull();
		expect((await refusal(revokeExpert(admin.id, user.id))).status).toBe(404);
		const [question] = await db.select().from(qaQuestions).where(eq(qaQuestions.id, questionId));
		expect(question.answerCount).toBe(1);
	});

	it('adds a crop to the county’s list once', async () => {
		await addCrop(admin.id, parseCropForm({ name: '花生', nameEn: 'Peanut' }));
		expect((await listCrops()).at(-1)).toMatchObject({ name: '花生', nameEn: 'Peanut' });
		expect((await refusal(addCrop(admin.id, parseCropForm({ name: '花生', nameEn: 'Peanut' })))).message).toMatch(/已经有「花生」/);
		expect(() => parseCropForm({ name: '', nameEn: 'x' })).toThrow(/名字/);
	});

	it('queues unanswered questions in the expert’s field first, the oldest first; counts answers and accepted ones', async () => {
		const expert = await makeUser();
		await makeExpert(expert, ['山药'], ['pests']);
		const asker = await makeUser();
		const t = Date.now() - 10 * hour;
		const newer = await ask(asker, '山药', 'pests', new Date(t + 2 * hour), '山药叶子有虫眼');
		const older = await ask(asker, '山药', 'pests', new Date(t), '山药藤上有蚜虫');
		const elsewhere = await ask(asker, '小麦', 'fertilizer', new Date(t - hour), '小麦追什么肥');
		const answered = await ask(asker, '山药', 'pests', new Date(t - 2 * hour), '山药地里有地老虎');
		const answerId = await answerQuestion(expert.id, answered, parseAnswerForm({ body: '用辛硫磷灌根' }), []);
		await acceptAnswer(asker.id, answered, answerId);

		const queue = await expertQueue(expert.id, 500);
		const mine = queue.mine.map((q) => q.id);
		expect(mine.indexOf(older)).toBeLessThan(mine.indexOf(newer));
		expect(mine).not.toContain(elsewhere);
		expect(mine).not.toContain(answered);
		expect(queue.others.map((q) => q.id)).toContain(elsewhere);
		expect(await findExpertProfile(expert.id)).toMatchObject({ answerCount: 1, acceptedCount: 1 });
	});
});

describe('escalation', () => {
	let village: Village;
	let other: Village;
	let cadre: User;
	let otherCadre: User;
	let asker: User;
	let yamExpert: User;
	let wheatExpert: User;
	beforeAll(async () => {
		village = await makeVillage();
		other = await makeVillage();
		cadre = await makeCadre(village);
		otherCadre = await makeCadre(other);
		asker = await makeVillager(village, cadre);
		yamExpert = await makeUser();
		wheatExpert = await makeUser();
		await makeExpert(yamExpert, ['大蒜'], ['disease']);
		await makeExpert(wheatExpert, ['小麦'], ['disease']);
	});

	it('tells the experts of its crop and topic at 24 h, then the admin and its village cadres at 48 h (the asker gets the hotline), each once', async () => {
		const t0 = Date.now() - 100 * day;
		const id = await ask(asker, '大蒜', 'disease', new Date(t0), '大蒜叶尖发黄干枯');
		const href = `/qa/${id}`;

		await escalateUnanswered(new Date(t0 + 24 * hour - 60_000));
		expect(await kindsFor(yamExpert.id, 'qa.unanswered')).not.toContain(href);

		await escalateUnanswered(new Date(t0 + 24 * hour));
		await escalateUnanswered(new Date(t0 + 30 * hour));
		expect((await kindsFor(yamExpert.id, 'qa.unanswered')).filter((h) => h === href)).toHaveLength(1);
		expect(await kindsFor(wheatExpert.id, 'qa.unanswered')).not.toContain(href);
		expect(await kindsFor(cadre.id, 'qa.needs_help')).not.toContain(href);
		expect((await questionsNeedingHelp(village.id)).map((q) => q.id)).not.toContain(id);

		// Two processes running the job at the same moment still tell each person once.
		await Promise.all([escalateUnanswered(new Date(t0 + 48 * hour)), escalateUnanswered(new Date(t0 + 48 * hour))]);
		await escalateUnanswered(new Date(t0 + 60 * hour));
		expect((await kindsFor(cadre.id, 'qa.needs_help')).filter((h) => h === href)).toHaveLength(1);
		expect((await kindsFor(admin.id, 'qa.needs_help')).filter((h) => h === href)).toHaveLength(1);
		expect((await kindsFor(asker.id, 'qa.hotline')).filter((h) => h === href)).toHaveLength(1);
		expect(await kindsFor(otherCadre.id, 'qa.needs_help')).not.toContain(href);
		expect((await kindsFor(yamExpert.id, 'qa.unanswered')).filter((h) => h === href)).toHaveLength(1);
		expect((await questionsNeedingHelp(village.id)).map((q) => q.id)).toContain(id);
		expect((await questionsNeedingHelp(null)).map((q) => q.id)).toContain(id);
		expect((await questionsNeedingHelp(other.id)).map((q) => q.id)).not.toContain(id);

		// Answered: no longer waiting for help.
		await answerQuestion(yamExpert.id, id, parseAnswerForm({ body: '可能是叶枯病，喷异菌脲' }), [], new Date(t0 + 61 * hour));
		expect((await questionsNeedingHelp(null)).map((q) => q.id)).not.toContain(id);
	});

	it('leaves an answered question alone', async () => {
		const t0 = Date.now() - 90 * day;
		const id = await ask(asker, '大蒜', 'disease', new Date(t0), '蒜头开裂是怎么回事');
		await answerQuestion(wheatExpert.id, id, parseAnswerForm({ body: '水肥不均' }), [], new Date(t0 + hour));
		await escalateUnanswered(new Date(t0 + 72 * hour));
		const [row] = await db.select().from(qaQuestions).where(eq(qaQuestions.id, id));
		expect(row).toMatchObject({ expertsAlertedAt: null, cadresAlertedAt: null });
		expect(await kindsFor(yamExpert.id, 'qa.unanswered')).not.toContain(`/qa/${id}`);
	});
});

describe('outbreak alerts', () => {
	let county: string;
	let shu: Village;
	let liu: Village;
	let quiet: Village;
	let shuCadre: User;
	let liuCadre: User;
	let quietCadre: User;
	let chickenExpert: User;
	let households: User[];
	beforeAll(async () => {
		county = `测试县${Date.now()}`;
		const village = async (slug: string) => createVillage(admin.id, parseWith(villageForm, { name: `村${slug}`, slug, county, story: '' }));
		[shu, liu, quiet] = [await village(`shu-${Date.now()}`), await village(`liu-${Date.now()}`), await village(`quiet-${Date.now()}`)];
		[shuCadre, liuCadre, quietCadre] = [await makeCadre(shu), await makeCadre(liu), await makeCadre(quiet)];
		chickenExpert = await makeUser();
		await makeExpert(chickenExpert, ['乌鸡'], ['disease']);
		households = [
			await makeVillager(shu, shuCadre),
			await makeVillager(shu, shuCadre),
			await makeVillager(shu, shuCadre),
			await makeVillager(shu, shuCadre),
			await makeVillager(liu, liuCadre),
			await makeVillager(liu, liuCadre)
		];
	});

	const alertsFor = async () =>
		db
			.select()
			.from(qaAlerts)
			.where(and(eq(qaAlerts.county, county), eq(qaAlerts.cropId, crops.get('乌鸡')!)));

	it('alerts the experts and the cadres of the villages concerned once 5 households asked or pressed me-too within 7 days, once', async () => {
		expect(qaSettings).toMatchObject({ outbreakHouseholds: 5, outbreakDays: 7 });
		const t0 = Date.now() - 30 * day;
		// Outside the window: an old question does not count.
		await ask(households[5], '乌鸡', 'disease', new Date(t0 - 10 * day), '去年乌鸡也咳嗽过');
		const first = await ask(households[0], '乌鸡', 'disease', new Date(t0), '乌鸡咳嗽甩头');
		const second = await ask(households[1], '乌鸡', 'disease', new Date(t0 + day), '乌鸡打喷嚏');
		await addMeToo(households[2].id, first, new Date(t0 + 2 * day));
		await addMeToo(households[3].id, first, new Date(t0 + 2 * day));
		// A me-too on someone else's crop and topic counts for that one only.
		await ask(households[5], '樱桃', 'disease', new Date(t0 + 2 * day), '樱桃裂果');
		expect(await detectOutbreaks(new Date(t0 + 3 * day))).toBe(0);
		expect(await alertsFor()).toHaveLength(0);

		// The fifth household, from another village: the alert, and that village's cadres are told too.
		await addMeToo(households[4].id, second, new Date(t0 + 3 * day));
		expect(await detectOutbreaks(new Date(t0 + 3 * day + hour))).toBe(1);
		const [alert] = await alertsFor();
		expect(alert).toMatchObject({ households: 5, topic: 'disease' });
		const href = `/qa/alerts/${alert.id}`;
		for (const told of [chickenExpert, shuCadre, liuCadre]) expect(await kindsFor(told.id, 'qa.outbreak')).toEqual([href]);
		expect(await kindsFor(quietCadre.id, 'qa.outbreak')).toEqual([]);
		const view = (await findAlert(alert.id))!;
		expect(view.questions.map((q) => q.id).sort()).toEqual([first, second].sort());
		expect(view.villages.map((v) => v.id).sort()).toEqual([shu.id, liu.id].sort());
		expect((await listAlerts(liu.id, new Date(t0 + 4 * day))).map((a) => a.id)).toEqual([alert.id]);
		expect(await listAlerts(quiet.id, new Date(t0 + 4 * day))).toEqual([]);

		// Running again, or a sixth household: the same alert grows, nobody is told twice.
		expect(await detectOutbreaks(new Date(t0 + 3 * day + 2 * hour))).toBe(0);
		await addMeToo(households[5].id, first, new Date(t0 + 4 * day));
		expect(await detectOutbreaks(new Date(t0 + 4 * day + hour))).toBe(0);
		expect(await alertsFor()).toEqual([expect.objectContaining({ id: alert.id, households: 6 })]);
		expect(await kindsFor(shuCadre.id, 'qa.outbreak')).toEqual([href]);
	});

	it('lets a cadre of a village concerned make one public notice of it, in one step; nobody else', async () => {
		const [alert] = await alertsFor();
		const noticeId = await turnAlertIntoNotice(shuCadre.id, alert.id, shu.id, 'zh-CN');
		const [notice] = await db.select().from(notices).where(eq(notices.id, noticeId));
		expect(notice).toMatchObject({ villageId: shu.id, status: 'published', audience: 'public', title: '注意：乌鸡病害可能在流行' });
		expect(notice.body).toContain('乌鸡咳嗽甩头');
		expect(notice.body).toContain(qaSettings.hotline);
		// Pressed again: the same notice, not a second one.
		expect(await turnAlertIntoNotice(shuCadre.id, alert.id, shu.id, 'zh-CN')).toBe(noticeId);
		expect((await findAlert(alert.id))!.villages.find((v) => v.id === shu.id)!.noticeId).toBe(noticeId);
		expect(await db.select().from(auditLog).where(and(eq(auditLog.action, 'qa.alert_noticed'), eq(auditLog.villageId, shu.id)))).toHaveLength(1);

		const before = (await db.select().from(notices).where(inArray(notices.villageId, [liu.id, quiet.id]))).length;
		expect((await refusal(turnAlertIntoNotice(quietCadre.id, alert.id, quiet.id, 'zh-CN'))).status).toBe(403);
		expect((await refusal(turnAlertIntoNotice(shuCadre.id, alert.id, liu.id, 'zh-CN'))).status).toBe(403);
		expect((await refusal(turnAlertIntoNotice(households[0].id, alert.id, shu.id, 'zh-CN'))).status).toBe(403);
		expect((await refusal(turnAlertIntoNotice(liuCadre.id, 999_999, liu.id, 'zh-CN'))).status).toBe(404);
		expect((await db.select().from(notices).where(inArray(notices.villageId, [liu.id, quiet.id]))).length).toBe(before);
	});
});
