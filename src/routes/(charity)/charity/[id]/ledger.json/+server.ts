// A project's ledger: its village's whole chain (a chain verifies only whole), naming the project.
import type { RequestHandler } from './$types';
import { ledgerCacheControl, projectLedger } from '../../../ledger-download.server';

export const GET: RequestHandler = async ({ params }) => {
	const found = await projectLedger(params.id);
	if (found instanceof Response) return found;
	return new Response(JSON.stringify({ ...found.file, project: found.projectId }), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${found.file.village.slug}-project-${found.projectId}-ledger.json"`,
			'cache-control': ledgerCacheControl
		}
	});
};
