// Serves the adapter-node build with compression: adapter-node compresses only
// the prebuilt static files, not server-rendered pages, and on a costly mobile
// connection every page's bytes count.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import compression from 'compression';

// Defaults anchored to this folder, so the server starts from any working directory.
process.env.MIGRATIONS_DIR ??= fileURLToPath(new URL('./drizzle', import.meta.url));
process.env.DATABASE_URL ||= fileURLToPath(new URL('./data/village-square.db', import.meta.url));
// Room for a notice's nine phone photos (each refused over 10 MB with a message; adapter-node's default is 512 KB).
process.env.BODY_SIZE_LIMIT ??= '96M';

const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);

// adapter-node assumes https unless told the origin (ORIGIN) or a proxy's protocol header
// (PROTOCOL_HEADER). Without either, this process is itself the plain-HTTP front door
// (npm start on a laptop or a village office PC), so say so: form posts are checked
// against this origin and cookies are marked Secure only over https.
const ownProtocolHeader = 'x-village-square-protocol';
const behindProxy = Boolean(process.env.ORIGIN || process.env.PROTOCOL_HEADER);
if (!behindProxy) process.env.PROTOCOL_HEADER = ownProtocolHeader;

const { handler } = await import('./build/handler.js');
const compress = compression({ threshold: 512 });

const server = http.createServer((req, res) => {
	if (!behindProxy) req.headers[ownProtocolHeader] = 'http';
	compress(req, res, () => handler(req, res));
});

server.listen(port, host, () => {
	console.log(`Village Square listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});

function shutdown() {
	server.close(() => process.exit(0));
	// Open keep-alive connections would hold close() forever.
	server.closeIdleConnections();
	setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
