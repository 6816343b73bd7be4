// What the stream's route uses: whether the sale exists, where its log stands, and the rooms.
import { eq } from 'drizzle-orm';
import { db, liveSales } from '$lib/server/platform/db';
import type { LiveStatus } from '$lib/live/vocabulary';

export { lastLiveEventId } from './stream-log';
export { watchLiveSale } from './rooms';

export async function findLiveSaleStatus(saleId: number): Promise<LiveStatus | null> {
	const [row] = await db.select({ status: liveSales.status }).from(liveSales).where(eq(liveSales.id, saleId)).limit(1);
	return row?.status ?? null;
}
