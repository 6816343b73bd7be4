// A session cookie for a demo account, for benches that load pages signed in.

/**
 * Signs in through the login form, as a browser would, and returns the `Cookie` header to send.
 * @param {string} baseURL
 * @param {string} [username] a demo account; they all have the demo password
 * @returns {Promise<string>}
 */
export async function demoSessionCookie(baseURL, username = 'buyer') {
	const response = await fetch(new URL('/login', baseURL), {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(baseURL).origin, accept: 'text/html' },
		body: new URLSearchParams({ username, password: 'village-demo' }),
		redirect: 'manual'
	});
	const cookie = response.headers
		.getSetCookie()
		.map((line) => line.split(';')[0])
		.join('; ');
	if (!cookie.includes('session')) throw new Error(`sign-in as ${username} failed: HTTP ${response.status}`);
	return cookie;
}
