// Verified experts: the county admin verifies an agronomist or vet (real name, unit,
// specialities, a credential photo only admins see), can revoke them and verify them again.
// Their profile shows what they answered; their queue, the unanswered questions they can help with.
import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, expertCrops, experts, expertTopics, photos, qaAnswers, qaCrops, qaQuestions, transaction, users, type Photo, type Tx } from '$lib/server/platform/db';
import { registerPrivatePhotos, storePhoto } from '$lib/server/platform/media';
import { UserError } from '$lib/server/platform/user-error';
import { findUserByUsername } from '$lib/server/auth';
import type { CropName } from '$lib/qa/views';
import type { CropInput, ExpertInput } from '$lib/qa/forms';
import { qaTopics, type QaTopic } from '$lib/qa/vocabulary';
import { recordAudit } from './audit-actions';

// A credential is for the admin's eyes: /media never serves it, only /admin/experts/credential.
registerPrivatePhotos(experts.credentialPhotoId);

export type ExpertSpecialities = { crops: (CropName & { id: number })[]; topics: QaTopic[] };

export type ExpertLine = ExpertSpecialities & {
	userId: number;
	username: string;
	realName: string;
	unit: string;
	verifiedAt: Date;
	revokedAt: Date | null;
	credentialPhoto: Pick<Photo, 'id' | 'renditions'> | null;
};

/** The crops and topics of each of these accounts. */
async function specialitiesOf(userIds: number[]): Promise<Map<number, ExpertSpecialities>> {
	const out = new Map<number, ExpertSpecialities>(userIds.map((id) => [id, { crops: [], topics: [] }]));
	if (userIds.length === 0) return out;
	const [crops, topics] = await Promise.all([
		db
			.select({ userId: expertCrops.userId, id: qaCrops.id, name: qaCrops.name, nameEn: qaCrops.nameEn })
			.from(expertCrops)
			.innerJoin(qaCrops, eq(qaCrops.id, expertCrops.cropId))
			.where(inArray(expertCrops.userId, userIds))
			.orderBy(asc(qaCrops.position), asc(qaCrops.id)),
		db.select().from(expertTopics).where(inArray(expertTopics.userId, userIds))
	]);
	for (const { userId, ...crop } of crops) out.get(userId)?.crops.push(crop);
	for (const { userId, topic } of topics) out.get(userId)?.topics.push(topic);
	for (const specialities of out.values()) specialities.topics.sort((a, b) => qaTopics.indexOf(a) - qaTopics.indexOf(b));
	return out;
}

/** Every expert the admin has verified, revoked ones last. */
export async function listExperts(): Promise<ExpertLine[]> {
	const rows = await db
		.select({ expert: experts, username: users.username })
		.from(experts)
		.innerJoin(users, eq(users.id, experts.userId))
		.orderBy(sql`${experts.revokedAt} is not null`, asc(experts.realName));
	const specialities = await specialitiesOf(rows.map((row) => row.expert.userId));
	const photoIds = rows.map((row) => row.expert.credentialPhotoId).filter((id): id is string => id !== null);
	const found = photoIds.length > 0 ? await db.select({ id: photos.id, renditions: photos.renditions }).from(photos).where(inArray(photos.id, photoIds)) : [];
	const photoById = new Map(found.map((photo) => [photo.id, photo]));
	return rows.map(({ expert, username }) => ({
		userId: expert.userId,
		username,
		realName: expert.realName,
		unit: expert.unit,
		verifiedAt: expert.verifiedAt,
		revokedAt: expert.revokedAt,
		credentialPhoto: (expert.credentialPhotoId && photoById.get(expert.credentialPhotoId)) || null,
		...(specialities.get(expert.userId) ?? { crops: [], topics: [] })
	}));
}

async function setSpecialities(tx: Tx, userId: number, { cropIds, topics }: Pick<ExpertInput, 'cropIds' | 'topics'>): Promise<void> {
	await tx.delete(expertCrops).where(eq(expertCrops.userId, userId));
	await tx.delete(expertTopics).where(eq(expertTopics.userId, userId));
	await tx.insert(expertCrops).values(cropIds.map((cropId) => ({ userId, cropId })));
	await tx.insert(expertTopics).values(topics.map((topic) => ({ userId, topic })));
}

/**
 * Admin only (the route checks): verifies the account `input.username` as an expert, or
 * updates one already verified (and verifies again one revoked). A first verification needs the
 * credential photo; later ones keep the old photo unless a new one comes. Returns the account id.
 */
