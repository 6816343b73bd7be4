import { eq, sql } from 'drizzle-orm';
import { byName } from '$lib/collation';
import * as m from '$lib/paraglide/messages';
import { db, preparedRead, transaction, villages, type Village } from '$lib/server/platform/db';
import { recordAudit } from './audit-actions';
import { storePhoto } from '$lib/server/platform/media';
import { registerPhotoReferences } from '$lib/server/platform/media-sweep';
import { UserError } from '$lib/server/platform/user-error';
import type { VillageInput } from '$lib/villages/forms';

// A cover is a bare photo id (no foreign key): the sweep of unused photos must know it holds one.
registerPhotoReferences(villages.coverPhoto);

// The home page lists every village; every village page finds its own by the address.
const allVillages = preparedRead<Record<string, never>, Village[]>('all_villages', () => db.select().from(villages));
const villageBySlug = preparedRead<{ slug: string }, Village[]>('village_by_slug', () =>
	db.select().from(villages).where(eq(villages.slug, sql.placeholder('slug'))).limit(1)
);

export async function listVillages(): Promise<Village[]> {
	return (await allVillages({})).sort((a, b) => byName(a.name, b.name));
}

export async function findVillageBySlug(slug: string): Promise<Village | undefined> {
	const [village] = await villageBySlug({ slug });
	return village;
}

/** A village as a filter offers or names it. */
export type VillageChoice = { slug: string; name: string };

/**
 * A county this small lists its villages in a filter's menu; a bigger one (a county may have
 * thousands) has its village typed instead, so no page carries the whole county.
 */
export const villagesListedInFilters = 40;

/**
 * The village field of a list's filter: `choices` to list (null: a text field instead) and the
 * village `typed` (a slug or a name, or part of one) resolved to `chosen`, or `unknown` when
 * no village, or more than one, answers to it.
 */
export async function villageFilter(typed: string | null): Promise<{ choices: VillageChoice[] | null; chosen: VillageChoice | null; unknown: string | null }> {
	const all = (await listVillages()).map(({ slug, name }) => ({ slug, name }));
	const choices = all.length <= villagesListedInFilters ? all : null;
	if (!typed) return { choices, chosen: null, unknown: null };
	const folded = typed.toLocaleLowerCase();
	// A slug is how a reader without Chinese input names a village, in any case: Liuhe, liu.
	const containing = all.filter((village) => village.name.toLocaleLowerCase().includes(folded) || village.slug.includes(folded));
	const chosen =
		all.find((village) => village.slug === folded) ??
		all.find((village) => village.name === typed) ??
		(containing.length === 1 ? containing[0] : undefined);
	return { choices, chosen: chosen ?? null, unknown: chosen ? null : typed };
}

export async function findVillageById(id: number): Promise<Village | undefined> {
	const [village] = await db.select().from(villages).where(eq(villages.id, id)).limit(1);
	return village;
}

/**
 * Admin only (the caller checks): adds a village to the county. The cover photo
 * is stored only once the rest of the form has passed, so a refused form leaves
 * no files behind.
 */
export async function createVillage(actorId: number, fields: VillageInput, cover?: File): Promise<Village> {
	if (await findVillageBySlug(fields.slug)) throw new UserError(m.error_village_slug_taken(), 409);
	// The photo's files are written before the transaction, which may run twice on PostgreSQL.
	const coverPhoto = cover ? (await storePhoto(cover, actorId)).id : null;
	return transaction(async (tx) => {
		// Two admins adding one slug at once: the unique index decides, and the second inserts nothing.
		const [village] = await tx.insert(villages).values({ ...fields, coverPhoto }).onConflictDoNothing({ target: villages.slug }).returning();
		if (!village) throw new UserError(m.error_village_slug_taken(), 409);
		await recordAudit(tx, { actorId, villageId: village.id, action: 'village.created', detail: { name: village.name, slug: village.slug } });
		return village;
	});
}
