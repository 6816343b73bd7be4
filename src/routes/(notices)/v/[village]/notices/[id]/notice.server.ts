import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { Notice, Village } from '$lib/server/platform/db';
import { canSeeNotice, findVillageNotice, noticeViewer, type NoticeViewer } from '$lib/server/notices/notices';
import { findVillageBySlug } from '$lib/server/villages/villages';
import { parseId } from '$lib/server/platform/forms';

export type VisibleNotice = { village: Village; notice: Notice; viewer: NoticeViewer };

type NoticeEvent = Pick<RequestEvent, 'params' | 'locals'>;

/** The notice the address names, whoever asks; a deleted one says so. */
async function addressedNotice(event: NoticeEvent): Promise<VisibleNotice> {
	const { village: slug, id } = event.params as { village: string; id: string };
	const village = await findVillageBySlug(slug);
	if (!village) error(404, m.error_village_not_found());
	const noticeId = parseId(id);
	const notice = noticeId === null ? undefined : await findVillageNotice(village.id, noticeId);
	if (!notice) error(404, m.error_notice_not_found());
	if (notice.status === 'deleted') error(410, m.error_notice_deleted());
	return { village, notice, viewer: await noticeViewer(event.locals.user?.id, village.id) };
}

/**
 * The notice at /v/[village]/notices/[id] if this person may see it. One they may
 * not see is a 404 like one that does not exist, so a members-only notice's page
 * does not show it is there.
 */
export async function visibleNotice(event: NoticeEvent): Promise<VisibleNotice> {
	const found = await addressedNotice(event);
	if (!canSeeNotice(found.notice, found.viewer)) error(404, m.error_notice_not_found());
	return found;
}

/**
 * The notice a form on its page posts to. Someone who may not see it (a member
 * whose membership ended since the page loaded, a crafted post) is told plainly
 * why, on the error page: the notice page itself would only be a 404 for them.
 */
export async function actionNotice(event: NoticeEvent): Promise<VisibleNotice> {
	const found = await addressedNotice(event);
	if (!canSeeNotice(found.notice, found.viewer)) {
		if (found.notice.status === 'published') error(403, m.error_notice_members_only());
		error(404, m.error_notice_not_found());
	}
	return found;
}
