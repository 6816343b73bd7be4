// How a product's price, stock and ship window read in a list or on its page; pure, in the viewer's language.
import * as m from '$lib/paraglide/messages';
import { formatFen } from '$lib/money';
import { dateTimeFormat } from '$lib/format';
import type { ProductStatus, ProductUnit } from './vocabulary';
import { unitLabel } from './labels';

/** At or below this many units a listing says "only N left". */
export const lowStock = 10;

/** ¥12.00/斤 */
export function pricePerUnit(fen: number, unit: ProductUnit, locale: string): string {
	return m.market_price_per_unit({ price: formatFen(fen, locale), unit: unitLabel(unit) });
}

export type StockState = { text: string; tone: 'ok' | 'low' | 'out' | 'paused' };

/** 现货 120 斤 / 只剩 3 斤 / 已售完 / 暂停销售. */
export function stockState({ status, stock, unit }: { status: ProductStatus; stock: number; unit: ProductUnit }): StockState {
	if (status === 'paused') return { text: m.market_status_paused(), tone: 'paused' };
	if (status === 'sold_out' || stock <= 0) return { text: m.market_status_sold_out(), tone: 'out' };
	if (stock <= lowStock) return { text: m.market_stock_left({ count: stock, unit: unitLabel(unit) }), tone: 'low' };
	return { text: m.market_in_stock({ count: stock, unit: unitLabel(unit) }), tone: 'ok' };
}

/** A calendar day (YYYY-MM-DD) as "5月20日" / "May 20": the day itself, whatever the viewer's time zone. */
function shipDay(day: string, locale: string): string {
	return dateTimeFormat(locale, { month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** "5月20日至6月10日发货", or one open end; null when the seller gave no window. */
export function shipWindow(from: string | null, until: string | null, locale: string): string | null {
	if (from && until) return m.market_ships_between({ from: shipDay(from, locale), until: shipDay(until, locale) });
	if (from) return m.market_ships_from({ from: shipDay(from, locale) });
	if (until) return m.market_ships_until({ until: shipDay(until, locale) });
	return null;
}
