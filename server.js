// Serves the adapter-node build with compression: adapter-node compresses only
// the prebuilt static files, not server-rendered pages, and on a costly mobile
// connection every page's bytes count.
import http from 'node:http';
import compression from 'compression';

const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);

const { handler } = await import('./build/handler.js');
const compress = compression({ threshold: 512 });

const server = http.createServer((req, res) => {
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
