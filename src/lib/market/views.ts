// What the market's pages and components show, as the server hands it to them.
// Types only: components import these, and server modules may not reach the browser.
import type { PhotoView } from '$lib/photos';
import type { DeliveryMethod, OrderStatus, ProductCategory, ProductStatus, ProductUnit } from './vocabulary';

/** A product as a list shows it. */
export type MarketItem = {
	id: number;
	title: string;
	villageName: string;
	villageSlug: string;
	category: ProductCategory;
	unit: ProductUnit;
	priceFen: number;
	stock: number;
	status: ProductStatus;
	teamSize: number | null;
	teamPriceFen: number | null;
	/** Average stars to one decimal; null before the first review. */
	rating: number | null;
	reviewCount: number;
	photo: PhotoView | null;
};

/** An order as the buyer's and the seller's lists show it. */
export type OrderSummary = {
	id: number;
	checkoutId: string;
	status: OrderStatus;
	totalFen: number;
	createdAt: Date;
	delivery: DeliveryMethod;
	paidAt: Date | null;
	teamId: number | null;
	expiresAt: Date | null;
	firstTitle: string;
	lineCount: number;
	otherName: string;
	villageName: string;
};

export type SalesDay = { date: string; revenueFen: number; orders: number };

export type SalesSummary = {
	/** One entry per China calendar day, oldest first, today last; a day without sales is there with zeros. */
	days: SalesDay[];
	totals: { orders: number; units: number; revenueFen: number };
};
