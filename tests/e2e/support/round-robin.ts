// A round robin in front of several app processes, as a load balancer in front of several
// machines would be: each new request goes to the next process, so one page load, its form
// post and the service worker's replay may each be served by a different one.
import http from 'node:http';
import { once } from 'node:events';

export interface RoundRobin {
	/** e.g. `http://127.0.0.1:41234` */
	url: string;
	/** The processes to take turns between; until set, every request is answered 503. */
	setTargets(urls: string[]): void;
	close(): Promise<void>;
}

export async function startRoundRobin(): Promise<RoundRobin> {
	let targets: URL[] = [];
	let turn = 0;
	const agent = new http.Agent({ keepAlive: true });
	const server = http.createServer((request, response) => {
		if (targets.length === 0) return void response.writeHead(503).end('no app process yet');
		const target = targets[turn++ % targets.length];
		const upstream = http.request(
			{ hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers, agent },
			(answer) => {
				response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
				answer.pipe(response);
			}
		);
		upstream.on('error', () => (response.headersSent ? response.destroy() : response.writeHead(502).end()));
		// A browser that goes away (offline, a closed page) ends the request upstream too.
		response.on('close', () => {
			if (!response.writableFinished) upstream.destroy();
		});
		request.pipe(upstream);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const address = server.address();
	if (typeof address !== 'object' || !address) throw new Error('the round robin has no port');
	return {
		url: `http://127.0.0.1:${address.port}`,
		setTargets(urls) {
			targets = urls.map((url) => new URL(url));
		},
		async close() {
			server.closeAllConnections();
			agent.destroy();
			await new Promise((resolve) => server.close(resolve));
		}
	};
}
