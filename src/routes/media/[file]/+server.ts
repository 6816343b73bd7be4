import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { photoMediaType } from '$lib/photos';
import { readPhoto } from '$lib/server/platform/media';

/** Stored photos never change (a name is a hash of the content), so browsers may keep them forever. */
export const GET: RequestHandler = async ({ params }) => {
	const photo = await readPhoto(params.file);
	if (!photo) error(404, m.error_photo_not_found());
	return new Response(new Uint8Array(photo.bytes), {
		headers: {
			'content-type': photoMediaType(photo.format),
			'content-length': String(photo.bytes.length),
			'cache-control': 'public, max-age=31536000, immutable'
		}
	});
};
