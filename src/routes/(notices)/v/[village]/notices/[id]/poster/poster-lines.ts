import { noticeExcerpt } from '$lib/notices/format';

/** A list line as the notice format writes it: "- ", "* ", "• " or "1. ", "1、", "1)". */
const listMarker = /^\s*(?:[-*•]\s+|(\d{1,3})[.、)）]\s*)/;

/**
 * The first lines of a notice for the poster: plain text without formatting
 * marks, one string a line, list items keeping a bullet or their number (a
 * paper list reads better than a run-on sentence), about `length` characters
 * and at most `maxLines` lines, with "…" where the text goes on.
 */
export function posterLines(body: string, length = 200, maxLines = 8): string[] {
	const source = body.replace(/\r\n?/g, '\n').split('\n').filter((line) => line.trim() !== '');
	const lines: string[] = [];
	let left = length;
	for (const raw of source) {
		if (left <= 0 || lines.length === maxLines) break;
		const text = noticeExcerpt(raw, left);
		if (!text) continue;
		const marker = listMarker.exec(raw);
		lines.push(marker ? `${marker[1] ? `${marker[1]}.` : '•'} ${text}` : text);
		left -= [...text].length;
	}
	const last = lines.at(-1);
	if (last !== undefined && lines.length < source.length && !last.endsWith('…')) lines[lines.length - 1] = `${last}…`;
	return lines;
}