export async function verifyExpert(adminId: number, input: ExpertInput, credential: File | undefined, now = new Date()): Promise<number> {
	const user = await findUserByUsername(input.username);
	if (!user) throw new UserError(m.qa_error_expert_username(), 404);
	const [existing] = await db.select().from(experts).where(eq(experts.userId, user.id)).limit(1);
	if (!existing && !credential) throw new UserError(m.qa_error_expert_credential());
	// Checked before the photo is stored, so a refused form leaves no file behind (crops are never deleted).
	const known = await db.select({ id: qaCrops.id }).from(qaCrops).where(inArray(qaCrops.id, input.cropIds));
	if (known.length !== input.cropIds.length) throw new UserError(m.qa_error_crop());
	const photo = credential ? await storePhoto(credential, adminId) : null;
	await transaction(async (tx) => {
		const values = { realName: input.realName, unit: input.unit, verifiedBy: adminId, verifiedAt: now, revokedAt: null, ...(photo ? { credentialPhotoId: photo.id } : {}) };
		await tx
			.insert(experts)
			.values({ userId: user.id, ...values })
			.onConflictDoUpdate({ target: experts.userId, set: values });
		await setSpecialities(tx, user.id, input);
		await recordAudit(tx, { actorId: adminId, villageId: null, action: 'qa.expert_verified', subjectUserId: user.id, detail: { unit: input.unit } }, now);
	});
	return user.id;
}

/** Admin only: the badge goes from everything the expert wrote; their answers stay. */
export async function revokeExpert(adminId: number, userId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const revoked = await tx
			.update(experts)
			.set({ revokedAt: now })
			.where(and(eq(experts.userId, userId), isNull(experts.revokedAt)))
			.returning({ userId: experts.userId });
		if (revoked.length === 0) throw new UserError(m.qa_error_expert_not_found(), 404);
		await recordAudit(tx, { actorId: adminId, villageId: null, action: 'qa.expert_revoked', subjectUserId: userId }, now);
	});
}

/** Admin only: a crop or animal added to the end of the county's list. */
export async function addCrop(adminId: number, input: CropInput): Promise<void> {
	await transaction(async (tx) => {
		const [last] = await tx
			.select({ position: qaCrops.position })
			.from(qaCrops)
			.orderBy(desc(qaCrops.position))
			.limit(1);
		const added = await tx
			.insert(qaCrops)
			.values({ ...input, position: (last?.position ?? -1) + 1, createdBy: adminId })
			.onConflictDoNothing()
			.returning({ id: qaCrops.id });
		if (added.length === 0) throw new UserError(m.qa_error_crop_taken({ name: input.name }), 409);
	});
}

export type ExpertProfile = ExpertSpecialities & {
	userId: number;
	realName: string;
	unit: string;
	verifiedAt: Date;
	answerCount: number;
	acceptedCount: number;
	answers: { questionId: number; title: string; answeredAt: Date; accepted: boolean; votes: number }[];
};

/** A verified expert's public page: who they are, what they answer for, their latest answers. */
export async function findExpertProfile(userId: number, limit = 30): Promise<ExpertProfile | null> {
	const [expert] = await db
		.select()
		.from(experts)
		.where(and(eq(experts.userId, userId), isNull(experts.revokedAt)))
		.limit(1);
	if (!expert) return null;
	const visible = and(eq(qaAnswers.authorId, userId), isNull(qaAnswers.hiddenAt), isNull(qaQuestions.hiddenAt));
	const [answers, [totals], specialities] = await Promise.all([
		db
			.select({ questionId: qaQuestions.id, title: qaQuestions.title, answeredAt: qaAnswers.createdAt, acceptedId: qaQuestions.acceptedAnswerId, answerId: qaAnswers.id, votes: qaAnswers.votes })
			.from(qaAnswers)
			.innerJoin(qaQuestions, eq(qaQuestions.id, qaAnswers.questionId))
			.where(visible)
			.orderBy(desc(qaAnswers.createdAt), desc(qaAnswers.id))
			.limit(limit),
		db
			.select({ answers: count(), accepted: sql<number>`sum(case when ${qaQuestions.acceptedAnswerId} = ${qaAnswers.id} then 1 else 0 end)` })
			.from(qaAnswers)
			.innerJoin(qaQuestions, eq(qaQuestions.id, qaAnswers.questionId))
			.where(visible),
		specialitiesOf([userId])
	]);
	return {
		userId,
		realName: expert.realName,
		unit: expert.unit,
		verifiedAt: expert.verifiedAt,
		answerCount: Number(totals?.answers ?? 0),
		acceptedCount: Number(totals?.accepted ?? 0),
		answers: answers.map(({ acceptedId, answerId, ...answer }) => ({ ...answer, accepted: acceptedId === answerId })),
		...(specialities.get(userId) ?? { crops: [], topics: [] })
	};
}

/** Whether the account is a verified expert now. */
export async function isExpert(userId: number): Promise<boolean> {
	const [row] = await db
		.select({ userId: experts.userId })
		.from(experts)
		.where(and(eq(experts.userId, userId), isNull(experts.revokedAt)))
		.limit(1);
	return row !== undefined;
}

/**
 * Is the question within the expert's crops and topics: both must match. By default the question
 * is the row of qa_questions the query reads; a known question passes its crop and topic.
 */
export const inSpeciality = (userId: number | SQLWrapper, cropId: number | SQLWrapper = qaQuestions.cropId, topic: QaTopic | SQLWrapper = qaQuestions.topic): SQL =>
	sql`exists (select 1 from ${expertCrops} where ${expertCrops.userId} = ${userId} and ${expertCrops.cropId} = ${cropId})
		and exists (select 1 from ${expertTopics} where ${expertTopics.userId} = ${userId} and ${expertTopics.topic} = ${topic})`;
