import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, notices, transaction, type User, type Village } from '$lib/server/platform/db';
import { renderNoticeBody } from '$lib/notices/format';
import { atomEntryLimit, buildVillageAtomFeed, listAtomNotices } from '$lib/server/notices/atom';
import { createNotice, deleteNotice, updateNotice } from '$lib/server/notices/notices';
import { GET } from '../../src/routes/(notices)/v/[village]/feed.xml/+server';
import { makeCadre, makeVillage } from './factories';
import { parseWith } from '$lib/server/platform/forms';
import { noticeEditForm, noticeForm, type NoticeIntent } from '$lib/notices/forms';

const origin = 'https://cun.example';
// Absolute URLs come from the configured origin only (public-url.ts), never from the request.
process.env.ORIGIN = origin;

type NoticeInput = { title: string; body?: string; category?: string; audience?: 'public' | 'members' };

function post(cadre: User, village: Village, input: NoticeInput, intent: NoticeIntent = 'publish') {
	return createNotice(cadre.id, village.id, parseWith(noticeForm, { body: '正文', category: 'notice', audience: 'public', ...input }), [], intent);
}

/** The feed's entries as [id, title, content, ...] text, read with the few regexes a flat Atom document needs. */
function entries(xml: string) {
	return [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map(([, entry]) => ({
		id: /<id>([^<]*)<\/id>/.exec(entry)?.[1],
		title: /<title>([^<]*)<\/title>/.exec(entry)?.[1],
		updated: /<updated>([^<]*)<\/updated>/.exec(entry)?.[1],
		published: /<published>([^<]*)<\/published>/.exec(entry)?.[1],
		link: /<link rel="alternate" type="text\/html" href="([^"]*)"\/>/.exec(entry)?.[1],
		category: /<category term="([^"]*)" label="([^"]*)"\/>/.exec(entry)?.slice(1),
		summary: /<summary>([^<]*)<\/summary>/.exec(entry)?.[1],
		content: /<content type="html">([^<]*)<\/content>/.exec(entry)?.[1]
	}));
}

const xmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => xmlEntities[name]);

/**
 * A small well-formedness check without an XML parser: every `<` opens a tag,
 * declaration or closing tag, every `&` one of XML's five entities, tags nest,
 * and no character XML 1.0 forbids is left. (The e2e test parses it for real.)
 */
function expectWellFormed(xml: string): void {
	expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
	expect(xml).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos);)/);
	expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
	const open: string[] = [];
	const markup = /<(\?xml[^?]*\?|\/?[a-z]+(?:\s+[a-z:]+="[^"<>]*")*\s*\/?)>|</g;
	for (const [whole, tag] of xml.slice(xml.indexOf('?>') + 2).matchAll(markup)) {
		expect(tag, `a bare < at ${whole}`).toBeDefined();
		const name = /^\/?([a-z]+)/.exec(tag)![1];
		if (tag.startsWith('/')) expect(open.pop()).toBe(name);
		else if (!tag.endsWith('/')) open.push(name);
	}
	expect(open).toEqual([]);
	expect(xml).not.toContain(']]>');
}

