// The words for a notice's category and audience, in the viewer's language; shared by pages, the feed and the poster.
import * as m from '$lib/paraglide/messages';
import type { NoticeAudience, NoticeCategory } from './vocabulary';

const categoryLabels: Record<NoticeCategory, () => string> = {
	affairs: m.notice_category_affairs,
	party: m.notice_category_party,
	notice: m.notice_category_notice,
	event: m.notice_category_event,
	policy: m.notice_category_policy
};

export const categoryOrder = Object.keys(categoryLabels) as NoticeCategory[];

export function categoryLabel(category: NoticeCategory): string {
	return categoryLabels[category]();
}

export function audienceLabel(audience: NoticeAudience): string {
	return audience === 'public' ? m.notice_audience_public() : m.notice_audience_members();
}
