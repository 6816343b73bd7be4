// server-headers.js on a real Node HTTP server, with what Kit does below the app's hooks: its own
// setResponse (which answers a header Node refuses with a bare 500) and Node's own HTTP parser.
import { createServer, request, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setResponse } from '@sveltejs/kit/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerClientError, keepNotModifiedBare, keepRawErrorsPlain, securityHeaders } from '../../server-headers.js';

let server: Server | undefined;
afterEach(async () => {
	await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
	server = undefined;
	vi.restoreAllMocks();
});

/** A server that sets the headers and guards as server.js does, then runs `app`. */
async function serve(app: RequestListener, https = false): Promise<string> {
	const headersFor = securityHeaders({ https });
	server = createServer((req, res) => {
		for (const [name, value] of Object.entries(headersFor(req.url))) res.setHeader(name, value);
		keepRawErrorsPlain(req, res, headersFor);
		keepNotModifiedBare(res);
		app(req, res);
	});
	server.on('clientError', (error, socket) => answerClientError(error, socket, headersFor));
	await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = request(url, { headers }, (res) => {
			let body = '';
			res.on('data', (chunk) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end();
	});
}

function expectSecurityHeaders(answer: Answer): void {
	expect(answer.headers['x-content-type-options']).toBe('nosniff');
	expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
}

describe('server-headers', () => {
	it('a 304 carries no CSP of its own, so a page kept by the browser keeps its own (a locked one left /offline unstyled)', async () => {
		const base = await serve((req, res) => {
			if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
			res.writeHead(200, { 'content-type': 'text/html', etag: '"v1"', 'content-security-policy': "default-src 'self'" }).end('<p>page</p>');
		});
		const page = await get(`${base}/offline`);
		expect(page.headers['content-security-policy']).toBe("default-src 'self'");
		const notModified = await get(`${base}/offline`, { 'if-none-match': '"v1"' });
		expect(notModified.status).toBe(304);
		expect(notModified.headers['content-security-policy']).toBeUndefined();
		expect(notModified.headers['x-content-type-options']).toBe('nosniff');
	});

	it('Kit’s bare 500 for a header Node refuses (U+000B in a Location) leaves with the headers, a content type and no error text', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		const base = await serve((req, res) => {
			// Headers() lets U+000B through; Node's setHeader does not, and Kit falls back to a bare 500.
			void setResponse(res, new Response(null, { status: 303, headers: { location: '/\u000b/x' } }));
		});
		const answer = await get(`${base}/login?next=x`, { accept: 'text/html' });
		expect(answer.status).toBe(500);
		expectSecurityHeaders(answer);
		expect(answer.body).not.toMatch(/TypeError|ERR_INVALID_CHAR|at /);
		expect(answer.body).toContain('Something went wrong');
		expect(logged.mock.calls.join(' ')).toContain('ERR_INVALID_CHAR');
	});

	it('a refusal written without a content type gets one, and the headers', async () => {
		const base = await serve((req, res) => {
			res.getHeaderNames().forEach((name) => res.removeHeader(name));
			res.statusCode = 400;
			res.end('Bad Request');
		});
		// res.end without writeHead: Node writes the head itself, through writeHead.
		const answer = await get(`${base}/`);
		expect(answer.status).toBe(400);
		expectSecurityHeaders(answer);
		expect(answer.body).toBe('Bad Request');
	});

	it('headers over Node’s limit get a 431 with the headers, not Node’s bare one', async () => {
		const base = await serve((req, res) => res.end('never'));
		const answer = await get(`${base}/`, { 'x-big': 'a'.repeat(20_000) });
		expect(answer.status).toBe(431);
		expectSecurityHeaders(answer);
	});

	it('HSTS only where the configured origin is https; the worker’s script may fetch this site', async () => {
		const headersFor = securityHeaders({ https: true });
		expect(headersFor('/')['strict-transport-security']).toMatch(/max-age=\d{7,}/);
		expect(securityHeaders({ https: false })('/')['strict-transport-security']).toBeUndefined();
		expect(headersFor('/service-worker.js')['content-security-policy']).toContain("default-src 'self'");
		expect(headersFor('/shell.js')['content-security-policy']).toContain("default-src 'none'");
	});
});
