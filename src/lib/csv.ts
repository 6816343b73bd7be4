// CSV for a spreadsheet to open: a UTF-8 byte-order mark so a Chinese Excel reads the characters,
// every text cell quoted, and a text cell a spreadsheet would run as a formula (= + - @ at its start)
// given a leading apostrophe, since people typed the names in them. Numbers go in as numbers.

function cell(value: string | number): string {
	if (typeof value === 'number') return String(value);
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(rows: (string | number)[][]): string {
	return '\uFEFF' + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
