// Security headers on every page, cross-site writes refused, pages compressed.
import { expect, inject, test } from 'vitest';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { request } from 'node:http';

const base = () => inject('baseURL');
const pages = ['/', '/v/shuwangzhuang', '/offline', '/login', '/register', '/me', '/committee', '/admin', '/market', '/live', '/qa', '/charity', '/no-such-page', '/v/no-such-village'];

test('every page carries CSP with frame-ancestors, nosniff and the other security headers', async () => {
	for (const path of [...pages, '/api/health']) {
		const response = await fetch(new URL(path, base()), { redirect: 'manual' });
		const csp = response.headers.get('content-security-policy') ?? '';
		expect([path, csp]).toEqual([path, expect.stringContaining("frame-ancestors 'none'")]);
		expect(csp).toContain("object-src 'none'");
		expect(csp).toContain("base-uri 'none'");
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBeTruthy();
		expect(response.headers.get('permissions-policy')).toContain('geolocation=()');
	}
});

test('no page loads anything from another origin', async () => {
	for (const path of pages) {
		const html = await (await fetch(new URL(path, base()))).text();
		expect([path, html.match(/(?:src|href)="(?:https?:)?\/\/[^"]*"/g)]).toEqual([path, null]);
	}
});

test('a cross-site POST is refused with 403, whether form, text/plain or JSON', async () => {
	const bodies: [string, string][] = [
		['application/x-www-form-urlencoded', 'username=cadre&password=village-demo'],
		['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="username"\r\n\r\ncadre\r\n--x--'],
		['text/plain', 'username=cadre&password=village-demo'],
		['application/json', '{"username":"cadre","password":"village-demo"}']
	];
	for (const path of ['/login', '/committee?/issueCode', '/logout', '/api/health']) {
		for (const [type, body] of bodies) {
			const crossSite: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }];
			for (const headers of crossSite) {
				const response = await fetch(new URL(path, base()), {
					method: 'POST',
					headers: { 'content-type': type, ...headers },
					body,
					redirect: 'manual'
				});
				expect([path, type, response.status]).toEqual([path, type, 403]);
				expect(response.headers.get('set-cookie')).toBeNull();
			}
		}
	}
});

test('a same-origin form POST still works', async () => {
	const response = await fetch(new URL('/login', base()), {
		method: 'POST',
		headers: { origin: base(), accept: 'text/html', 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
		body: 'username=buyer&password=village-demo',
		redirect: 'manual'
	});
	expect(response.status).toBe(303);
	expect(response.headers.get('set-cookie')).toContain('vs_session=');
});

/** fetch() decodes bodies itself, so ask with node:http to see the bytes on the wire. */
function rawGet(path: string, acceptEncoding: string): Promise<{ encoding: string | undefined; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const req = request(new URL(path, base()), { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		req.end();
	});
}

test('HTML and JSON are compressed with brotli or gzip as the client accepts', async () => {
	const plain = await rawGet('/', 'identity');
	expect(plain.encoding).toBeUndefined();
	expect(plain.body.toString()).toContain('<html');

	const br = await rawGet('/', 'gzip, deflate, br');
	expect(br.encoding).toBe('br');
	expect(brotliDecompressSync(br.body).toString()).toContain('<html');
	expect(br.body.length).toBeLessThan(plain.body.length / 2);

	const gzip = await rawGet('/login', 'gzip');
	expect(gzip.encoding).toBe('gzip');
	expect(gunzipSync(gzip.body).toString()).toContain('<form');
});
