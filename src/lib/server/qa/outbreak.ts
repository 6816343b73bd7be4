// "可能在流行": when households across a county ask about the same crop and topic within days
// (questions and 我也遇到了 alike), that is worth more than each question alone. The experts of
// that speciality and the cadres of the villages concerned get an alert listing the questions,
// and a cadre can make a notice of it for their village in one step.
import { and, asc, desc, eq, gte, inArray, isNull } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import {
	db,
	lockFor,
	memberships,
	qaAlertNotices,
	qaAlertQuestions,
	qaAlerts,
	qaCrops,
	qaMeToos,
	qaQuestions,
	transaction,
	villages,
	type QaAlert,
	type Tx
} from '$lib/server/platform/db';
import type { Job } from '$lib/server/platform/jobs';
import { UserError } from '$lib/server/platform/user-error';
import { rolesIn } from '$lib/server/villages';
import { writeNotice } from '$lib/server/notices';
import { cropLabel, topicLabel } from '$lib/qa/labels';
import type { QaTopic } from '$lib/qa/vocabulary';
import type { AlertView } from '$lib/qa/views';
import { recordAudit } from './audit-actions';
import { expertsFor } from './escalation';
import { isExpert } from './experts';
import { notify } from './notification-kinds';
import { qaSettings } from './settings';

const dayMs = 24 * 60 * 60 * 1000;

/** One crop and topic in one county within the window: who asked or pressed me-too, and about what. */
type Subject = { county: string; cropId: number; topic: QaTopic; households: Set<number>; questionIds: Set<number>; villageIds: Set<number> };

/** Everyone who asked, or pressed 我也遇到了 on a question, within the window; by county, crop and topic. */
async function subjectsSince(tx: Tx, since: Date): Promise<Subject[]> {
	const shown = isNull(qaQuestions.hiddenAt);
	const [asked, meToos] = await Promise.all([
		tx
			.select({ userId: qaQuestions.askerId, questionId: qaQuestions.id, villageId: qaQuestions.villageId, county: villages.county, cropId: qaQuestions.cropId, topic: qaQuestions.topic })
			.from(qaQuestions)
			.innerJoin(villages, eq(villages.id, qaQuestions.villageId))
			.where(and(shown, gte(qaQuestions.createdAt, since))),
		tx
			.select({ userId: qaMeToos.userId, questionId: qaQuestions.id, villageId: qaQuestions.villageId, county: villages.county, cropId: qaQuestions.cropId, topic: qaQuestions.topic })
			.from(qaMeToos)
			.innerJoin(qaQuestions, eq(qaQuestions.id, qaMeToos.questionId))
			.innerJoin(villages, eq(villages.id, qaQuestions.villageId))
			.where(and(shown, gte(qaMeToos.createdAt, since)))
	]);
	const subjects = new Map<string, Subject>();
	for (const row of [...asked, ...meToos]) {
		const key = JSON.stringify([row.county, row.cropId, row.topic]);
		const subject = subjects.get(key) ?? { county: row.county, cropId: row.cropId, topic: row.topic, households: new Set(), questionIds: new Set(), villageIds: new Set() };
		subject.households.add(row.userId);
		subject.questionIds.add(row.questionId);
		if (row.villageId !== null) subject.villageIds.add(row.villageId);
		subjects.set(key, subject);
	}
	return [...subjects.values()];
}

/** The villages of these households (a me-too from another village concerns its cadres too), in the county. */
async function villagesOf(tx: Tx, county: string, userIds: number[]): Promise<number[]> {
	const rows = await tx
		.selectDistinct({ villageId: memberships.villageId })
		.from(memberships)
		.innerJoin(villages, eq(villages.id, memberships.villageId))
		.where(and(inArray(memberships.userId, userIds), isNull(memberships.revokedAt), eq(villages.county, county)));
	return rows.map((row) => row.villageId);
}

async function cadresOf(tx: Tx, villageIds: number[]): Promise<number[]> {
	if (villageIds.length === 0) return [];
	const rows = await tx
		.selectDistinct({ userId: memberships.userId })
		.from(memberships)
		.where(and(inArray(memberships.villageId, villageIds), eq(memberships.role, 'cadre'), isNull(memberships.revokedAt)));
	return rows.map((row) => row.userId);
}

/**
 * Raises an alert for each crop and topic that reached the threshold in a county, once per
 * window: while an alert for it is younger than the window, new households and questions are
 * added to that alert and nobody is told again. Returns the number of new alerts.
 */
