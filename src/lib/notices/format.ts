// The few kinds of formatting a notice may carry, written the way people type
// them on a phone: blank lines between paragraphs, **bold**, lines starting
// with "- " or "1. " for lists, and links (https://… or [text](https://…)).
// Rendering escapes every character first and then adds only these tags, so
// no markup anyone types (a <script>, an onerror=, a javascript: link) can
// reach the page: there is nothing to sanitise away afterwards.

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escape(text: string): string {
	return text.replace(/[&<>"']/g, (c) => entities[c]);
}

/** Only web links: no javascript:, data:, file: or anything a browser could run or open locally. */
function safeUrl(raw: string): string | null {
	try {
		const url = new URL(raw);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
	} catch {
		return null;
	}
}

function link(href: string, text: string): string {
	return `<a href="${escape(href)}" rel="nofollow noopener ugc">${escape(text)}</a>`;
}

// A bare link stops before whitespace, quotes, brackets and Chinese punctuation that usually ends a sentence.
const inlinePattern = /\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)|(https?:\/\/[^\s<>"'()（）\[\]，。；！？、]{1,2000})|\*\*([^*\n]{1,500})\*\*/g;

function inline(raw: string): string {
	let html = '';
	let last = 0;
	for (const match of raw.matchAll(inlinePattern)) {
		html += escape(raw.slice(last, match.index));
		last = match.index + match[0].length;
		const [whole, label, target, bare, bold] = match;
		if (bold !== undefined) html += `<strong>${escape(bold)}</strong>`;
		else {
			const href = safeUrl(target ?? bare);
			// A refused link stays as the text that was typed.
			html += href ? link(href, label ?? bare) : escape(whole);
		}
	}
	return html + escape(raw.slice(last));
}

const bullet = /^\s*[-*•]\s+/;
// "1. ", "2、", "3)" start an item; "3.5亩" (a decimal) does not.
const numbered = /^\s*(\d{1,3})(?:[.)](?!\d)|[、）])\s*/;

type Run = { kind: 'ul' | 'ol' | 'p'; lines: string[] };

const kindOf = (line: string): Run['kind'] => (bullet.test(line) ? 'ul' : numbered.test(line) ? 'ol' : 'p');

/** A list may start on the line right after a sentence ("如下：⏎- 一"): each run of like lines is its own block. */
function runs(lines: string[]): Run[] {
	const result: Run[] = [];
	for (const line of lines) {
		const kind = kindOf(line);
		const last = result.at(-1);
		if (last?.kind === kind) last.lines.push(line);
		else result.push({ kind, lines: [line] });
	}
	return result;
}

function block({ kind, lines }: Run): string {
	if (kind === 'ul') return `<ul>${lines.map((line) => `<li>${inline(line.replace(bullet, ''))}</li>`).join('')}</ul>`;
	if (kind === 'ol') {
		// A list that goes on after a paragraph keeps its numbers.
		const first = Number(numbered.exec(lines[0])![1]);
		return `<ol${first === 1 ? '' : ` start="${first}"`}>${lines.map((line) => `<li>${inline(line.replace(numbered, ''))}</li>`).join('')}</ol>`;
	}
	return `<p>${lines.map(inline).join('<br>')}</p>`;
}

/** A notice body as HTML: paragraphs, line breaks, bold, lists and web links, nothing else. */
export function renderNoticeBody(source: string): string {
	return source
		.replace(/\r\n?/g, '\n')
		.split(/\n\s*\n/)
		.map((chunk) => chunk.split('\n').filter((line) => line.trim() !== ''))
		.filter((lines) => lines.length > 0)
		.flatMap(runs)
		.map(block)
		.join('');
}

/** The body as plain text without the formatting marks, cut to `length` characters: the feed's first lines. */
export function noticeExcerpt(source: string, length = 80): string {
	const text = source
		.replace(/\[([^\]\n]{1,200})\]\([^)\s]{1,2000}\)/g, '$1')
		.replace(/\*\*([^*\n]{1,500})\*\*/g, '$1')
		.split('\n')
		.map((line) => line.replace(bullet, '').replace(numbered, '').trim())
		.filter(Boolean)
		.join(' ')
		// Tabs, carriage returns and other control characters would show as junk or odd gaps in a one-line summary.
		.replace(/[\u0000-\u001f\u007f]+/g, ' ')
		.replace(/ {2,}/g, ' ');
	// By code points, so an emoji at the cut stays whole.
	const chars = Array.from(text);
	return chars.length > length ? `${chars.slice(0, length).join('').trimEnd()}…` : text;
}

// Markup a person did not mean as text: an HTML tag or comment, or a link that
// would run code. Rendering would show it harmlessly as text, but whoever typed
// it is better told plainly that notices do not take it.
const htmlTag = /<\/?[a-z][a-z0-9-]*(?:\s[^>]*)?\/?>|<!--/i;
const scriptLink = /\b(?:javascript|vbscript)\s*:|\bdata\s*:\s*[a-z]+\/[a-z0-9.+-]+[;,]/i;

/** 'html' or 'script-link' when the body carries either, else null. */
export function findUnsafeMarkup(source: string): 'html' | 'script-link' | null {
	if (htmlTag.test(source)) return 'html';
	// Browsers drop tabs and line breaks inside a URL, so java<tab>script: is javascript:.
	if (scriptLink.test(source.normalize('NFKC').replace(/[\u0000-\u001f]/g, ''))) return 'script-link';
	return null;
}
