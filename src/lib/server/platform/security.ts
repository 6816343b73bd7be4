/**
 * A write (any method but GET/HEAD/OPTIONS) that a browser made on behalf of
 * another site. Browsers send Sec-Fetch-Site and Origin on such requests;
 * a request with neither does not come from a browser page and is no CSRF risk.
 */
export function isCrossSiteWrite(request: Request, url: URL): boolean {
	if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return false;
	const site = request.headers.get('sec-fetch-site');
	if (site && site !== 'same-origin' && site !== 'none') return true;
	const origin = request.headers.get('origin');
	return origin !== null && origin !== url.origin;
}