export async function detectOutbreaks(now = new Date()): Promise<number> {
	const windowMs = qaSettings.outbreakDays * dayMs;
	const windowStart = new Date(now.getTime() - windowMs);
	return transaction(async (tx) => {
		// One detection at a time (a test or a second process calling it beside the job).
		await lockFor(tx, 'qa-outbreaks');
		let raised = 0;
		for (const subject of await subjectsSince(tx, windowStart)) {
			if (subject.households.size < qaSettings.outbreakHouseholds) continue;
			const [open] = await tx
				.select()
				.from(qaAlerts)
				.where(and(eq(qaAlerts.county, subject.county), eq(qaAlerts.cropId, subject.cropId), eq(qaAlerts.topic, subject.topic), gte(qaAlerts.createdAt, windowStart)))
				.orderBy(desc(qaAlerts.createdAt))
				.limit(1);
			const questions = (alertId: number) => [...subject.questionIds].map((questionId) => ({ alertId, questionId }));
			if (open) {
				if (subject.households.size > open.households) await tx.update(qaAlerts).set({ households: subject.households.size }).where(eq(qaAlerts.id, open.id));
				await tx.insert(qaAlertQuestions).values(questions(open.id)).onConflictDoNothing();
				continue;
			}
			const [alert] = await tx
				.insert(qaAlerts)
				.values({ county: subject.county, cropId: subject.cropId, topic: subject.topic, households: subject.households.size, windowStart, createdAt: now })
				.returning();
			await tx.insert(qaAlertQuestions).values(questions(alert.id));
			const [crop] = await tx.select().from(qaCrops).where(eq(qaCrops.id, subject.cropId));
			const villageIds = [...new Set([...subject.villageIds, ...(await villagesOf(tx, subject.county, [...subject.households]))])];
			const told = new Set([...(await expertsFor(tx, subject)), ...(await cadresOf(tx, villageIds))]);
			const params = { crop: crop.name, cropEn: crop.nameEn, topic: subject.topic, households: subject.households.size, days: qaSettings.outbreakDays };
			for (const userId of told) await notify(tx, userId, 'qa.outbreak', params, `/qa/alerts/${alert.id}`, now);
			raised += 1;
		}
		return raised;
	});
}

export const detectOutbreaksJob: Job = {
	name: 'qa.detect-outbreaks',
	label: () => m.qa_job_outbreaks(),
	everyMs: 15 * 60_000,
	run: async (now) => void (await detectOutbreaks(now))
};

/** The villages an alert concerns: those of its questions, and of the households who pressed me-too. */
async function alertVillageIds(tx: Tx, alert: QaAlert): Promise<number[]> {
	const questionRows = await tx
		.select({ villageId: qaQuestions.villageId, questionId: qaQuestions.id })
		.from(qaAlertQuestions)
		.innerJoin(qaQuestions, eq(qaQuestions.id, qaAlertQuestions.questionId))
		.where(eq(qaAlertQuestions.alertId, alert.id));
	const meTooUsers = questionRows.length
		? await tx
				.select({ userId: qaMeToos.userId })
				.from(qaMeToos)
				.where(inArray(qaMeToos.questionId, questionRows.map((row) => row.questionId)))
		: [];
	const own = questionRows.map((row) => row.villageId).filter((id): id is number => id !== null);
	const theirs = meTooUsers.length ? await villagesOf(tx, alert.county, [...new Set(meTooUsers.map((row) => row.userId))]) : [];
	return [...new Set([...own, ...theirs])];
}

export async function findAlert(alertId: number): Promise<AlertView | null> {
	const [row] = await db.select({ alert: qaAlerts, crop: qaCrops }).from(qaAlerts).innerJoin(qaCrops, eq(qaCrops.id, qaAlerts.cropId)).where(eq(qaAlerts.id, alertId)).limit(1);
	if (!row) return null;
	const { alert, crop } = row;
	const villageIds = await alertVillageIds(db, alert);
	const [questions, concerned, notices] = await Promise.all([
		db
			.select({ id: qaQuestions.id, title: qaQuestions.title, villageName: villages.name, answerCount: qaQuestions.answerCount, acceptedAnswerId: qaQuestions.acceptedAnswerId })
			.from(qaAlertQuestions)
			.innerJoin(qaQuestions, eq(qaQuestions.id, qaAlertQuestions.questionId))
			.leftJoin(villages, eq(villages.id, qaQuestions.villageId))
			.where(and(eq(qaAlertQuestions.alertId, alertId), isNull(qaQuestions.hiddenAt)))
			.orderBy(asc(qaQuestions.createdAt)),
		villageIds.length ? db.select({ id: villages.id, slug: villages.slug, name: villages.name }).from(villages).where(inArray(villages.id, villageIds)) : [],
		db.select().from(qaAlertNotices).where(eq(qaAlertNotices.alertId, alertId))
	]);
	const noticeOf = new Map(notices.map((row) => [row.villageId, row.noticeId]));
	return {
		id: alert.id,
		county: alert.county,
		crop: { id: crop.id, name: crop.name, nameEn: crop.nameEn },
		topic: alert.topic,
		households: alert.households,
		days: Math.round((alert.createdAt.getTime() - alert.windowStart.getTime()) / dayMs),
		createdAt: alert.createdAt,
		questions: questions.map(({ acceptedAnswerId, ...q }) => ({ ...q, accepted: acceptedAnswerId !== null })),
		villages: concerned.map((village) => ({ ...village, noticeId: noticeOf.get(village.id) ?? null }))
	};
}

