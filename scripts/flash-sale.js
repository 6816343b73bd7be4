// A flash sale staged straight in the database, and buyers who storm it: shared by the
// concurrency e2e test (200 buyers, 20 units), scripts/crash-rounds.js and `node bench/flash-sale.js`
// (10,000, 100, on SQLite or PostgreSQL). Buyers are made in SQL, with sessions as the server makes
// them (id.secret, SHA-256 of the secret stored), because 10,000 sign-ups through argon2 would time
// the hashing, not the sale.
//
// The staging is written once, as steps that both engines run: a generator yields each statement
// (`?` placeholders, JS booleans and Dates) and gets its rows back. Run on a better-sqlite3
// Database it is synchronous, as the e2e test needs; run on a `pg` client it is a Promise.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';

/** Rows per multi-row INSERT: 4 values a row stays far below either engine's limit on parameters. */
const ROWS_PER_INSERT = 500;

/**
 * @typedef {import('better-sqlite3').Database} SqliteDatabase
 * @typedef {{ query(text: string, values?: unknown[]): Promise<{ rows: any[] }> }} PostgresClient a pg.Client or pg.Pool
 * @typedef {{ sql: string, params: unknown[] }} Statement
 * @typedef {{ productId: number, sellerId: number, buyers: { userId: number, cookie: string }[] }} Sale
 * @typedef {{ orders: number, units: number, stock: number, status: string }} Outcome
 * @typedef {{ orders: number, units: number, buyers: number, mostByOneBuyer: number, sold: number, cap: number, stock: number }} LiveOutcome
 */

/** @param {unknown} db @returns {db is SqliteDatabase} */
const isSqlite = (db) => typeof (/** @type {any} */ (db).prepare) === 'function';

/** SQLite stores booleans as 0/1 and times as integer milliseconds (the app's schema, src/lib/server/platform/db/schema). */
const sqliteValue = (/** @type {unknown} */ value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value instanceof Date ? value.getTime() : value);

/** `?` → `$1, $2, …` for PostgreSQL (no statement here has a `?` inside a string). @param {string} sql */
const numbered = (sql) => {
	let n = 0;
	return sql.replace(/\?/g, () => `$${++n}`);
};

/**
 * Runs the steps a generator yields, in one transaction, on either engine.
 * @template T
 * @param {SqliteDatabase | PostgresClient} db
 * @param {() => Generator<Statement, T, any[]>} steps
 * @returns {T | Promise<T>} the value itself on SQLite, a Promise on PostgreSQL
 */
function run(db, steps) {
	if (isSqlite(db)) {
		return db.transaction(() => {
			const walk = steps();
			for (let step = walk.next([]); ; ) {
				if (step.done) return step.value;
				const { sql, params: values } = /** @type {Statement} */ (step.value);
				/** @type {import('better-sqlite3').Statement<unknown[]>} */
				const statement = db.prepare(sql);
				const params = values.map(sqliteValue);
				step = walk.next(statement.reader ? statement.all(...params) : (statement.run(...params), []));
			}
		})();
	}
	const client = /** @type {PostgresClient} */ (db);
	return (async () => {
		await client.query('BEGIN');
		try {
			const walk = steps();
			for (let step = walk.next([]); ; ) {
				if (step.done) {
					await client.query('COMMIT');
					return step.value;
				}
				const { sql, params } = /** @type {Statement} */ (step.value);
				step = walk.next((await client.query(numbered(sql), params)).rows);
			}
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		}
	})();
}

/**
 * Stages the sale: a seller, one listed product with `stock` units, and `buyers` buyers, each
 * with a session and the product in their cart. Pass a pg.Client (not a Pool: one transaction).
 * @template {SqliteDatabase | PostgresClient} D
 * @param {D} db the server's database, opened read-write
 * @param {{ buyers: number, stock: number, villageSlug?: string }} options
 * @returns {D extends SqliteDatabase ? Sale : Promise<Sale>}
 */
