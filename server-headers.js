// The headers every response needs, and the answers Node and Kit give on their own (below the
// app's hooks) made as safe as the app's: server.js puts them on every response, static files
// and refusals included. Kit's pages replace only the CSP, with their own (nonces).
import http from 'node:http';

/** Files, JSON, feeds, refusals and errors run nothing and are framed by no one. */
const lockedCsp = "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
/** The CSP sent with a worker's script governs the worker, which fetches this site's pages and files. */
const workerCsp = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const workerPath = '/service-worker.js';

/** Below the app there is no language choice: both of the app's languages, Chinese first. */
const serverErrorText = '服务器出错了，请稍后再试。\nSomething went wrong on the server. Please try again later.\n';

/**
 * @typedef {(url: string | undefined) => Record<string, string>} HeadersFor
 * the security headers for a response to `url` (the request's target, as sent)
 */

/**
 * @param {{ https: boolean }} site whether the site's configured origin is https
 * @returns {HeadersFor}
 */
export function securityHeaders({ https }) {
	const always = {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'same-origin',
		'permissions-policy': 'geolocation=(), microphone=(), camera=(), payment=(), usb=(), interest-cohort=()',
		'x-frame-options': 'DENY',
		// Only where the site is https: a laptop demo on plain HTTP must not be pinned to https.
		...(https ? { 'strict-transport-security': 'max-age=31536000' } : {})
	};
	return (url) => ({ ...always, 'content-security-policy': url?.split('?')[0] === workerPath ? workerCsp : lockedCsp });
}

/**
 * A response that cannot go out as planned leaves as a plain page with the security headers on.
 * Kit answers a response Node refuses to write (a header value with a character Node rejects)
 * with every header removed and the error's text as the body; a crash caught by server.js ends
 * the same way. Such a 500 gets the headers back, a content type, and a fixed text; the error's
 * text goes to the log, never to the client. A refusal without a content type (adapter-node's
 * bare 400) gets one.
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {HeadersFor} headersFor
 */
export function keepRawErrorsPlain(req, res, headersFor) {
	const writeHead = res.writeHead;
	/** @type {any} */
	const guarded = function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
		if (status >= 400 && !res.hasHeader('content-type') && !rest.some(namesContentType)) {
			for (const [name, value] of Object.entries(headersFor(req.url))) res.setHeader(name, value);
			res.setHeader('content-type', 'text/plain; charset=utf-8');
			if (status >= 500) replaceBody(req, res);
		}
		return writeHead.call(res, status, ...rest);
	};
	res.writeHead = guarded;
}

/**
 * A 304 refreshes the headers of the copy the browser (or its service worker's fetch) keeps. The
 * locked CSP set for every response would replace a cached page's own and leave it unstyled and
 * without its script, so a 304 carries only the CSP its sender gave it, if any.
 * @param {http.ServerResponse} res
 */
export function keepNotModifiedBare(res) {
	const writeHead = res.writeHead;
	/** @type {any} */
	const guarded = function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
		if (status === 304) res.removeHeader('content-security-policy');
		return writeHead.call(res, status, ...rest);
	};
	res.writeHead = guarded;
}

/** @param {unknown} argument one of writeHead's: a status message or the headers */
function namesContentType(argument) {
	if (Array.isArray(argument)) return argument.some((entry, i) => i % 2 === 0 && String(entry).toLowerCase() === 'content-type');
	return typeof argument === 'object' && argument !== null && Object.keys(argument).some((name) => name.toLowerCase() === 'content-type');
}

/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
function replaceBody(req, res) {
	res.removeHeader('content-length');
	/** @type {(text: string) => http.ServerResponse} */
	const end = res.end.bind(res);
	/** @type {any} */
	const plain = function (/** @type {unknown} */ chunk) {
		if (chunk) console.error(`${req.method} ${req.url}: ${chunk}`);
		return end(serverErrorText);
	};
	res.end = plain;
}

const clientErrorStatus = new Map([
	['HPE_HEADER_OVERFLOW', 431],
	['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413],
	['ERR_HTTP_REQUEST_TIMEOUT', 408]
]);

/**
 * For the server's 'clientError' event: Node answers a request it cannot parse by itself, bare
 * (headers over its 16 KB limit: 431; a malformed request: 400). This answers the same, with the
 * headers of every other response.
 * @param {NodeJS.ErrnoException} error
 * @param {import('node:stream').Duplex} socket
 * @param {HeadersFor} headersFor
 */
export function answerClientError(error, socket, headersFor) {
	if (error.code === 'ECONNRESET' || !socket.writable) {
		socket.destroy();
		return;
	}
	const status = clientErrorStatus.get(error.code ?? '') ?? 400;
	const body = `${http.STATUS_CODES[status]}\n`;
	const headers = {
		...headersFor(undefined),
		'content-type': 'text/plain; charset=utf-8',
		'content-length': String(Buffer.byteLength(body)),
		connection: 'close'
	};
	const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
	socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${lines.join('')}\r\n${body}`);
}
