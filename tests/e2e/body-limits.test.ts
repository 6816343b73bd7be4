// Posted bodies are bounded before they are read: small for forms without files, photos
// only where a page asks for them and only from someone signed in. Refusals are 413 with a
// message, and the sender, still sending, gets the answer.
import { expect, inject, test } from 'vitest';
import { request, type IncomingMessage } from 'node:http';
import * as m from '../../src/lib/paraglide/messages';
import { DEMO_PASSWORD } from './support/browser';

const base = () => new URL(inject('baseURL'));

type Sent = { status: number; headers: IncomingMessage['headers']; body: string };

/**
 * A raw POST: `declared` goes in Content-Length (none: chunked), and only `send` bytes of
 * body are written before the answer is awaited, so an answer proves the rest was not waited for.
 */
function post(path: string, options: { type: string; declared?: number; send: Buffer[]; cookie?: string }): Promise<Sent> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = { 'content-type': options.type, origin: base().origin, accept: 'text/html' };
		if (options.declared !== undefined) headers['content-length'] = String(options.declared);
		if (options.cookie) headers.cookie = options.cookie;
		const sending = request({ host: base().hostname, port: base().port, path, method: 'POST', headers }, (response) => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk) => (body += chunk));
			response.on('end', () => {
				resolve({ status: response.statusCode!, headers: response.headers, body });
				sending.destroy();
			});
		});
		sending.on('error', reject);
		for (const chunk of options.send) sending.write(chunk);
	});
}

const urlencoded = 'application/x-www-form-urlencoded';
const kilobytes = (n: number) => Buffer.alloc(n * 1024, 'x');

async function signIn(username: string): Promise<string> {
	const response = await fetch(new URL('/login', base()), {
		method: 'POST',
		headers: { 'content-type': urlencoded, origin: base().origin, accept: 'text/html' },
		body: new URLSearchParams({ username, password: DEMO_PASSWORD }),
		redirect: 'manual'
	});
	expect(response.status).toBe(303);
	return response.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
}

test('/login refuses a 1 MB body with 413 before reading it: a page in the visitor’s language, with the security headers', async () => {
	const refused = await post('/login', { type: urlencoded, declared: 1024 * 1024, send: [Buffer.from('username=a&password=')] });
	expect(refused.status).toBe(413);
	expect(refused.headers['content-type']).toContain('text/html');
	expect(refused.body).toContain('lang="zh-CN"');
	expect(refused.body).toContain(m.error_body_too_large({}, { locale: 'zh-CN' }));
	expect(refused.headers['x-content-type-options']).toBe('nosniff');
	expect(refused.headers['content-security-policy']).toContain("default-src 'none'");
});

test('a chunked body is counted as it streams and refused once over the limit', async () => {
	const refused = await post('/login', { type: urlencoded, send: [Buffer.from('username=a&password='), ...Array(8).fill(kilobytes(16))] });
	expect(refused.status).toBe(413);
	const multipart = await post('/register', {
		type: 'multipart/form-data; boundary=x',
		send: [Buffer.from('--x\r\nContent-Disposition: form-data; name="displayName"\r\n\r\n'), ...Array(8).fill(kilobytes(16))]
	});
	expect(multipart.status).toBe(413);
});

test('a sender that sends all of a refused body still gets the answer, and the server stays up', async () => {
	const response = await fetch(new URL('/login', base()), {
		method: 'POST',
		headers: { 'content-type': urlencoded, origin: base().origin, accept: 'text/plain' },
		body: `username=a&password=${'x'.repeat(4 * 1024 * 1024)}`
	});
	expect(response.status).toBe(413);
	expect(await response.text()).toBe(m.error_body_too_large({}, { locale: 'zh-CN' }));
	expect((await fetch(new URL('/api/health', base()))).status).toBe(200);
});

test('a page that takes photos refuses a large body from someone signed out, saying to sign in', async () => {
	const boundary = '--x\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n';
	for (const path of ['/sell/products/new', '/committee/notices/new', '/admin?/createVillage']) {
		const refused = await post(path, { type: 'multipart/form-data; boundary=x', declared: 5 * 1024 * 1024, send: [Buffer.from(boundary)] });
		expect([path, refused.status]).toEqual([path, 413]);
		expect(refused.body).toContain(m.error_body_sign_in_to_upload({}, { locale: 'zh-CN' }));
	}
});

test('signed in, a page that takes photos accepts up to its photos’ worth, and refuses more before reading it', async () => {
	const cookie = await signIn('villager');
	const refused = await post('/sell/products/new', {
		type: 'multipart/form-data; boundary=x',
		declared: 7 * 10 * 1024 * 1024,
		send: [Buffer.from('--x\r\n')],
		cookie
	});
	expect(refused.status).toBe(413);
	expect(refused.body).toContain(m.error_body_too_large_photos({ mb: 10, count: 6 }, { locale: 'zh-CN' }));
	// 3 MB is far over a plain form's limit, but within a listing's: the form is read and answered (here: a title is missing).
	const form = new FormData();
	form.append('photos', new File([kilobytes(3 * 1024)], 'a.jpg', { type: 'image/jpeg' }));
	const accepted = await fetch(new URL('/sell/products/new', base()), {
		method: 'POST',
		headers: { origin: base().origin, accept: 'text/html', cookie },
		body: form,
		redirect: 'manual'
	});
	expect(accepted.status).not.toBe(413);
	expect(accepted.status).toBeLessThan(500);
});
