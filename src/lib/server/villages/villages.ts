import { eq, or, sql } from 'drizzle-orm';
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

// A list's filter shows these on every page: prepared once per process.
const someVillages = preparedRead<{ limit: number }, VillageChoice[]>('some_villages', () =>
	db.select({ slug: villages.slug, name: villages.name }).from(villages).limit(sql.placeholder('limit'))
);
const villageNamed = preparedRead<{ slug: string; name: string }, VillageChoice[]>('village_named', () =>
	db
		.select({ slug: villages.slug, name: villages.name })
		.from(villages)
		.where(or(eq(villages.slug, sql.placeholder('slug')), eq(villages.name, sql.placeholder('name'))))
		.limit(1)
);
// Two are enough to know that a part of a name is not one village's. `lower` folds only what
// the slug's and a name's Latin letters need: Chinese has no case.
const villagesContaining = preparedRead<{ pattern: string }, VillageChoice[]>('villages_containing', () =>
	db
		.select({ slug: villages.slug, name: villages.name })
		.from(villages)
		.where(sql`lower(${villages.name}) like ${sql.placeholder('pattern')} escape '!' or ${villages.slug} like ${sql.placeholder('pattern')} escape '!'`)
		.limit(2)
);

/** `text` as a LIKE pattern for "contains it", its wildcards taken literally (escaped with `!`: no backslash to double in SQL and JS). */
const containingPattern = (text: string): string => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/**
 * The village field of a list's filter: `choices` to list (null: a text field instead) and the
 * village `typed` (a slug or a name, or part of one) resolved to `chosen`, or `unknown` when
 * no village, or more than one, answers to it. A few rows read, however big the county.
 */
export async function villageFilter(typed: string | null): Promise<{ choices: VillageChoice[] | null; chosen: VillageChoice | null; unknown: string | null }> {
	const first = await someVillages({ limit: villagesListedInFilters + 1 });
	const choices = first.length <= villagesListedInFilters ? first.sort((a, b) => byName(a.name, b.name)) : null;
	if (!typed) return { choices, chosen: null, unknown: null };
	// A slug is how a reader without Chinese input names a village, in any case: Liuhe, liu.
	const folded = typed.toLowerCase();
	const [named] = await villageNamed({ slug: folded, name: typed });
	const containing = named ? [] : await villagesContaining({ pattern: containingPattern(folded) });
	const chosen = named ?? (containing.length === 1 ? containing[0] : null);
	return { choices, chosen, unknown: chosen ? null : typed };
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
