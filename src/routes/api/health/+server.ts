import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';

/** For uptime checks and the test harness: answers only when the database does. */
export const GET: RequestHandler = () => {
	try {
		db.$client.prepare('SELECT 1').get();
		return json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ ok: false }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
