// The verifier as a JavaScript module for /charity/verify's script (CSP: script-src 'self').
import type { RequestHandler } from './$types';
import { verifierSource } from '../verifier-module.server';

export const GET: RequestHandler = () =>
	new Response(verifierSource, {
		// The page asks for it by an address that names its content (verifierUrl).
		headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' }
	});
