// Who may host a live sale and who may run one: a verified villager hosts with their own
// listings, a cadre for the village cooperative with its listings; a cooperative sale may be run
// by any cadre of its village, so the console does not depend on one phone.
import * as m from '$lib/paraglide/messages';
import { db, liveSales, type LiveSale, type Tx } from '$lib/server/platform/db';
import { rolesIn } from '$lib/server/villages';
import { UserError } from '$lib/server/platform/user-error';
import { eq } from 'drizzle-orm';

export async function checkMayHost(actorId: number, villageId: number, cooperative: boolean, handle: Tx = db): Promise<void> {
	const roles = await rolesIn(actorId, villageId, handle);
	if (cooperative ? !roles.has('cadre') : !roles.has('villager')) throw new UserError(m.live_error_may_not_host(), 403);
}

/** Whether this person runs the sale: its host, or for a cooperative sale any cadre of its village. */
export async function mayRun(actorId: number, sale: Pick<LiveSale, 'hostId' | 'villageId' | 'cooperative'>, handle: Tx = db): Promise<boolean> {
	if (sale.hostId === actorId) return true;
	return sale.cooperative && (await rolesIn(actorId, sale.villageId, handle)).has('cadre');
}

/** Who runs the sale (its host, its village, whether it is the cooperative's), or null for no such sale: all a guard needs. */
export async function findSaleRunners(saleId: number): Promise<Pick<LiveSale, 'hostId' | 'villageId' | 'cooperative'> | null> {
	const [sale] = await db
		.select({ hostId: liveSales.hostId, villageId: liveSales.villageId, cooperative: liveSales.cooperative })
		.from(liveSales)
		.where(eq(liveSales.id, saleId))
		.limit(1);
	return sale ?? null;
}

/** The sale as it is now inside `tx`, or a "not found" for any id that is not one. */
export async function saleRow(tx: Tx, saleId: number): Promise<LiveSale> {
	const [sale] = await tx.select().from(liveSales).where(eq(liveSales.id, saleId)).limit(1);
	if (!sale) throw new UserError(m.live_error_not_found(), 404);
	return sale;
}

/** The sale, if this person runs it; anyone else is refused as if they had asked about another's. */
export async function saleRunBy(tx: Tx, actorId: number, saleId: number): Promise<LiveSale> {
	const sale = await saleRow(tx, saleId);
	if (!(await mayRun(actorId, sale, tx))) throw new UserError(m.error_forbidden(), 403);
	return sale;
}
