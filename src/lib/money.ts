// Money is integer fen everywhere; these are the only places it becomes text or comes from it.

/** ¥1,234.50 in the viewer's locale; a negative amount keeps its minus sign. */
export function formatFen(fen: number, locale: string): string {
	return yuanFormat(locale).format(fen / 100).replace('CN¥', '¥');
}

const yuanFormats = new Map<string, Intl.NumberFormat>();

/** Made once per locale: a money table shows dozens of amounts. */
function yuanFormat(locale: string): Intl.NumberFormat {
	let format = yuanFormats.get(locale);
	if (!format) yuanFormats.set(locale, (format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'symbol' })));
	return format;
}

/**
 * Yuan as people type them — "1200", "1,200.5", "¥-300", "－86.00" — to integer fen,
 * without going through floating point. Anything else, or more than two decimals, is null.
 */
export function parseYuan(text: string): number | null {
	const cleaned = text
		.normalize('NFKC')
		.trim()
		.replace(/^[¥￥]\s*/, '')
		.replace(/\s*元$/, '')
		.replace(/,/g, '');
	// Ten digits of yuan (¥9,999,999,999): a table of 200 such amounts still sums to a safe integer of fen.
	const match = /^([+-]?)[¥￥]?(\d{1,10})(?:\.(\d{1,2}))?$/.exec(cleaned);
	if (!match) return null;
	const [, sign, whole, decimals = ''] = match;
	const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
	if (!Number.isSafeInteger(fen)) return null;
	return sign === '-' ? -fen : fen;
}
