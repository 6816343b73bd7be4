import { fail, type ActionFailure } from '@sveltejs/kit';
import { keepRefusedPhotos, type HeldEcho } from '$lib/server/notices/held-photos';

/**
 * A notice form's answer: a refusal (the action's only outcome that returns: success
 * redirects) comes back with the photos chosen for it kept (notices/held-photos.ts).
 */
export async function keepPhotosOfRefusal<E extends object>(
	refusal: ActionFailure<E>,
	actorId: number,
	heldIds: string[],
	files: File[]
): Promise<ActionFailure<E & HeldEcho>> {
	return fail(refusal.status, { ...refusal.data, ...(await keepRefusedPhotos(actorId, heldIds, files)) });
}
