import { describe, expect, it } from 'vitest';
import { isCrossSiteWrite } from './security';

const url = new URL('https://village.example/committee');
const post = (headers: Record<string, string>, method = 'POST') => new Request(url, { method, headers });

describe('isCrossSiteWrite', () => {
	it('refuses writes another site makes the browser send, whatever the body type', () => {
		expect(isCrossSiteWrite(post({ 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }), url)).toBe(true);
		expect(isCrossSiteWrite(post({ 'sec-fetch-site': 'same-site' }), url)).toBe(true);
		expect(isCrossSiteWrite(post({ origin: 'https://evil.example', 'content-type': 'text/plain' }), url)).toBe(true);
		expect(isCrossSiteWrite(post({ origin: 'null' }), url)).toBe(true);
		expect(isCrossSiteWrite(post({ origin: 'https://evil.example' }, 'DELETE'), url)).toBe(true);
	});

	it('lets same-origin writes, reads and non-browser clients through', () => {
		expect(isCrossSiteWrite(post({ 'sec-fetch-site': 'same-origin', origin: url.origin }), url)).toBe(false);
		expect(isCrossSiteWrite(post({ origin: url.origin }), url)).toBe(false);
		expect(isCrossSiteWrite(post({}), url)).toBe(false);
		expect(isCrossSiteWrite(new Request(url, { headers: { 'sec-fetch-site': 'cross-site' } }), url)).toBe(false);
	});
});

