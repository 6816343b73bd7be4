import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { Notice, Village } from '$lib/server/platform/db';
import { requireRole } from '$lib/server/web/guards';
import { findNotice } from '$lib/server/notices/notices';
import { parseId } from '$lib/server/platform/forms';
import { findVillageById } from '$lib/server/villages/villages';

/** The form fields a refused notice form comes back with (never the files: a browser cannot be given those back). */
export const noticeEchoFields = [
	'title',
	'body',
	'category',
	'audience',
	'pinned',
	'important',
	'pollQuestion',
	'pollOptions',
	'pollClosesAt',
	'disclosure'
] as const;

export type NoticeEcho = Partial<Record<(typeof noticeEchoFields)[number], string>>;

export function echoNotice(fields: Record<string, string>): NoticeEcho {
	return Object.fromEntries(noticeEchoFields.map((name) => [name, fields[name] ?? ''])) as NoticeEcho;
}

/** The notice a committee page names, with the caller proven to be a cadre of its village. */
export async function cadreNotice(event: RequestEvent): Promise<{ village: Village; notice: Notice; actorId: number }> {
	const id = parseId(event.params.id);
	const notice = id === null ? undefined : await findNotice(id);
	const village = notice && notice.status !== 'deleted' ? await findVillageById(notice.villageId) : undefined;
	if (!notice || !village) error(404, m.error_notice_not_found());
	const actor = await requireRole(event, 'cadre', village.id);
	return { village, notice, actorId: actor.id };
}
