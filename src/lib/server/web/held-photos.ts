import { fail, type ActionFailure } from '@sveltejs/kit';
import { keepRefusedPhotos, type HeldEcho } from '$lib/server/platform/held-photos';

/**
 * A photo form's answer: a refusal (the action's only outcome that returns: success
 * redirects) comes back with the photos chosen for it kept, up to the form's `max`
 * (platform/held-photos.ts).
 */
export async function keepPhotosOfRefusal<E extends object>(
	refusal: ActionFailure<E>,
	actorId: number,
	heldIds: string[],
	files: File[],
	max: number
): Promise<ActionFailure<E & HeldEcho>> {
	return fail(refusal.status, { ...refusal.data, ...(await keepRefusedPhotos(actorId, heldIds, files, max)) });
}
