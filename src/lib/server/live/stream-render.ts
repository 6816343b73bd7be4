// The live stream's wire format: each row of a sale's log as one Server-Sent Event, read as
// the row's subject is now (a comment hidden since is sent as nothing), its data short JSON the
// page's script turns into text (never HTML). Every event carries its row's id, so a viewer who
// reconnects names the last one it had (`Last-Event-ID`) and is sent the rest.
import { and, eq, inArray } from 'drizzle-orm';
import { db, liveItems, liveSales, products, type LiveEvent } from '$lib/server/platform/db';
import { largestUrl, smallestUrl } from '$lib/photos';
import { listComments, listMoments, listPurchases } from './pages';

/** Units left at the flash price for each item: the cap less what is sold, never more than the listing has. */
async function unitsLeft(itemIds: number[]): Promise<Map<number, number>> {
	if (itemIds.length === 0) return new Map();
	const rows = await db
		.select({ id: liveItems.id, cap: liveItems.flashCap, sold: liveItems.sold, stock: products.stock, status: products.status })
		.from(liveItems)
		.innerJoin(products, eq(products.id, liveItems.productId))
		.where(inArray(liveItems.id, itemIds));
	return new Map(rows.map((row) => [row.id, row.status === 'listed' ? Math.max(0, Math.min(row.cap - row.sold, row.stock)) : 0]));
}

const ids = (rows: LiveEvent[], ...kinds: LiveEvent['kind'][]) => [...new Set(rows.filter((row) => kinds.includes(row.kind) && row.refId !== null).map((row) => row.refId!))];

/** One event: its id always (so a skipped row still moves the viewer on), its name and data when there is something to show. */
function frame(id: number, name?: string, data?: unknown): string {
	return name === undefined ? `id: ${id}\n\n` : `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The rows as the text of their events, in order; one read per kind, whatever the number of rows. */
export async function renderLiveEvents(saleId: number, rows: LiveEvent[]): Promise<string> {
	if (rows.length === 0) return '';
	const momentIds = ids(rows, 'moment');
	const commentIds = ids(rows, 'comment');
	const orderIds = ids(rows, 'bought');
	const [moments, comments, purchases, status] = await Promise.all([
		momentIds.length ? listMoments(saleId, momentIds) : [],
		commentIds.length ? listComments(saleId, { ids: commentIds, limit: commentIds.length }) : [],
		orderIds.length ? listPurchases(saleId, { orderIds, limit: orderIds.length }) : [],
		rows.some((row) => row.kind === 'state') ? db.select({ status: liveSales.status }).from(liveSales).where(and(eq(liveSales.id, saleId))) : []
	]);
	const left = await unitsLeft([...new Set([...ids(rows, 'cap', 'pinned'), ...purchases.map((p) => p.itemId)])]);
	const moment = new Map(moments.map((row) => [row.id, row]));
	const comment = new Map(comments.map((row) => [row.id, row]));
	const purchase = new Map(purchases.map((row) => [row.orderId, row]));

	return rows
		.map((row) => {
			const ref = row.refId ?? 0;
			switch (row.kind) {
				case 'moment': {
					const m = moment.get(ref);
					if (!m) return frame(row.id);
					const photo = m.photo && { w: m.photo.width, h: m.photo.height, webp: smallestUrl(m.photo, 'webp'), jpeg: smallestUrl(m.photo, 'jpeg'), big: largestUrl(m.photo, 'jpeg') };
					return frame(row.id, 'moment', { id: m.id, t: m.text, at: m.at.getTime(), ...(photo ? { p: photo } : {}) });
				}
				case 'comment': {
					const c = comment.get(ref);
					return c ? frame(row.id, 'comment', { id: c.id, n: c.name, t: c.text, u: c.userId }) : frame(row.id);
				}
				case 'hidden':
					return frame(row.id, 'hidden', { id: ref });
				case 'bought': {
					const p = purchase.get(ref);
					return p ? frame(row.id, 'bought', { i: p.itemId, n: p.name, q: p.quantity, l: left.get(p.itemId) ?? 0 }) : frame(row.id);
				}
				case 'cap':
					return frame(row.id, 'left', { i: ref, l: left.get(ref) ?? 0 });
				case 'pinned':
					return frame(row.id, 'pinned', { i: ref });
				case 'state':
					return frame(row.id, 'state', { s: status[0]?.status ?? 'ended' });
			}
		})
		.join('');
}
