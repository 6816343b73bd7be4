import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { readPhoto } from '$lib/server/media';

/** Stored photos never change (a new upload gets a new name), so browsers may keep them forever. */
export const GET: RequestHandler = async ({ params }) => {
	const bytes = await readPhoto(params.file);
	if (!bytes) error(404, m.error_photo_not_found());
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'image/webp',
			'content-length': String(bytes.length),
			'cache-control': 'public, max-age=31536000, immutable'
		}
	});
};
