// A refused form keeps the photos that were chosen for it (a notice, a question). A browser
// cannot put files back into a file input, so they are stored at once (as any upload is) and the
// re-rendered form lists them with a box to leave each out; the next post names them by id
// (parsePhotoChoices in $lib/photo-choices). Photos that end up on nothing are removed by the
// media sweep like any unreferenced upload.
import * as m from '$lib/paraglide/messages';
import { toPhotoView, type PhotoView } from '$lib/photos';
import type { Photo } from '$lib/server/platform/db';
import { findPhoto, storePhoto } from './media';
import { UserError } from './user-error';

/** Only photos this person was the last to send: an id from the form is never enough to attach someone else's. */
export async function findHeldPhotos(actorId: number, ids: string[]): Promise<Photo[]> {
	const held: Photo[] = [];
	for (const id of new Set(ids)) {
		const photo = await findPhoto(id);
		if (!photo || photo.uploadedBy !== actorId) throw new UserError(m.notice_held_photo_gone());
		held.push(photo);
	}
	return held;
}

export type HeldEcho = { heldPhotos: PhotoView[]; photosNotKept: number };

/**
 * After a refusal, stores the newly chosen photos so the form can come back with them and the
 * ones already held. A photo that cannot be stored (the refusal may be about it), or one over
 * the form's limit (`max`), is not kept, and the form says how many must be chosen again.
 */
export async function keepRefusedPhotos(actorId: number, heldIds: string[], files: File[], max: number): Promise<HeldEcho> {
	let held: Photo[];
	try {
		held = await findHeldPhotos(actorId, heldIds);
	} catch {
		held = [];
	}
	let notKept = 0;
	for (const file of files) {
		if (held.length >= max) {
			notKept++;
			continue;
		}
		try {
			const photo = await storePhoto(file, actorId);
			if (!held.some((p) => p.id === photo.id)) held.push(photo);
		} catch (error) {
			if (!(error instanceof UserError)) throw error;
			notKept++;
		}
	}
	return { heldPhotos: held.map(toPhotoView), photosNotKept: notKept };
}
