// The host's download of every order the live sale made, as a spreadsheet opens it.
import type { RequestHandler } from './$types';
import { listLiveOrders } from '$lib/server/live/pages';
import { liveOrdersCsv } from '$lib/live/orders-csv';
import { saleIdRunByViewer } from '../live-sale.server';

export const GET: RequestHandler = async (event) => {
	const { saleId } = await saleIdRunByViewer(event);
	return new Response(liveOrdersCsv(await listLiveOrders(saleId), event.locals.locale), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="live-${saleId}-orders.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
