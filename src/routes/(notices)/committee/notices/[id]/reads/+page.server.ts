import type { PageServerLoad } from './$types';
import { listReaders, readSummary } from '$lib/server/notices/reads';
import { cadreNotice } from '../../notice-form.server';

export const load: PageServerLoad = async (event) => {
	const { village, notice } = await cadreNotice(event);
	const readers = await listReaders(notice);
	return {
		village: { slug: village.slug, name: village.name },
		notice: { id: notice.id, title: notice.title, important: notice.important, status: notice.status },
		summary: await readSummary(notice),
		unread: readers.filter((r) => r.readAt === null),
		// On an important notice "read" is not enough: the committee wants to know who pressed "I have read this".
		unacknowledged: notice.important ? readers.filter((r) => r.readAt !== null && r.acknowledgedAt === null) : [],
		done: readers.filter((r) => r.readAt !== null && (!notice.important || r.acknowledgedAt !== null))
	};
};
