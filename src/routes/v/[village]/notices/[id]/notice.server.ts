import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { Notice, Village } from '$lib/server/db';
import { canSeeNotice, findVillageNotice, noticeViewer, type NoticeViewer } from '$lib/server/notices/notices';
import { findVillageBySlug } from '$lib/server/villages/villages';

export type VisibleNotice = { village: Village; notice: Notice; viewer: NoticeViewer };

/**
 * The notice at /v/[village]/notices/[id] if this person may see it. A notice
 * they may not see is a 404 like one that does not exist, so a members-only
 * notice does not even reveal that it is there; a deleted one says so.
 */
export function visibleNotice(event: Pick<RequestEvent, 'params' | 'locals'>): VisibleNotice {
	const { village: slug, id } = event.params as { village: string; id: string };
	const village = findVillageBySlug(slug);
	if (!village) error(404, m.error_village_not_found());
	const noticeId = Number(id);
	const notice = Number.isSafeInteger(noticeId) && noticeId > 0 ? findVillageNotice(village.id, noticeId) : undefined;
	if (!notice) error(404, m.error_notice_not_found());
	if (notice.status === 'deleted') error(410, m.error_notice_deleted());
	const viewer = noticeViewer(event.locals.user?.id, village.id);
	if (!canSeeNotice(notice, viewer)) error(404, m.error_notice_not_found());
	return { village, notice, viewer };
}
