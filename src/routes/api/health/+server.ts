import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { pingDatabase } from '$lib/server/platform/db';

/** For uptime checks and the test harness: answers only when the database does. */
export const GET: RequestHandler = async () => {
	try {
		await pingDatabase();
		return json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ ok: false }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
