import { describe, expect, it } from 'vitest';
import { posterLines } from './poster-lines';

describe('posterLines', () => {
	it('keeps lines and list markers, drops formatting marks and blank lines', () => {
		const body = '本周六**上午9点**开会。\n\n议题：\n1. 樱桃节\n2、[修路](https://example.com/road)\n- 带小板凳\n\n请准时到。';
		expect(posterLines(body)).toEqual(['本周六上午9点开会。', '议题：', '1. 樱桃节', '2. 修路', '• 带小板凳', '请准时到。']);
	});

	it('stops near the length or the line limit and says the text goes on', () => {
		const long = '村'.repeat(150);
		expect(posterLines(`${long}\n${long}`, 200)).toEqual([long, `${'村'.repeat(50)}…`]);
		expect(posterLines('一\n二\n三\n四', 200, 2)).toEqual(['一', '二…']);
		expect(posterLines('一\n二', 200, 2)).toEqual(['一', '二']);
		expect(posterLines('')).toEqual([]);
	});
});
