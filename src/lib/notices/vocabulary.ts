// The notices' fixed vocabularies: stored in their tables, shown by their pages.

/** 村务公开, 党务, 通知, 活动, 政策: the sections villagers know from the paper notice board. */
export const noticeCategories = ['affairs', 'party', 'notice', 'event', 'policy'] as const;
export type NoticeCategory = (typeof noticeCategories)[number];
/** Public notices are for anyone with the link; members-only ones for the village's verified villagers. */
export const noticeAudiences = ['public', 'members'] as const;
export type NoticeAudience = (typeof noticeAudiences)[number];
export const noticeStatuses = ['draft', 'published', 'deleted'] as const;
export type NoticeStatus = (typeof noticeStatuses)[number];
export type VersionRow = { date: string; item: string; amountFen: number; counterparty: string; note: string };
/** Photos one notice may carry: the form says so, the server holds to it, the body limit makes room for them. */
export const maxNoticePhotos = 9;
