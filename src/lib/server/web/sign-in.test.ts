import { validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import { safeNextPath } from './sign-in';

const here = new URL('https://village.example/login?next=x');

/** Where a browser goes with `location` from a page on `here`: the WHATWG URL parser, as Chromium uses it. */
const followed = (location: string) => new URL(location, here);

/** Node writes the header (Kit's Headers check is looser: it lets U+000B through, Node does not). */
const writable = (location: string) => {
	validateHeaderValue('location', location);
	new Headers({ location });
	return true;
};

// Every character a `next` may smuggle in: all of ASCII, DEL, and the spaces and marks browsers
// or servers treat specially (NBSP, ideographic space, line and paragraph separators, bidi, BOM).
const specials = [
	...Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code)),
	'\u00a0',
	'\u3000',
	'\u2028',
	'\u2029',
	'\u202e',
	'\ufeff',
	'\ud800'
];
const shapes = ['/X/evil.example/x', 'X//evil.example', '/X/evil.example', '/\\X/evil.example', 'X/evil.example', '/.X//evil.example', 'https:X//evil.example'];

describe('safeNextPath', () => {
	it('keeps a path on this site, with its query and fragment', () => {
		expect(safeNextPath('/market/3?q=1#buy', here)).toBe('/market/3?q=1#buy');
		expect(safeNextPath('/me', here)).toBe('/me');
		expect(safeNextPath('https://village.example/cart', here)).toBe('/cart');
	});

	it('gives the fallback for nothing, another host, another scheme or a protocol-relative path', () => {
		for (const next of [undefined, null, '', '//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'http://village.example/me']) {
			expect([next, safeNextPath(next, here)]).toEqual([next, '/me']);
		}
		expect(safeNextPath('//evil.example', here, '/')).toBe('/');
	});

	it('is not fooled by tabs, newlines or other characters browsers drop (issue 11: /%09/evil.example/x)', () => {
		expect(safeNextPath('/\t/evil.example/x', here)).toBe('/me');
		expect(safeNextPath('/\n/evil.example/x', here)).toBe('/me');
		expect(safeNextPath('/\r\n/evil.example/x', here)).toBe('/me');
		expect(safeNextPath('/./\t/evil.example', here)).toBe('/me');
	});

	it('returns a valid, encoded Location for characters a header cannot carry (issue 11: %0A, %00, %0B, U+3000)', () => {
		expect(safeNextPath('/\0/x', here)).toBe('/%00/x');
		expect(safeNextPath('/\u000b/x', here)).toBe('/%0B/x');
		expect(safeNextPath('/\u3000/x', here)).toBe('/%E3%80%80/x');
		expect(safeNextPath('/x?q=\u000b#\u0000y', here)).toBe('/x?q=%0B#%00y');
	});

	it('for every special character in every position of every shape: a writable Location that stays on this site', () => {
		let checked = 0;
		for (const shape of shapes) {
			for (const char of specials) {
				for (const extra of ['', char]) {
					const next = shape.replace('X', char + extra);
					const location = safeNextPath(next, here);
					expect([next, writable(location)]).toEqual([next, true]);
					expect([next, followed(location).origin]).toEqual([next, here.origin]);
					expect(location.startsWith('/') && !location.startsWith('//')).toBe(true);
					checked++;
				}
			}
		}
		expect(checked).toBe(shapes.length * specials.length * 2);
	});
});
