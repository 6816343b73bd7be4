// No overselling, proven over real HTTP: many buyers, each on a connection of their own,
// check out the same product at once. Exactly the stock is sold; everyone else is told why.
import { expect, test } from 'vitest';
import { inject } from 'vitest';
import { postCheckout, saleOutcome, stageFlashSale } from '../../scripts/flash-sale.js';
import { readDatabase, writeDatabase } from './support/database';

test('200 buyers at once for 20 units: 20 orders, stock 0, 180 clear refusals, no 5xx', async () => {
	const sale = writeDatabase((db) => stageFlashSale(db, { buyers: 200, stock: 20 }));
	const results = await Promise.all(sale.buyers.map((buyer) => postCheckout(inject('baseURL'), buyer.cookie, sale.sellerId)));

	const statuses = results.map((r) => r.status);
	expect(statuses.filter((s) => s >= 500)).toEqual([]);
	expect(statuses.filter((s) => s === 303)).toHaveLength(20);
	const refused = results.filter((r) => r.status === 409);
	expect(refused).toHaveLength(180);
	// A refusal is the checkout page again, saying plainly what happened.
	for (const r of refused) expect(r.body).toMatch(/role="alert"[^>]*>(?:<!---->)?[^<]*(卖完|只剩)/);

	const outcome = readDatabase((db) => saleOutcome(db, sale.productId));
	expect(outcome).toEqual({ orders: 20, units: 20, stock: 0, status: 'sold_out' });
	// Every winner has exactly one order; nobody has a half-made one.
	const perBuyer = readDatabase(
		(db) =>
			db
				.prepare('SELECT o.buyer_id AS buyer, count(*) AS n, sum(o.total_fen) AS total FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE l.product_id = ? GROUP BY o.buyer_id')
				.all(sale.productId) as { buyer: number; n: number; total: number }[]
	);
	expect(perBuyer).toHaveLength(20);
	expect(perBuyer.every((row) => row.n === 1 && row.total === 6800)).toBe(true);
});