export function stageFlashSale(db, { buyers, stock, villageSlug = 'shuwangzhuang' }) {
	const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
	const now = new Date();
	return /** @type {any} */ (
		run(db, function* () {
			const [village] = yield { sql: 'SELECT id FROM villages WHERE slug = ?', params: [villageSlug] };
			if (!village) throw new Error(`no village ${villageSlug} to stage the sale in`);
			const [seller] = yield { sql: "INSERT INTO users (username, display_name, password_hash) VALUES (?, ?, '!') RETURNING id", params: [`flash-seller-${tag}`, '闪购卖家'] };
			const [product] = yield {
				sql: `INSERT INTO products (village_id, seller_id, title, description, category, unit, price_fen, stock, min_order, shipping, ship_fee_fen, pickup, status, listed_at)
				      VALUES (?, ?, ?, '限时抢购', 'fruit', 'box', 6800, ?, 1, ?, 0, ?, 'listed', ?) RETURNING id`,
				params: [village.id, seller.id, `抢购樱桃 ${tag}`, stock, true, false, now]
			};
			/** @type {Sale['buyers']} */
			const staged = [];
			for (let first = 0; first < buyers; first += ROWS_PER_INSERT) {
				const count = Math.min(ROWS_PER_INSERT, buyers - first);
				const names = Array.from({ length: count }, (_, i) => `flash-buyer-${tag}-${first + i}`);
				/** @type {{ id: number, username: string }[]} */
				const users = yield {
					sql: `INSERT INTO users (username, display_name, password_hash) VALUES ${names.map(() => "(?, ?, '!')").join(', ')} RETURNING id, username`,
					params: names.flatMap((name, i) => [name, `买家${first + i}`])
				};
				// RETURNING promises no order: match the rows back by name.
				const ids = new Map(users.map((user) => [user.username, user.id]));
				const batch = names.map((name) => {
					const id = randomBytes(15).toString('hex');
					const secret = randomBytes(15).toString('hex');
					return { userId: /** @type {number} */ (ids.get(name)), id, hash: createHash('sha256').update(secret).digest(), cookie: `vs_session=${id}.${secret}` };
				});
				yield {
					sql: `INSERT INTO sessions (id, secret_hash, user_id, created_at, last_verified_at) VALUES ${batch.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
					params: batch.flatMap((b) => [b.id, b.hash, b.userId, now, now])
				};
				yield {
					sql: `INSERT INTO cart_items (user_id, product_id, quantity, added_at) VALUES ${batch.map(() => '(?, ?, 1, ?)').join(', ')}`,
					params: batch.flatMap((b) => [b.userId, product.id, now])
				};
				for (const b of batch) staged.push({ userId: b.userId, cookie: b.cookie });
			}
			return { productId: product.id, sellerId: seller.id, buyers: staged };
		})
	);
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
 * Posts a form on a connection of its own (no keep-alive pool), as separate phones would.
 * Resolves with the status, Location and the time it took.
 * @param {string} baseURL @param {string} path @param {string} cookie @param {string} body
 * @returns {Promise<{ status: number, location: string | null, ms: number, body: string }>}
 */
export function postForm(baseURL, path, cookie, body) {
	const url = new URL(path, baseURL);
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
 * Posts a buyer's checkout; a replay sends the same body (same key).
 * @param {string} baseURL @param {string} cookie @param {number} sellerId @param {string} [body]
 */
export function postCheckout(baseURL, cookie, sellerId, body = checkoutBody(sellerId)) {
	return postForm(baseURL, '/checkout', cookie, body);
}

/**
 * Makes the staged product a live sale's featured product, the sale live now, hosted by its
 * seller (who gets a session, to post moments): for bench/live.js.
 * @template {SqliteDatabase | PostgresClient} D
 * @param {D} db @param {Sale} sale @param {{ cap: number, perBuyerLimit: number, villageSlug?: string }} options
 * @returns {D extends SqliteDatabase ? { saleId: number, itemId: number, hostCookie: string } : Promise<{ saleId: number, itemId: number, hostCookie: string }>}
 */
export function stageLiveSale(db, sale, { cap, perBuyerLimit, villageSlug = 'shuwangzhuang' }) {
	const now = new Date();
	return /** @type {any} */ (
		run(db, function* () {
			const [village] = yield { sql: 'SELECT id FROM villages WHERE slug = ?', params: [villageSlug] };
			const [live] = yield {
				sql: `INSERT INTO live_sales (village_id, host_id, cooperative, title, description, status, starts_at, planned_end_at, started_at, created_at, updated_at)
				      VALUES (?, ?, ?, '抢购直播', '', 'live', ?, ?, ?, ?, ?) RETURNING id`,
				params: [village.id, sale.sellerId, false, now, new Date(now.getTime() + 2 * 3600_000), now, now, now]
			};
			const [item] = yield {
				sql: 'INSERT INTO live_items (live_sale_id, product_id, position, flash_price_fen, flash_cap, sold, per_buyer_limit) VALUES (?, ?, 0, 5800, ?, 0, ?) RETURNING id',
				params: [live.id, sale.productId, cap, perBuyerLimit]
			};
			const id = randomBytes(15).toString('hex');
			const secret = randomBytes(15).toString('hex');
			yield {
				sql: 'INSERT INTO sessions (id, secret_hash, user_id, created_at, last_verified_at) VALUES (?, ?, ?, ?, ?)',
				params: [id, createHash('sha256').update(secret).digest(), sale.sellerId, now, now]
			};
			return { saleId: live.id, itemId: item.id, hostCookie: `vs_session=${id}.${secret}` };
		})
	);
}

/**
 * What a live sale's featured product left: standing orders and units, the flash units sold,
 * the stock, and the most units any one buyer holds.
 * @template {SqliteDatabase | PostgresClient} D
 * @param {D} db @param {number} itemId
 * @returns {D extends SqliteDatabase ? LiveOutcome : Promise<LiveOutcome>}
 */
export function liveOutcome(db, itemId) {
	return /** @type {any} */ (
		run(db, function* () {
			const [orders] = yield {
				sql: "SELECT count(*) AS orders, sum(lo.quantity) AS units, count(DISTINCT lo.buyer_id) AS buyers FROM live_orders lo JOIN orders o ON o.id = lo.order_id WHERE lo.live_item_id = ? AND o.status != 'cancelled'",
				params: [itemId]
			};
			const [most] = yield { sql: 'SELECT max(quantity) AS most FROM live_buyer_totals WHERE live_item_id = ?', params: [itemId] };
			const [item] = yield { sql: 'SELECT i.sold, i.flash_cap AS cap, p.stock FROM live_items i JOIN products p ON p.id = i.product_id WHERE i.id = ?', params: [itemId] };
			return { orders: Number(orders.orders), units: Number(orders.units ?? 0), buyers: Number(orders.buyers), mostByOneBuyer: Number(most.most ?? 0), sold: item.sold, cap: item.cap, stock: item.stock };
		})
	);
}

/**
 * What the sale left: orders for the product, units sold, stock left.
 * @template {SqliteDatabase | PostgresClient} D
 * @param {D} db @param {number} productId
 * @returns {D extends SqliteDatabase ? Outcome : Promise<Outcome>}
 */
export function saleOutcome(db, productId) {
	return /** @type {any} */ (
		run(db, function* () {
			const [sold] = yield {
				sql: "SELECT count(DISTINCT o.id) AS orders, sum(l.quantity) AS units FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.product_id = ? AND o.status != 'cancelled'",
				params: [productId]
			};
			const [product] = yield { sql: 'SELECT stock, status FROM products WHERE id = ?', params: [productId] };
			// PostgreSQL's count() and sum() are int8, which pg hands over as strings.
			return { orders: Number(sold.orders), units: Number(sold.units ?? 0), stock: product.stock, status: product.status };
		})
	);
}
