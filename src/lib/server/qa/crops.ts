// The crops and animals questions are tagged with: the county's list, which starts with the
// villages' usual crops and which the county admin extends.
import { asc, eq } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, qaCrops, transaction, type QaCrop, type Tx } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import { startingCrops } from '$lib/qa/vocabulary';

/** Puts the starting list in an empty table: run at start, so a fresh county can ask at once. */
export async function ensureStartingCrops(): Promise<void> {
	const [any] = await db.select({ id: qaCrops.id }).from(qaCrops).limit(1);
	if (any) return;
	await transaction((tx) =>
		tx
			.insert(qaCrops)
			.values(startingCrops.map((crop, position) => ({ ...crop, position })))
			.onConflictDoNothing()
	);
}

export function listCrops(): Promise<QaCrop[]> {
	return db.select().from(qaCrops).orderBy(asc(qaCrops.position), asc(qaCrops.id));
}

/** The crop a question names, or the refusal a form shows. */
export async function cropOf(tx: Tx, cropId: number): Promise<QaCrop> {
	const [crop] = await tx.select().from(qaCrops).where(eq(qaCrops.id, cropId)).limit(1);
	if (!crop) throw new UserError(m.qa_error_crop());
	return crop;
}
