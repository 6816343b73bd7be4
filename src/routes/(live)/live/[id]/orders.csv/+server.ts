// The host's download of every order the live sale made, as a spreadsheet opens it.
import type { RequestHandler } from './$types';
import { listLiveOrders } from '$lib/server/live/pages';
import { liveOrdersCsv } from '$lib/live/orders-csv';
import { saleRunByViewer } from '../live-sale.server';

export const GET: RequestHandler = async (event) => {
	const { sale } = await saleRunByViewer(event);
	return new Response(liveOrdersCsv(await listLiveOrders(sale.id), event.locals.locale), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="live-${sale.id}-orders.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
