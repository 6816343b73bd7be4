import { describe, expect, it } from 'vitest';
import { disclosureTotals, parseDisclosureDate, parseDisclosureTable } from './disclosure';

describe('parseDisclosureTable', () => {
	it('reads CSV with a header, quotes and Chinese commas', () => {
		const parsed = parseDisclosureTable('日期,项目,金额,对方,备注\n2026-03-05,"修路, 村东头",-1200.50,建筑队,"发票 ""0032"""\n\n2026/3/9，承包费，800，刘长河，');
		expect(parsed).toEqual({
			ok: true,
			rows: [
				{ date: '2026-03-05', item: '修路, 村东头', amountFen: -120050, counterparty: '建筑队', note: '发票 "0032"' },
				{ date: '2026-03-09', item: '承包费', amountFen: 80000, counterparty: '刘长河', note: '' }
			]
		});
	});

	it('reads tab-separated lines as pasted from Excel or WPS', () => {
		expect(parseDisclosureTable('2026年3月5日\t买水泥\t¥-1,000\r\n')).toEqual({
			ok: true,
			rows: [{ date: '2026-03-05', item: '买水泥', amountFen: -100000, counterparty: '', note: '' }]
		});
	});

	it('stops at the first bad line and names it', () => {
		expect(parseDisclosureTable('2026-03-05,修路,-100\n2026-02-30,买灯,-10')).toEqual({ ok: false, line: 2, problem: 'date' });
		expect(parseDisclosureTable('2026-03-05,,-100')).toEqual({ ok: false, line: 1, problem: 'item' });
		expect(parseDisclosureTable('2026-03-05,修路,一百')).toEqual({ ok: false, line: 1, problem: 'amount' });
		expect(parseDisclosureTable('2026-03-05,修路,0')).toEqual({ ok: false, line: 1, problem: 'amount' });
		expect(parseDisclosureTable('2026-03-05,修路')).toEqual({ ok: false, line: 1, problem: 'columns' });
		expect(parseDisclosureTable(`2026-03-05,${'长'.repeat(101)},5`)).toEqual({ ok: false, line: 1, problem: 'too_long' });
		expect(parseDisclosureTable(Array.from({ length: 201 }, () => '2026-03-05,修路,5').join('\n'))).toMatchObject({ ok: false, problem: 'too_many' });
	});

	it('skips only a header, not a first row with a bad date', () => {
		expect(parseDisclosureTable('Date,Item,Amount\n2026-03-05,x,5')).toMatchObject({ ok: true, rows: [{ item: 'x' }] });
		expect(parseDisclosureTable('昨天,修路,-100')).toEqual({ ok: false, line: 1, problem: 'date' });
	});
});

describe('parseDisclosureDate', () => {
	it('accepts real dates in the usual spellings', () => {
		expect(parseDisclosureDate('2026-3-5')).toBe('2026-03-05');
		expect(parseDisclosureDate('2026.03.05')).toBe('2026-03-05');
		expect(parseDisclosureDate('２０２６年３月５日')).toBe('2026-03-05');
		expect(parseDisclosureDate('2028-02-29')).toBe('2028-02-29');
		expect(parseDisclosureDate('2026-02-29')).toBeNull();
		expect(parseDisclosureDate('3/5/2026')).toBeNull();
	});
});

describe('disclosureTotals', () => {
	it('adds money in and out separately, in fen', () => {
		expect(disclosureTotals([{ amountFen: 1860000 }, { amountFen: -4230000 }, { amountFen: 1 }])).toEqual({ inFen: 1860001, outFen: 4230000, balanceFen: -2369999 });
	});
});
