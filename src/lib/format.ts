/** Shows the first three and last two digits: enough to recognise your own number, not to call it. */
export function maskPhone(phone: string | null | undefined): string {
	if (!phone) return '';
	const digits = phone.replace(/\D/g, '');
	if (digits.length < 6) return '*'.repeat(digits.length);
	return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/** A name as strangers see it on a question: the first character, the rest starred (刘长河 → 刘**). */
export function maskName(name: string): string {
	const chars = [...name.trim()];
	if (chars.length === 0) return '';
	return chars[0] + '*'.repeat(Math.min(Math.max(chars.length - 1, 1), 3));
}

/** Times are stored in UTC and shown in the viewer's locale; villages are all in China, so Beijing time. */
export function formatDateTime(date: Date, locale: string): string {
	return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(date);
}

/** Day and time without the year, for lists where everything is recent: "11月22日 05:47". */
export function formatShortDateTime(date: Date, locale: string): string {
	return dateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(date);
}

export function formatDate(date: Date, locale: string): string {
	return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(date);
}

const countFormats = new Map<string, Intl.NumberFormat>();

/** A count as a list shows it, grouped (12,345); `atLeast`: the list stopped counting there (10,000+). */
export function formatCount(count: number, locale: string, atLeast = false): string {
	let format = countFormats.get(locale);
	if (!format) countFormats.set(locale, (format = new Intl.NumberFormat(locale)));
	return atLeast ? `${format.format(count)}+` : format.format(count);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per locale and options, made once: building an Intl.DateTimeFormat costs
 * far more than using one, and a feed page shows twenty dates.
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale} ${JSON.stringify(options)}`;
	let format = formats.get(key);
	if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
	return format;
}
