// A live sale's orders as CSV for the host's spreadsheet: a UTF-8 byte-order mark so a Chinese
// Excel reads the characters, every cell quoted, and a cell a spreadsheet would run as a formula
// (= + - @ at its start) given a leading apostrophe, since buyers typed the names and addresses.
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { formatFen } from '$lib/money';
import { deliveryLabel, orderStatusLabel } from '$lib/market/labels';
import type { LiveOrderLine } from './views';

function cell(value: string | number): string {
	const text = String(value);
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return `"${safe.replace(/"/g, '""')}"`;
}

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
		line.orderId,
		formatDateTime(line.createdAt, locale),
		orderStatusLabel(line.status, locale),
		line.title,
		line.quantity,
		formatFen(line.unitPriceFen, locale),
		formatFen(line.totalFen, locale),
		deliveryLabel(line.delivery),
		line.recipientName,
		line.recipientPhone,
		line.address
	]);
	return '\uFEFF' + [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
