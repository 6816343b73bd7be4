// The one normaliser for text people type into forms (issue 11, item 4). Control
// and format characters are invisible or rewrite what is around them: a NUL or an
// ANSI escape corrupts what a terminal or export shows, U+202E makes "陈先生"
// followed by anything read backwards, a zero-width space makes two equal-looking
// names differ. None of them is something a villager means to type.

/**
 * What ends a line: CRLF (as forms post it), CR, LF, and the Unicode line and paragraph
 * separators. VT, FF and NEL are controls like the others and simply go.
 */
const lineBreaks = /\r\n|[\n\r\u2028\u2029]/g;

/**
 * An ANSI escape sequence (CSI and the like) goes whole, parameters included,
 * so no `[31m` is left behind once its ESC is gone.
 */
const ansiEscapes = /[\u001b\u009b](?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])?/g;

/**
 * A zero-width joiner stays only between two emoji, where it makes one picture
 * (👨‍🌾, a farmer); anywhere else it only makes equal-looking text differ.
 */
const emojiJoiner = /(?<=\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})/gu;
const joinerMark = '\u{F0000}';

/**
 * Control (Cc), format (Cf: bidi overrides and isolates, zero-width characters,
 * U+FEFF, U+2060, soft hyphen, tag characters) and lone surrogates (Cs). Tab and
 * newline are the callers' to keep or turn into spaces. Private-use characters
 * stay: older Chinese input methods put rare characters of names there.
 */
const invisible = /(?![\t\n])[\p{Cc}\p{Cf}\p{Cs}]/gu;

function stripInvisible(text: string): string {
	return text
		.replace(ansiEscapes, '')
		.replace(emojiJoiner, joinerMark)
		.replace(invisible, '')
		.replaceAll(joinerMark, '\u200D');
}

/**
 * A single-line field (a name, a title): a line break or a tab becomes a space,
 * every other control or format character goes, the result is NFC and trimmed.
 */
export function normalizeLine(text: string): string {
	return stripInvisible(text.replace(lineBreaks, ' ').replace(/\t/g, ' '))
		.normalize('NFC')
		.trim();
}

/**
 * A multi-line field (a body, a note, pasted table rows): every line break
 * becomes `\n` and tabs stay (a table pasted from a spreadsheet is
 * tab-separated); nothing else invisible is kept. NFC, trimmed at both ends.
 */
export function normalizeText(text: string): string {
	return stripInvisible(text.replace(lineBreaks, '\n'))
		.normalize('NFC')
		.trim();
}
