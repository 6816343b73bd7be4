import { describe, expect, it } from 'vitest';
import { pricePerUnit, shipWindow, stockState } from './product-format';

describe('product-format', () => {
	it('says the price per unit', () => {
		expect(pricePerUnit(1200, 'jin', 'zh-CN')).toBe('¥12.00/斤');
		expect(pricePerUnit(990, 'box', 'zh-CN')).toBe('¥9.90/箱');
	});

	it('says how much is left, plainly', () => {
		expect(stockState({ status: 'listed', stock: 120, unit: 'jin' })).toEqual({ text: '现货 120 斤', tone: 'ok' });
		expect(stockState({ status: 'listed', stock: 10, unit: 'jin' })).toEqual({ text: '只剩 10 斤', tone: 'low' });
		expect(stockState({ status: 'listed', stock: 0, unit: 'jin' })).toEqual({ text: '已售完', tone: 'out' });
		expect(stockState({ status: 'sold_out', stock: 0, unit: 'box' }).tone).toBe('out');
		expect(stockState({ status: 'paused', stock: 50, unit: 'box' })).toEqual({ text: '暂停销售', tone: 'paused' });
	});

	it('reads the ship window as calendar days, with either end open', () => {
		expect(shipWindow('2026-05-20', '2026-06-10', 'zh-CN')).toBe('5月20日至6月10日发货');
		expect(shipWindow('2026-05-20', null, 'zh-CN')).toBe('5月20日起发货');
		expect(shipWindow(null, '2026-06-10', 'zh-CN')).toBe('6月10日前发货');
		expect(shipWindow(null, null, 'zh-CN')).toBeNull();
		// The first of the month stays the first, wherever the server is.
		expect(shipWindow('2026-06-01', null, 'zh-CN')).toBe('6月1日起发货');
	});
});
