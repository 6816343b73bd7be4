import { describe, expect, it } from 'vitest';
import { findUnsafeMarkup, noticeExcerpt, renderNoticeBody } from './format';

/** Payloads from the OWASP XSS filter evasion cheat sheet and friends, as a villager's keyboard could type them. */
const payloads = [
	'<script>alert(1)</script>',
	'<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
	'<img src=x onerror=alert(1)>',
	'"><svg onload=alert(1)>',
	"'';!--\"<XSS>=&{()}",
	'<a href="javascript:alert(1)">点我</a>',
	'[点我](javascript:alert(1))',
	'[点我](JaVaScRiPt:alert(1))',
	'[点我](java\tscript:alert(1))',
	'[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
	'[点我](vbscript:msgbox(1))',
	'javascript:alert(1)',
	'[x](https://ok.example/"onmouseover="alert(1))',
	'https://ok.example/?q="><script>alert(1)</script>',
	'**<img src=x onerror=alert(1)>**',
	'<iframe src="https://evil.example"></iframe>',
	'<style>body{display:none}</style>',
	'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
	'&lt;script&gt;alert(1)&lt;/script&gt;',
	'<<script>script>alert(1)<</script>/script>',
	'\u003cscript\u003ealert(1)\u003c/script\u003e',
	'- <b onclick=alert(1)>列表</b>\n- 二'
];

const allowedTag = /^<\/?(p|br|strong|ul|ol|li|a)(\s|>)/;

function tagsIn(html: string): string[] {
	return html.match(/<[^>]*>/g) ?? [];
}

describe('notice body', () => {
	it('renders paragraphs, line breaks, bold, lists and links', () => {
		const html = renderNoticeBody(
			'村民大会定于**本周六上午九点**召开。\n地点：村委会院内\n\n议程：\n\n1. 樱桃采摘安排\n2. 道路硬化预算\n\n- 带上身份证\n- 带上笔\n\n详情见 https://example.org/notice?id=1&x=2，或 [县政府通知](https://gov.example/a)'
		);
		expect(html).toBe(
			'<p>村民大会定于<strong>本周六上午九点</strong>召开。<br>地点：村委会院内</p><p>议程：</p>' +
				'<ol><li>樱桃采摘安排</li><li>道路硬化预算</li></ol><ul><li>带上身份证</li><li>带上笔</li></ul>' +
				'<p>详情见 <a href="https://example.org/notice?id=1&amp;x=2" rel="nofollow noopener ugc">https://example.org/notice?id=1&amp;x=2</a>，或 ' +
				'<a href="https://gov.example/a" rel="nofollow noopener ugc">县政府通知</a></p>'
		);
	});

	it('starts a list on the line right after a sentence, and goes back to text after it', () => {
		expect(renderNoticeBody('停水安排如下：\n- 12月8日 上午\n- 12月9日 全天\n请大家提前储水。')).toBe(
			'<p>停水安排如下：</p><ul><li>12月8日 上午</li><li>12月9日 全天</li></ul><p>请大家提前储水。</p>'
		);
		expect(renderNoticeBody('议程：\n1. 樱桃\n2、道路\n\n接上：\n3) 养老')).toBe(
			'<p>议程：</p><ol><li>樱桃</li><li>道路</li></ol><p>接上：</p><ol start="3"><li>养老</li></ol>'
		);
	});

	it('keeps a line that starts with a decimal or a date as text', () => {
		expect(renderNoticeBody('收成：\n3.5亩已收完\n12月8日开会')).toBe('<p>收成：<br>3.5亩已收完<br>12月8日开会</p>');
	});

	for (const payload of payloads) {
		it(`leaves nothing that could run: ${JSON.stringify(payload).slice(0, 60)}`, () => {
			const html = renderNoticeBody(payload);
			for (const tag of tagsIn(html)) expect(tag).toMatch(allowedTag);
			for (const tag of tagsIn(html)) expect(tag).not.toMatch(/\son\w+\s*=/i);
			const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
			for (const href of hrefs) expect(href).toMatch(/^https?:\/\/[^"<>\s]+$/);
			expect(html).not.toMatch(/<(script|img|svg|iframe|style|math)/i);
		});
	}

	it('shows refused links as the text that was typed', () => {
		expect(renderNoticeBody('[点我](javascript:alert(1))')).toBe('<p>[点我](javascript:alert(1))</p>');
	});

	it('makes a short plain-text excerpt for the feed', () => {
		expect(noticeExcerpt('**停水通知**\n\n- 明天 8:00–12:00\n- [详情](https://a.example)')).toBe('停水通知 明天 8:00–12:00 详情');
		expect(noticeExcerpt('一'.repeat(100), 10)).toBe(`${'一'.repeat(10)}…`);
	});
});

describe('findUnsafeMarkup', () => {
	it('flags every payload that carries a tag or a script link, so the form can say so', () => {
		const unflagged = payloads.filter((payload) => findUnsafeMarkup(payload) === null);
		// What is left is plain text once escaped: an entity spelled out, and a web link whose quote is escaped.
		expect(unflagged).toEqual(['[x](https://ok.example/"onmouseover="alert(1))', '&lt;script&gt;alert(1)&lt;/script&gt;']);
	});
	it('leaves ordinary notices alone', () => {
		for (const text of ['亩产<500斤，比去年>400斤强', '数据: 2026 年', '详见 https://www.moa.gov.cn/ 。', '- 一\n- 二', 'a < b and c > d']) {
			expect(findUnsafeMarkup(text), text).toBeNull();
		}
	});
});

describe('noticeExcerpt', () => {
	it('cuts by characters, never through an emoji', () => {
		expect(noticeExcerpt('樱桃🍒'.repeat(30), 5)).toBe('樱桃🍒樱桃…');
		expect(noticeExcerpt('🍒'.repeat(3), 3)).toBe('🍒🍒🍒');
	});
	it('is one clean line: no control characters, no runs of spaces', () => {
		expect(noticeExcerpt('控制\u0001\u0007\t\r\n\n字符\r\n- 一\r\n- 二')).toBe('控制 字符 一 二');
	});
});
