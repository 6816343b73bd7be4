// A flash sale under load: `node bench/flash-sale.js [--attempts 10000] [--stock 100] [--connections 100]`.
// Starts the production build on a fresh demo database, stages one product with `stock`
// units and `attempts` buyers (each with it in their cart and a session of their own),
// then autocannon fires every buyer's checkout once. Prints orders made, units oversold
// (must be 0), 5xx answers, refusals and latency percentiles. Run `npm run build` first.
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import autocannon from 'autocannon';
import { startTestServer } from '../scripts/start-test-server.js';
import { checkoutBody, saleOutcome, stageFlashSale } from '../scripts/flash-sale.js';

const { values } = parseArgs({
	options: {
		attempts: { type: 'string', default: '10000' },
		stock: { type: 'string', default: '100' },
		connections: { type: 'string', default: '100' }
	}
});
const attempts = Number(values.attempts);
const stock = Number(values.stock);
const connections = Number(values.connections);

const server = await startTestServer();
try {
	const db = new Database(server.databasePath);
	db.pragma('busy_timeout = 5000');
	const staged = Date.now();
	const sale = stageFlashSale(db, { buyers: attempts, stock });
	console.log(`Staged ${attempts} buyers and ${stock} units in ${Date.now() - staged} ms`);

	let next = 0;
	const statuses = new Map();
	const result = await autocannon({
		url: server.baseURL,
		connections,
		amount: attempts,
		requests: [
			{
				method: 'POST',
				path: '/checkout',
				// Each attempt is the next buyer: their session cookie and a fresh form with its own key.
				setupRequest: (request) => {
					const buyer = sale.buyers[next++ % sale.buyers.length];
					return {
						...request,
						headers: {
							'content-type': 'application/x-www-form-urlencoded',
							origin: server.baseURL,
							accept: 'text/html',
							cookie: buyer.cookie
						},
						body: checkoutBody(sale.sellerId)
					};
				}
			}
		]
	});
	for (const [code, count] of Object.entries(result.statusCodeStats ?? {})) statuses.set(code, count.count);

	const outcome = saleOutcome(db, sale.productId);
	const orders = db.prepare('SELECT count(*) AS n FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.product_id = ?').get(sale.productId);
	db.close();
	const fivexx = [...statuses].filter(([code]) => code.startsWith('5')).reduce((sum, [, n]) => sum + n, 0);
	console.log(`\nFlash sale: ${attempts} checkout attempts by ${attempts} buyers on ${stock} units, ${connections} connections`);
	console.log(`  orders made:        ${orders.n}`);
	console.log(`  units sold:         ${outcome.units}`);
	console.log(`  stock left:         ${outcome.stock} (${outcome.status})`);
	console.log(`  oversold:           ${Math.max(0, outcome.units - stock)}`);
	console.log(`  answers:            ${[...statuses].map(([code, n]) => `${code}×${n}`).join(', ')}`);
	console.log(`  5xx:                ${fivexx}`);
	console.log(`  errors / timeouts:  ${result.errors} / ${result.timeouts}`);
	console.log(`  latency ms:         p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`);
	console.log(`  requests/s:         ${Math.round(result.requests.average)}`);
	if (outcome.units > stock || fivexx > 0) process.exitCode = 1;
} finally {
	await server.stop();
}