/**
 * Who may read an alert: the admin, a verified expert, a cadre of a village it concerns. For a
 * reader, the villages of the alert they are a cadre of (those they may make a notice for); null
 * for anyone else.
 */
export async function alertReader(user: { id: number; isAdmin: boolean }, alert: AlertView): Promise<{ cadreOf: number[] } | null> {
	const cadreOf: number[] = [];
	for (const village of alert.villages) if ((await rolesIn(user.id, village.id)).has('cadre')) cadreOf.push(village.id);
	return cadreOf.length > 0 || user.isAdmin || (await isExpert(user.id)) ? { cadreOf } : null;
}

/** Alerts of the last `days` days: all for the admin (`villageId` null), those concerning a village for its console. */
export async function listAlerts(villageId: number | null, now = new Date(), days = 30): Promise<AlertView[]> {
	const rows = await db
		.select({ id: qaAlerts.id })
		.from(qaAlerts)
		.where(gte(qaAlerts.createdAt, new Date(now.getTime() - days * dayMs)))
		.orderBy(desc(qaAlerts.createdAt))
		.limit(20);
	const alerts = (await Promise.all(rows.map((row) => findAlert(row.id)))).filter((alert): alert is AlertView => alert !== null);
	return villageId === null ? alerts : alerts.filter((alert) => alert.villages.some((village) => village.id === villageId));
}

/**
 * A cadre of a village the alert concerns makes a public notice of it for that village, in one
 * step and once per village: a second press, or a colleague's, leads to the notice already made.
 * Returns the notice's id.
 */
export async function turnAlertIntoNotice(actorId: number, alertId: number, villageId: number, locale: 'zh-CN' | 'en', now = new Date()): Promise<number> {
	const alert = await findAlert(alertId);
	if (!alert) throw new UserError(m.qa_error_alert_not_found(), 404);
	const village = alert.villages.find((v) => v.id === villageId);
	if (!village || !(await rolesIn(actorId, villageId)).has('cadre')) throw new UserError(m.error_forbidden(), 403);
	const title = m.qa_alert_notice_title({ crop: cropLabel(alert.crop, locale), topic: topicLabel(alert.topic, locale) }, { locale });
	const lines = alert.questions.slice(0, 20).map((q) => `- ${q.title}（/qa/${q.id}）`);
	const body = [
		m.qa_alert_notice_intro({ days: alert.days, households: alert.households, crop: cropLabel(alert.crop, locale), topic: topicLabel(alert.topic, locale) }, { locale }),
		'',
		...lines,
		'',
		m.qa_alert_notice_advice({ hotline: qaSettings.hotline }, { locale })
	].join('\n');
	return transaction(async (tx) => {
		// Two cadres pressing at once: the second waits, then finds the first one's notice.
		await lockFor(tx, `qa-alert-notice:${alertId}:${villageId}`);
		const [made] = await tx
			.select({ noticeId: qaAlertNotices.noticeId })
			.from(qaAlertNotices)
			.where(and(eq(qaAlertNotices.alertId, alertId), eq(qaAlertNotices.villageId, villageId)));
		if (made) return made.noticeId;
		const notice = await writeNotice(
			tx,
			actorId,
			villageId,
			{ title, body, category: 'notice', audience: 'public', pinned: false, important: true, poll: null, disclosure: [] },
			[],
			'publish',
			now
		);
		await tx.insert(qaAlertNotices).values({ alertId, villageId, noticeId: notice.id });
		await recordAudit(tx, { actorId, villageId, action: 'qa.alert_noticed', detail: { title } }, now);
		return notice.id;
	});
}
