import { asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { db, transaction, villages, type Village } from '$lib/server/platform/db';
import { recordAudit } from './audit-actions';
import { optionalText, parseWith, requiredLine } from '$lib/server/platform/forms';
import { storePhoto } from '$lib/server/platform/media';
import { UserError } from '$lib/server/platform/user-error';

export function listVillages(): Promise<Village[]> {
	return db.select().from(villages).orderBy(asc(villages.name));
}

export async function findVillageBySlug(slug: string): Promise<Village | undefined> {
	const [village] = await db.select().from(villages).where(eq(villages.slug, slug)).limit(1);
	return village;
}

export async function findVillageById(id: number): Promise<Village | undefined> {
	const [village] = await db.select().from(villages).where(eq(villages.id, id)).limit(1);
	return village;
}

const villageSchema = v.object({
	name: requiredLine(40, m.error_village_name_required, m.error_village_name_long),
	slug: v.pipe(
		v.string(),
		v.trim(),
		v.toLowerCase(),
		v.regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, () => m.error_village_slug_format())
	),
	county: requiredLine(40, m.error_county_required, m.error_county_long),
	story: optionalText(2000, () => m.error_story_long())
});

/**
 * Admin only (the caller checks): adds a village to the county. The cover photo
 * is stored only once the rest of the form has passed, so a refused form leaves
 * no files behind.
 */
export async function createVillage(actorId: number, input: Record<string, unknown>, cover?: File): Promise<Village> {
	const fields = parseWith(villageSchema, input);
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
