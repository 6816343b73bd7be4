// A village-affairs disclosure table as cadres keep it in a spreadsheet: one line
// per receipt with date, item, amount (negative for money going out),
// counterparty and note. Pasted from a spreadsheet the columns come separated
// by tabs; saved as CSV, by commas with "quoted" cells.
import { parseYuan } from '$lib/money';

export type DisclosureLine = { date: string; item: string; amountFen: number; counterparty: string; note: string };

export type DisclosureProblem = 'columns' | 'date' | 'item' | 'amount' | 'too_long' | 'too_many';

export type DisclosureParse =
	| { ok: true; rows: DisclosureLine[] }
	| { ok: false; line: number; problem: DisclosureProblem };

export const maxDisclosureRows = 200;
const maxCell = 100;

/** One CSV line's cells: commas separate, double quotes enclose, "" is a quote. */
function csvCells(line: string): string[] {
	const cells: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quoted) {
			if (c === '"' && line[i + 1] === '"') (cell += '"'), i++;
			else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"' && cell.trim() === '') quoted = true;
		else if (c === ',' || c === '，') cells.push(cell), (cell = '');
		else cell += c;
	}
	cells.push(cell);
	return cells;
}

/** 2026-03-05, 2026/3/5, 2026.3.5 or 2026年3月5日 as YYYY-MM-DD; a date that does not exist is null. */
export function parseDisclosureDate(text: string): string | null {
	const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.normalize('NFKC').trim());
	if (!match) return null;
	const [year, month, day] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
	return date.toISOString().slice(0, 10);
}

/** One row from its cells, or what is wrong with it. */
export function parseDisclosureCells(cells: string[]): DisclosureLine | DisclosureProblem {
	const [date = '', item = '', amount = '', counterparty = '', ...rest] = cells.map((cell) => cell.trim());
	const note = rest.join(' ').trim();
	if (cells.length < 3) return 'columns';
	const day = parseDisclosureDate(date);
	if (!day) return 'date';
	if (!item) return 'item';
	const amountFen = parseYuan(amount);
	if (amountFen === null || amountFen === 0) return 'amount';
	if ([item, counterparty, note].some((cell) => cell.length > maxCell)) return 'too_long';
	return { date: day, item, amountFen, counterparty, note };
}

/**
 * The pasted text as rows. A first line with neither a date nor an amount is taken
 * as the spreadsheet's header and skipped; blank lines are skipped. The first
 * bad line stops the parse, so nothing half-read is saved.
 */
export function parseDisclosureTable(text: string): DisclosureParse {
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	const rows: DisclosureLine[] = [];
	for (const [index, line] of lines.entries()) {
		if (line.trim() === '') continue;
		const cells = line.includes('\t') ? line.split('\t') : csvCells(line);
		const parsed = parseDisclosureCells(cells);
		if (typeof parsed === 'string') {
			// A header names its columns: no date and no number where the amount goes.
			const isHeader = index === lines.findIndex((l) => l.trim() !== '') && parsed === 'date' && parseYuan(cells[2] ?? '') === null;
			if (isHeader) continue;
			return { ok: false, line: index + 1, problem: parsed };
		}
		rows.push(parsed);
		if (rows.length > maxDisclosureRows) return { ok: false, line: index + 1, problem: 'too_many' };
	}
	return { ok: true, rows };
}

export type DisclosureTotals = { inFen: number; outFen: number; balanceFen: number };

export function disclosureTotals(rows: Pick<DisclosureLine, 'amountFen'>[]): DisclosureTotals {
	let inFen = 0;
	let outFen = 0;
	for (const { amountFen } of rows) {
		if (amountFen > 0) inFen += amountFen;
		else outFen -= amountFen;
	}
	return { inFen, outFen, balanceFen: inFen - outFen };
}