describe('the Atom feed', () => {
	it('holds the published public notices only, newest first, in the Atom namespace', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const other = await makeVillage();
		const first = await post(cadre, village, { title: '春耕通知', body: '**明天**开始春耕。\n\n- 带锄头\n- 带种子', category: 'notice' });
		const party = await post(cadre, village, { title: '党员大会', category: 'party' });
		await post(cadre, village, { title: '仅村民：低保名单', audience: 'members' });
		await post(cadre, village, { title: '草稿：修路', category: 'affairs' }, 'draft');
		const deleted = await post(cadre, village, { title: '已删除的通知' });
		await deleteNotice(cadre.id, village.id, deleted.id);
		await post(await makeCadre(other), other, { title: '别村的通知' });

		const { xml } = await buildVillageAtomFeed(village, origin);
		expectWellFormed(xml);
		expect(xml).toMatch(/^<\?xml[^>]*>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"[ >]/);
		const villageUrl = `${origin}/v/${village.slug}`;
		expect(xml).toContain(`<id>${villageUrl}/feed.xml</id>`);
		expect(xml).toContain(`<title>${village.name} · 村务通知</title>`);
		expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="${villageUrl}/feed.xml"/>`);
		expect(xml).toContain(`<link rel="alternate" type="text/html" href="${villageUrl}"/>`);
		expect(xml).toContain(`<author><name>${village.name}村委会</name>`);

		const shown = entries(xml);
		expect(shown.map((entry) => entry.title)).toEqual(['党员大会', '春耕通知']);
		for (const hidden of ['仅村民', '草稿', '已删除', '别村']) expect(xml).not.toContain(hidden);

		const [latest, older] = shown;
		expect(latest).toMatchObject({
			id: `${villageUrl}/notices/${party.id}`,
			link: `${villageUrl}/notices/${party.id}`,
			category: ['party', '党务公开'],
			published: party.publishedAt!.toISOString(),
			updated: party.publishedAt!.toISOString()
		});
		expect(older.category).toEqual(['notice', '通知']);
		expect(older.summary).toBe('明天开始春耕。 带锄头 带种子');
		// The body as the notice page shows it, escaped once more for XML.
		expect(unescapeXml(older.content!)).toBe(renderNoticeBody('**明天**开始春耕。\n\n- 带锄头\n- 带种子'));
		expect(older.content).toContain('&lt;strong&gt;明天&lt;/strong&gt;');

		// The feed is as new as its latest change; an edit moves the entry's updated, not its published.
		expect(xml).toContain(`<updated>${party.publishedAt!.toISOString()}</updated>\n<link rel="self"`);
		await new Promise((resolve) => setTimeout(resolve, 5));
		await updateNotice(cadre.id, village.id, first.id, parseWith(noticeEditForm, { title: '春耕通知（改）', body: '改过的正文', category: 'notice', audience: 'public' }), { removePhotos: [], newFiles: [] }, 'publish');
		const edited = entries((await buildVillageAtomFeed(village, origin)).xml).find((entry) => entry.id?.endsWith(`/notices/${first.id}`))!;
		const [{ editedAt }] = await db.select({ editedAt: notices.editedAt }).from(notices).where(eq(notices.id, first.id));
		expect(edited.title).toBe('春耕通知（改）');
		expect(edited.updated).toBe(editedAt!.toISOString());
		expect(edited.published).toBe(first.publishedAt!.toISOString());
		expect(Date.parse(edited.updated!)).toBeGreaterThan(Date.parse(edited.published!));
	});

	it('escapes markup, strips characters XML forbids and keeps emoji', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		// Every C0 control but the line breaks, which would only make new paragraphs.
		const controls = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('').replace(/[\n\r]/g, '');
		// What the notice form accepts: markup characters as text, CDATA ends, controls, quotes, emoji.
		const typed = await post(cadre, village, {
			title: `A<B & "C" 'D' ]]> 🍒${'\u0001\u0008\u000B'}`,
			body: `价格 <5元 & >3元 ]]> &amp; &#x3C; 🐔🍒\n\n控制字符：${controls}结束\n\n[链接](https://example.com/?a=1&b=<2>)`
		});
		// What the form refuses but an old row or a hand-edited database might hold: it must still come out inert.
		const payloads = [
			'<script>alert(1)</script>',
			'<img src=x onerror=alert(1)>',
			'<svg/onload=alert(1)>',
			'"><iframe src="javascript:alert(1)">',
			'<![CDATA[<script>alert(1)</script>]]>',
			'[点我](javascript:alert(1))',
			'<!--<script>-->',
			'\uFFFE\uFFFF\uD800 lone surrogate'
		];
		const hostile = await post(cadre, village, { title: '安全测试' });
		await transaction((tx) =>
			tx
				.update(notices)
				.set({ title: '<script>alert("title")</script>', body: payloads.join('\n\n') })
				.where(eq(notices.id, hostile.id))
		);

		const { xml } = await buildVillageAtomFeed(village, origin);
		expectWellFormed(xml);
		expect(xml).not.toMatch(/<(script|img|svg|iframe)/i);
		expect(xml).not.toContain('javascript:alert(1)">');
		expect(xml).not.toMatch(/[\uD800-\uDFFF]/u);

		const [script, form] = entries(xml);
		expect(script.title).toBe('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
		// Unescaped once, the content is the HTML the notice page shows: every payload is text in it, no tag of its own.
		const html = unescapeXml(script.content!);
		expect(html).not.toMatch(/<(script|img|svg|iframe)/i);
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('[点我](javascript:alert(1))');
		expect(html).not.toContain('href="javascript');

		expect(form.title).toBe('A&lt;B &amp; &quot;C&quot; &apos;D&apos; ]]&gt; 🍒');
		expect(unescapeXml(form.title!)).toBe(`A<B & "C" 'D' ]]> 🍒`);
		const content = unescapeXml(form.content!);
		expect(content).toContain('价格 &lt;5元 &amp; &gt;3元 ]]&gt; &amp;amp; &amp;#x3C; 🐔🍒');
		expect(content).toContain('控制字符：\t结束');
		expect(content).toContain('<a href="https://example.com/?a=1&amp;b=%3C2%3E" rel="nofollow noopener ugc">链接</a>');
		expect(unescapeXml(form.summary!)).toContain('价格 <5元 & >3元 ]]> &amp; &#x3C; 🐔🍒');
		expect(typed.id).toBeLessThan(hostile.id);
	});

	it('stops at the latest 50', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const posted = [];
		for (let n = 1; n <= atomEntryLimit + 2; n++) posted.push(await post(cadre, village, { title: `第${n}号通知` }));
		const shown = entries((await buildVillageAtomFeed(village, origin)).xml);
		expect(shown).toHaveLength(atomEntryLimit);
		expect(shown[0].title).toBe(`第${atomEntryLimit + 2}号通知`);
		expect(shown.at(-1)!.title).toBe('第3号通知');
		expect((await listAtomNotices(village.id)).map((notice) => notice.id)).toEqual(posted.slice(2).reverse().map((notice) => notice.id));
	});
});

