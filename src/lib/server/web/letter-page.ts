import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { parseId } from '$lib/server/platform/forms';
import { findLetterThread, type LetterThread } from '$lib/server/notices/letters';
import { requireUser } from './guards';

type LetterPageEvent = Pick<RequestEvent, 'locals' | 'url' | 'request'> & { params: { id?: string } };

/**
 * The thread named by the page's [id], for the signed-in viewer, if `may` agrees.
 * Missing and not-yours answer the same 404, so a private letter is never revealed.
 */
export async function requireLetterThread(event: LetterPageEvent, may: (thread: LetterThread) => boolean = () => true): Promise<LetterThread> {
	const user = requireUser(event);
	const id = parseId(event.params.id);
	const thread = id === null ? undefined : await findLetterThread(id, user.id);
	if (!thread || !may(thread)) error(404, m.error_letter_not_found());
	return thread;
}
