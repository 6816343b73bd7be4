/**
 * The site's public address, for every absolute URL it hands out (the Atom feed, share links,
 * QR codes). It comes from configuration only, never from a request: a Host header is whatever
 * the client wrote, and the feed is cached publicly. server.js refuses to start production
 * without ORIGIN; a demo without it is served at http://localhost:PORT.
 */
export function publicOrigin(): string {
	return process.env.ORIGIN || `http://localhost:${process.env.PORT || 3000}`;
}

/** An absolute URL on this site for `path` (which starts with `/`). */
export function publicUrl(path: string): string {
	return new URL(path, publicOrigin()).href;
}