describe('GET /v/[village]/feed.xml', () => {
	const get = (slug: string, headers: Record<string, string> = {}) => {
		const url = new URL(`${origin}/v/${slug}/feed.xml`);
		const event = { params: { village: slug }, url, request: new Request(url, { headers }) };
		return GET(event as unknown as Parameters<typeof GET>[0]);
	};

	it('serves Atom with a validator, answers 304 to a reader that has it, and 404 for an unknown village', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		await post(cadre, village, { title: '停水通知' });

		const response = await get(village.slug);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
		expect(response.headers.get('cache-control')).toBe('public, max-age=300');
		const etag = response.headers.get('etag')!;
		expect(etag).toMatch(/^W\/"[\w-]+"$/);
		expect(await response.text()).toContain(`<link rel="self" type="application/atom+xml" href="${origin}/v/${village.slug}/feed.xml"/>`);

		const unchanged = await get(village.slug, { 'if-none-match': `"other", ${etag}` });
		expect(unchanged.status).toBe(304);
		expect(await unchanged.text()).toBe('');
		expect(unchanged.headers.get('etag')).toBe(etag);

		await post(cadre, village, { title: '通水了' });
		const changed = await get(village.slug, { 'if-none-match': etag });
		expect(changed.status).toBe(200);
		expect(changed.headers.get('etag')).not.toBe(etag);
		expect(await changed.text()).toContain('<title>通水了</title>');

		const missing = await get('no-such-village');
		expect(missing.status).toBe(404);
		expect(missing.headers.get('content-type')).toContain('text/plain');
	});
});
