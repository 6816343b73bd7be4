// A project's entries of its village's ledger, as a spreadsheet opens them.
import type { RequestHandler } from './$types';
import { ledgerCsv } from '$lib/charity/ledger-csv';
import { projectLedger } from '../../../ledger-download.server';

export const GET: RequestHandler = async ({ params, locals }) => {
	const found = await projectLedger(params.id);
	if (found instanceof Response) return found;
	return new Response(ledgerCsv(found.file, found.projectId, locals.locale), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${found.file.village.slug}-project-${found.projectId}-ledger.csv"`,
			// In the reader's language, chosen by a cookie: no shared cache may hand it to another.
			'cache-control': 'private, max-age=60'
		}
	});
};
