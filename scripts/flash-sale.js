// A flash sale staged straight in the database, and buyers who storm it: shared by the
// concurrency e2e test (200 buyers, 20 units) and `node bench/flash-sale.js` (10,000, 100).
// Buyers are made in SQL, with sessions as the server makes them (id.secret, SHA-256 of the
// secret stored), because 10,000 sign-ups through argon2 would time the hashing, not the sale.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';

/**
 * @param {import('better-sqlite3').Database} db the server's database, opened read-write
 * @param {{ buyers: number, stock: number, villageSlug?: string }} options
 * @returns {{ productId: number, sellerId: number, buyers: { userId: number, cookie: string }[] }}
 */
export function stageFlashSale(db, { buyers, stock, villageSlug = 'shuwangzhuang' }) {
	const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
	const now = Date.now();
	return db.transaction(() => {
		const village = /** @type {{ id: number }} */ (db.prepare('SELECT id FROM villages WHERE slug = ?').get(villageSlug));
		const addUser = db.prepare("INSERT INTO users (username, display_name, password_hash) VALUES (?, ?, '!') RETURNING id");
		const seller = /** @type {{ id: number }} */ (addUser.get(`flash-seller-${tag}`, '闪购卖家'));
		const product = /** @type {{ id: number }} */ (
			db
				.prepare(
					`INSERT INTO products (village_id, seller_id, title, description, category, unit, price_fen, stock, min_order, shipping, ship_fee_fen, pickup, status, listed_at)
					 VALUES (?, ?, ?, '限时抢购', 'fruit', 'box', 6800, ?, 1, 1, 0, 0, 'listed', ?) RETURNING id`
				)
				.get(village.id, seller.id, `抢购樱桃 ${tag}`, stock, now)
		);
		const addSession = db.prepare('INSERT INTO sessions (id, secret_hash, user_id, created_at, last_verified_at) VALUES (?, ?, ?, ?, ?)');
		const addToCart = db.prepare('INSERT INTO cart_items (user_id, product_id, quantity) VALUES (?, ?, 1)');
		const staged = [];
		for (let i = 0; i < buyers; i++) {
			const user = /** @type {{ id: number }} */ (addUser.get(`flash-buyer-${tag}-${i}`, `买家${i}`));
			const id = randomBytes(15).toString('hex');
			const secret = randomBytes(15).toString('hex');
			addSession.run(id, createHash('sha256').update(secret).digest(), user.id, now, now);
			addToCart.run(user.id, product.id);
			staged.push({ userId: user.id, cookie: `vs_session=${id}.${secret}` });
		}
		return { productId: product.id, sellerId: seller.id, buyers: staged };
	})();
}

/** The checkout form as the page posts it, with a key of its own. @param {number} sellerId */
export function checkoutBody(sellerId) {
	return new URLSearchParams({
		idempotency_key: randomUUID(),
		outbox_label: 'flash',
		name: '抢购买家',
		phone: '13800001111',
		address: '北京市朝阳区幸福路 8 号',
		payment: 'later',
		[`delivery_${sellerId}`]: 'ship'
	}).toString();
}

/**
 * Posts a buyer's checkout on a connection of its own (no keep-alive pool), as
 * separate phones would. Resolves with the status, Location and the time it took.
 * `body` is a form from checkoutBody(); a replay sends the same one (same key).
 * @param {string} baseURL @param {string} cookie @param {number} sellerId @param {string} [body]
 * @returns {Promise<{ status: number, location: string | null, ms: number, body: string }>}
 */
export function postCheckout(baseURL, cookie, sellerId, body = checkoutBody(sellerId)) {
	const url = new URL('/checkout', baseURL);
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{
				method: 'POST',
				agent: false,
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body),
					origin: url.origin,
					accept: 'text/html',
					cookie
				}
			},
			(response) => {
				/** @type {Buffer[]} */
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? null, ms: performance.now() - started, body: Buffer.concat(chunks).toString() })
				);
				response.on('error', reject);
			}
		);
		request.on('error', reject);
		request.end(body);
	});
}

/**
 * What the sale left: orders for the product, units sold, stock left.
 * @param {import('better-sqlite3').Database} db @param {number} productId
 */
export function saleOutcome(db, productId) {
	const sold = /** @type {{ orders: number, units: number | null }} */ (
		db.prepare("SELECT count(DISTINCT o.id) AS orders, sum(l.quantity) AS units FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.product_id = ? AND o.status != 'cancelled'").get(productId)
	);
	const product = /** @type {{ stock: number, status: string }} */ (db.prepare('SELECT stock, status FROM products WHERE id = ?').get(productId));
	return { orders: sold.orders, units: sold.units ?? 0, stock: product.stock, status: product.status };
}
