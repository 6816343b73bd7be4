// What live sales' pages and the stream's script show, as the server hands it to them.
// Types only: components import these, and server modules may not reach the browser.
import type { PhotoView } from '$lib/photos';
import type { DeliveryMethod, OrderStatus, ProductUnit } from '$lib/market/vocabulary';
import type { LiveStatus } from './vocabulary';

/** A live sale as a list shows it (/live, a village, the home page). */
export type LiveCard = {
	id: number;
	title: string;
	status: LiveStatus;
	startsAt: Date;
	plannedEndAt: Date;
	villageName: string;
	villageSlug: string;
	hostName: string;
	cover: PhotoView | null;
	/** The lowest flash price among its products, for "¥8.80 起". */
	fromFen: number | null;
};

export type LiveItemView = {
	id: number;
	productId: number;
	title: string;
	unit: ProductUnit;
	priceFen: number;
	flashPriceFen: number;
	/** Units left at the flash price: the cap less what is sold, and never more than the listing still has. */
	left: number;
	perBuyerLimit: number;
	minOrder: number;
	windowStartsAt: Date | null;
	windowEndsAt: Date | null;
	pinned: boolean;
	shipping: boolean;
	pickup: boolean;
	shipFeeFen: number;
	sellerId: number;
	photo: PhotoView | null;
};

export type LiveMomentView = { id: number; text: string; photo: PhotoView | null; at: Date };
export type LiveCommentView = { id: number; userId: number; name: string; text: string; at: Date };
/** "王** 抢到 2 斤": the buyer's name masked to its first character. */
export type LivePurchaseView = { orderId: number; itemId: number; name: string; quantity: number; at: Date };

/** Totals of an ended sale, computed from its standing orders. */
export type LiveTotals = {
	buyers: number;
	orders: number;
	units: number;
	revenueFen: number;
	byItem: { itemId: number; title: string; unit: ProductUnit; orders: number; units: number; revenueFen: number }[];
};

export type LiveSaleView = {
	id: number;
	title: string;
	description: string;
	status: LiveStatus;
	startsAt: Date;
	plannedEndAt: Date;
	startedAt: Date | null;
	endedAt: Date | null;
	streamUrl: string | null;
	replayUrl: string | null;
	cooperative: boolean;
	hostId: number;
	hostName: string;
	villageId: number;
	villageName: string;
	villageSlug: string;
	cover: PhotoView | null;
	items: LiveItemView[];
	moments: LiveMomentView[];
	comments: LiveCommentView[];
	purchases: LivePurchaseView[];
	/** The id of the stream's last event when this was read: the page's stream carries on from it. */
	lastEventId: number;
};

/** One line of the host's download of a live sale's orders. */
export type LiveOrderLine = {
	orderId: number;
	createdAt: Date;
	status: OrderStatus;
	title: string;
	quantity: number;
	unitPriceFen: number;
	totalFen: number;
	delivery: DeliveryMethod;
	recipientName: string;
	recipientPhone: string;
	address: string;
};
