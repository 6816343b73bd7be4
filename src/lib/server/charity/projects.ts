// A village's charity projects: a cadre opens one as a draft, puts it up for gifts, and takes it
// through its work to completed, or closes it. Only the village's cadres change a project.
import { and, eq } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { charityProjectPhotos, charityProjects, db, transaction, villages, type Photo, type Tx } from '$lib/server/platform/db';
import { distinctPhotos, storePhotos } from '$lib/server/platform/media';
import { UserError } from '$lib/server/platform/user-error';
import { rolesIn } from '$lib/server/villages';
import { projectStateLabel } from '$lib/charity/labels';
import type { ProjectInput } from '$lib/charity/forms';
import { projectNextStates, type ProjectState } from '$lib/charity/vocabulary';
import { recordAudit } from './audit-actions';

export type CharityProject = typeof charityProjects.$inferSelect;

/** States in which a project takes gifts. */
export const takingGifts: readonly ProjectState[] = ['fundraising', 'in_progress'];

/** Refuses anyone but a cadre of the village. */
export async function checkCadre(userId: number, villageId: number, handle: Tx = db): Promise<void> {
	if (!(await rolesIn(userId, villageId, handle)).has('cadre')) throw new UserError(m.charity_error_not_cadre(), 403);
}

/** The project as it is now inside `tx`, or a "not found" for any id that is not one. */
export async function projectRow(tx: Tx, projectId: number): Promise<CharityProject> {
	const [project] = await tx.select().from(charityProjects).where(eq(charityProjects.id, projectId)).limit(1);
	if (!project) throw new UserError(m.charity_error_project_not_found(), 404);
	return project;
}

export const maxProjectPhotos = 6;

/**
 * Opens a draft project for the village, its proposer responsible for it, with new photos
 * (`files`) and any kept from a refused try (`held`). The form's mistakes are refused before a
 * photo is stored.
 */
export async function createProject(cadreId: number, villageId: number, input: ProjectInput, files: File[] = [], now = new Date(), held: Photo[] = []): Promise<number> {
	const chosen = files.length + held.length;
	if (chosen > maxProjectPhotos) throw new UserError(m.charity_error_photos_many({ max: maxProjectPhotos, count: chosen }));
	await checkCadre(cadreId, villageId);
	const photos = distinctPhotos([...held, ...(await storePhotos(files, cadreId))]);
	return transaction(async (tx) => {
		await checkCadre(cadreId, villageId, tx);
		const [project] = await tx
			.insert(charityProjects)
			.values({ villageId, ...input, responsibleId: cadreId, createdBy: cadreId, createdAt: now, updatedAt: now })
			.returning({ id: charityProjects.id });
		if (photos.length > 0) await tx.insert(charityProjectPhotos).values(photos.map((photo, position) => ({ projectId: project.id, position, photoId: photo.id })));
		await recordAudit(tx, { actorId: cadreId, villageId, action: 'charity.project_created', detail: { title: input.title } }, now);
		return project.id;
	});
}

/** Moves a project on (see `nextStates`); anything else is refused with both states named. */
export async function changeProjectState(cadreId: number, projectId: number, to: ProjectState, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const project = await projectRow(tx, projectId);
		await checkCadre(cadreId, project.villageId, tx);
		if (!projectNextStates[project.state].includes(to)) throw new UserError(m.charity_error_state_change({ from: projectStateLabel(project.state), to: projectStateLabel(to) }), 409);
		// Guarded: of two cadres moving the project at once, the second finds it moved and is refused.
		const moved = await tx
			.update(charityProjects)
			.set({ state: to, updatedAt: now })
			.where(and(eq(charityProjects.id, projectId), eq(charityProjects.state, project.state)))
			.returning({ id: charityProjects.id });
		if (moved.length === 0) throw new UserError(m.charity_error_state_change({ from: projectStateLabel(project.state), to: projectStateLabel(to) }), 409);
		await recordAudit(tx, { actorId: cadreId, villageId: project.villageId, action: 'charity.project_state', detail: { title: project.title, state: to } }, now);
	});
}

/** A project and its village's address, or undefined; what a project's downloads need. */
export async function findProject(projectId: number): Promise<(CharityProject & { villageSlug: string }) | undefined> {
	const [row] = await db
		.select({ project: charityProjects, villageSlug: villages.slug })
		.from(charityProjects)
		.innerJoin(villages, eq(villages.id, charityProjects.villageId))
		.where(eq(charityProjects.id, projectId))
		.limit(1);
	return row ? { ...row.project, villageSlug: row.villageSlug } : undefined;
}
