import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { photoMediaType } from '$lib/photos';
import { readPhoto } from '$lib/server/platform/media';
import { requireAdmin } from '$lib/server/web/guards';

/** An expert's credential photo: for the county admin only, and kept by no cache on the way. */
export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	const photo = await readPhoto(event.params.file, { includePrivate: true });
	if (!photo) error(404, m.error_photo_not_found());
	return new Response(new Uint8Array(photo.bytes), {
		headers: { 'content-type': photoMediaType(photo.format), 'content-length': String(photo.bytes.length), 'cache-control': 'private, no-store' }
	});
};
