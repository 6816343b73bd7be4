// A live sale's orders as CSV for the host's spreadsheet (buyers typed the names and addresses:
// $lib/csv keeps them from running as formulas).
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { formatFen } from '$lib/money';
import { toCsv } from '$lib/csv';
import { deliveryLabel, orderStatusLabel } from '$lib/market/labels';
import type { LiveOrderLine } from './views';

export function liveOrdersCsv(lines: LiveOrderLine[], locale: Locale): string {
	const header = [
		m.live_csv_order({}, { locale }),
		m.live_csv_time({}, { locale }),
		m.live_csv_status({}, { locale }),
		m.live_csv_product({}, { locale }),
		m.live_csv_quantity({}, { locale }),
		m.live_csv_unit_price({}, { locale }),
		m.live_csv_total({}, { locale }),
		m.live_csv_delivery({}, { locale }),
		m.live_csv_name({}, { locale }),
		m.live_csv_phone({}, { locale }),
		m.live_csv_address({}, { locale })
	];
	const rows = lines.map((line) => [
		String(line.orderId),
		formatDateTime(line.createdAt, locale),
		orderStatusLabel(line.status, locale),
		line.title,
		String(line.quantity),
		formatFen(line.unitPriceFen, locale),
		formatFen(line.totalFen, locale),
		deliveryLabel(line.delivery),
		line.recipientName,
		line.recipientPhone,
		line.address
	]);
	return toCsv([header, ...rows]);
}
