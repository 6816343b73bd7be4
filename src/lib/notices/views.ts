// What the notices' pages and components show, as the server hands it to them.
// Types only: components import these, and server modules may not reach the browser.
import type { NoticeAudience, NoticeCategory } from './vocabulary';

/** A notice as the village's and the county's feeds show it. */
export type FeedItem = {
	id: number;
	villageSlug: string;
	villageName: string;
	title: string;
	category: NoticeCategory;
	audience: NoticeAudience;
	pinned: boolean;
	important: boolean;
	publishedAt: Date;
	edited: boolean;
	excerpt: string;
	photoCount: number;
	readCount: number;
	hasPoll: boolean;
	hasTable: boolean;
};

/** `older`: the cursor of the next page, null on the last. */
export type FeedPage = { pinned: FeedItem[]; items: FeedItem[]; older: string | null };
