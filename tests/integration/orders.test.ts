import { describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { cartItems, db, transaction, notifications, orderEvents, orderLines, orders, products, reviews, teams, type Product, type User } from '$lib/server/platform/db';
import { addToCart, readCart, removeFromCart } from '$lib/server/market/cart';
import { cartCookieName, cartOwnerOf, changeCart, formatCartCookie, mergeCartOnSignIn, parseCartCookie, type CartEvent } from '$lib/server/web/cart';
import { placeOrders } from '$lib/server/market/checkout';
import { parseAddToCartForm, parseCheckoutForm, parseReviewForm } from '$lib/market/forms';
import { actOnOrder, availableActions, findOrder } from '$lib/server/market/order-states';
import { listOrderLines, orderTimeline } from '$lib/server/market/order-lists';
import { dissolveExpiredTeams, placeTeamOrder, teamMemberCount } from '$lib/server/market/teams';
import { reviewOrder } from '$lib/server/market/reviews';
import { transferReference } from '$lib/server/market/payments';
import { insertProduct, makeSeller, makeUser, teamCheckout } from './factories';
import { refusal } from './refusal';
import { asFile, plainImage } from './image-files';

/** A cookie jar as SvelteKit's `cookies` looks to the cart: get, set, delete. */
function cookieJar(initial: Record<string, string> = {}): Cookies & { values: Map<string, string> } {
	const values = new Map(Object.entries(initial));
	return {
		values,
		get: (name: string) => values.get(name),
		getAll: () => [...values].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string) => void values.set(name, value),
		delete: (name: string) => void values.delete(name),
		serialize: () => ''
	} as Cookies & { values: Map<string, string> };
}

const owner = (user: User) => ({ userId: user.id });
const contact = { name: '陈先生', phone: '138 1234 5678', address: '北京市朝阳区幸福路 8 号', payment: 'later' };
const stockOf = async (product: Product) => (await db.select().from(products).where(eq(products.id, product.id)))[0]!;
const countOrders = async () => (await db.select({ n: count() }).from(orders))[0]!.n;

async function buyer(): Promise<User> {
	return makeUser();
}

/** A buyer's cart with these lines, checked out with the usual contact and delivery by courier. */
async function checkout(user: User, lines: [Product, number][], extra: Record<string, string> = {}) {
	const me = owner(user);
	for (const [product, quantity] of lines) await addToCart(me, { productId: product.id, quantity });
	const deliveries = Object.fromEntries(lines.map(([product]) => [`delivery_${product.sellerId}`, 'ship']));
	return await placeOrders(me, parseCheckoutForm({ ...contact, ...deliveries, ...extra }));
}

describe('placing orders', () => {
	it('makes one order per seller, priced by the listing, with the fee once per order', async () => {
		const { seller: a, village: villageA } = await makeSeller();
		const { seller: b, village: villageB } = await makeSeller();
		const cherries = await insertProduct(villageA, a, { priceFen: 1250, stock: 50, shipFeeFen: 800 });
		const boxes = await insertProduct(villageA, a, { priceFen: 9900, stock: 5, shipFeeFen: 1200 });
		const honey = await insertProduct(villageB, b, { priceFen: 4500, stock: 10, shipFeeFen: 0 });
		const me = await buyer();
		const placed = await checkout(me, [
			[cherries, 3],
			[boxes, 1],
			[honey, 2]
		]);
		expect(placed.orderIds).toHaveLength(2);
		const [first, second] = await Promise.all(placed.orderIds.map(async (id) => (await findOrder(id))!));
		expect(first.sellerId).toBe(a.id);
		// One parcel per seller: the larger fee of its products, not both.
		expect(first).toMatchObject({ subtotalFen: 3 * 1250 + 9900, shipFeeFen: 1200, totalFen: 3 * 1250 + 9900 + 1200, status: 'placed' });
		expect(first.recipientPhone).toBe('13812345678');
		expect(second).toMatchObject({ subtotalFen: 9000, shipFeeFen: 0, totalFen: 9000 });
		expect((await stockOf(cherries)).stock).toBe(47);
		expect((await stockOf(boxes)).stock).toBe(4);
		expect(await readCart(owner(me))).toEqual([]);
		// The seller hears of it; the timeline starts with "placed".
		expect((await db.select().from(notifications).where(eq(notifications.userId, a.id))).map((n) => n.kind)).toEqual(['order.placed']);
		expect((await orderTimeline(first.id)).map((e) => e.status)).toEqual(['placed']);
	});

	it("uses the server's price whatever the form says, and refuses a price the buyer was not shown", async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { priceFen: 2000, stock: 10 });
		const me = await buyer();
		// A price typed into the form is not a field the order reads.
		const placed = await checkout(me, [[product, 2]], { priceFen: '1', unitPriceFen: '1', total: '1' });
		expect((await findOrder(placed.orderIds[0]))!.totalFen).toBe(4000 + product.shipFeeFen);

		// The seller raises the price after the buyer opened the checkout: nothing is ordered.
		const before = await countOrders();
		await transaction((tx) => tx.update(products).set({ priceFen: 2600 }).where(eq(products.id, product.id)));
		const error = await refusal(() => checkout(me, [[product, 1]], { [`seen_price_${product.id}`]: '2000' }));
		expect(error.status).toBe(409);
		expect(error.message).toContain('变');
		expect(await countOrders()).toBe(before);
		expect((await stockOf(product)).stock).toBe(8);
	});

	it('refuses more than the stock, less than the minimum, and paused or archived listings, changing nothing', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 3, minOrder: 2 });
		const me = await buyer();
		const cart = owner(me);
		expect((await refusal(() => addToCart(cart, { productId: product.id, quantity: 5 }))).message).toContain('只剩 3');
		expect((await refusal(() => addToCart(cart, { productId: product.id, quantity: 1 }))).message).toContain('2');
		expect((await refusal(() => addToCart(cart, parseAddToCartForm({ productId: String(product.id), quantity: '1.5' })))).message).toContain('整数');
		expect((await refusal(() => addToCart(cart, parseAddToCartForm({ productId: String(product.id), quantity: '-2' })))).message).toContain('整数');
		await addToCart(cart, { productId: product.id, quantity: 3 });
		// Someone else buys two meanwhile: the cart's three are no longer there.
		await transaction((tx) => tx.update(products).set({ stock: 1 }).where(eq(products.id, product.id)));
		const before = await countOrders();
		const error = await refusal(() => placeOrders(cart, parseCheckoutForm({ ...contact, [`delivery_${seller.id}`]: 'ship' })));
		expect(error.status).toBe(409);
		expect(error.message).toContain('只剩 1');
		expect(await countOrders()).toBe(before);
		expect((await stockOf(product)).stock).toBe(1);

		await transaction((tx) => tx.update(products).set({ stock: 10, status: 'paused' }).where(eq(products.id, product.id)));
		expect((await refusal(() => placeOrders(cart, parseCheckoutForm({ ...contact, [`delivery_${seller.id}`]: 'ship' })))).message).toContain('暂停');
		await transaction((tx) => tx.update(products).set({ status: 'archived' }).where(eq(products.id, product.id)));
		expect((await refusal(() => addToCart(cart, { productId: product.id, quantity: 2 }))).message).toContain('下架');
		expect(await countOrders()).toBe(before);
	});

	it('takes the last unit, marks the listing sold out, and never lets stock go below zero', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 2 });
		await checkout(await buyer(), [[product, 2]]);
		expect(await stockOf(product)).toMatchObject({ stock: 0, status: 'sold_out' });
		// The database itself refuses: SQLite says "CHECK constraint failed", PostgreSQL "violates check constraint".
		const refused = await transaction((tx) => tx.update(products).set({ stock: -1 }).where(eq(products.id, product.id))).catch((error: Error) => error);
		expect(String((refused as Error & { cause?: Error }).cause?.message ?? refused)).toMatch(/check constraint/i);
	});

	it('refuses a checkout without a phone, a name, or an address for delivery, changing nothing', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 5 });
		const me = await buyer();
		const cart = owner(me);
		await addToCart(cart, { productId: product.id, quantity: 1 });
		const delivery = { [`delivery_${seller.id}`]: 'ship' };
		expect((await refusal(() => placeOrders(cart, parseCheckoutForm({ ...contact, ...delivery, phone: '12' })))).message).toContain('手机号');
		expect((await refusal(() => placeOrders(cart, parseCheckoutForm({ ...contact, ...delivery, name: ' ' })))).message).toContain('姓名');
		expect((await refusal(() => placeOrders(cart, parseCheckoutForm({ ...contact, ...delivery, address: '' })))).message).toContain('地址');
		expect((await refusal(() => placeOrders(cart, parseCheckoutForm({ ...contact, [`delivery_${seller.id}`]: 'teleport' })))).message).toContain('怎么送');
		expect((await stockOf(product)).stock).toBe(5);
		expect(await readCart(cart)).toHaveLength(1);
	});

	it('gives a bank transfer a reference the seller can match', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 5 });
		const placed = await checkout(await buyer(), [[product, 1]], { payment: 'transfer' });
		const order = (await findOrder(placed.orderIds[0]))!;
		expect(order.paymentMethod).toBe('transfer');
		expect(order.paymentReference).toBe(transferReference(order.id));
	});
});

describe('the cart', () => {
	it('reads a visitor cookie leniently and merges it into the account on sign-in, keeping the larger quantity', async () => {
		expect(parseCartCookie('12x3.abc.0x1.13x0.14x2.12x5')).toEqual([
			{ productId: 12, quantity: 5 },
			{ productId: 14, quantity: 2 }
		]);
		const { seller, village } = await makeSeller();
		const a = await insertProduct(village, seller, { stock: 20 });
		const b = await insertProduct(village, seller, { stock: 20 });
		const me = await buyer();
		await addToCart(owner(me), { productId: a.id, quantity: 4 });
		const jar = cookieJar({ [cartCookieName]: formatCartCookie([{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 3 }, { productId: 999999, quantity: 1 }]) });
		await mergeCartOnSignIn({ userId: me.id, cookies: jar });
		expect(jar.values.has(cartCookieName)).toBe(false);
		expect((await readCart(owner(me))).sort((x, y) => x.productId - y.productId)).toEqual([
			{ productId: a.id, quantity: 4 },
			{ productId: b.id, quantity: 3 }
		]);
	});

	it("keeps a visitor's cart in the cookie", async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 20 });
		const jar = cookieJar();
		const visit: CartEvent = { locals: { user: null }, cookies: jar, url: new URL('http://localhost/cart') };
		await changeCart(visit, (visitor) => addToCart(visitor, { productId: product.id, quantity: 2 }));
		await changeCart(visit, (visitor) => addToCart(visitor, { productId: product.id, quantity: 1 }));
		expect(jar.values.get(cartCookieName)).toBe(`${product.id}x3`);
		expect(await readCart(cartOwnerOf(visit))).toEqual([{ productId: product.id, quantity: 3 }]);
		await changeCart(visit, (visitor) => removeFromCart(visitor, [product.id]));
		expect(jar.values.has(cartCookieName)).toBe(false);
		expect((await db.select({ n: count() }).from(cartItems))[0]!.n).toBeGreaterThanOrEqual(0);
	});
});

describe('after the order', () => {
	async function placedOrder(fields: Record<string, string> = {}) {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 10 });
		const me = await buyer();
		const order = (await findOrder((await checkout(me, [[product, 4]], fields)).orderIds[0]))!;
		return { seller, product, me, order };
	}

	it('goes placed → confirmed → shipped → delivered → completed, each step by its side, each on the timeline and told to the other side', async () => {
		const { seller, me, order } = await placedOrder();
		expect(availableActions(order, 'buyer')).toEqual(['cancel']);
		expect((await refusal(() => actOnOrder(me.id, order.id, { action: 'confirm', note: '' }))).status).toBe(403);
		await actOnOrder(seller.id, order.id, { action: 'confirm', note: '' });
		expect((await refusal(() => actOnOrder(seller.id, order.id, { action: 'ship', note: '' }))).message).toContain('单号');
		await actOnOrder(seller.id, order.id, { action: 'ship', note: '中通 7312 0045 8861' });
		await actOnOrder(seller.id, order.id, { action: 'deliver', note: '' });
		await actOnOrder(me.id, order.id, { action: 'complete', note: '' });
		expect(await findOrder(order.id)).toMatchObject({ status: 'completed', trackingNote: '中通 7312 0045 8861' });
		expect((await orderTimeline(order.id)).map((e) => e.status)).toEqual(['placed', 'confirmed', 'shipped', 'delivered', 'completed']);
		const told = (await db.select().from(notifications).where(eq(notifications.userId, me.id)));
		expect(told.filter((n) => n.kind === 'order.status').map((n) => n.params.status)).toEqual(['confirmed', 'shipped', 'delivered']);
		// A step that no longer applies says so rather than running again.
		expect((await refusal(() => actOnOrder(seller.id, order.id, { action: 'confirm', note: '' }))).status).toBe(409);
	});

	it('shows an order to its two sides only', async () => {
		const { order } = await placedOrder();
		const stranger = await makeUser();
		expect((await refusal(() => actOnOrder(stranger.id, order.id, { action: 'cancel', note: '' }))).status).toBe(404);
	});

	it('restores the stock of a cancelled order exactly once', async () => {
		const { seller, product, me, order } = await placedOrder();
		expect((await stockOf(product)).stock).toBe(6);
		expect((await refusal(() => actOnOrder(seller.id, order.id, { action: 'decline', note: '' }))).message).toContain('原因');
		await actOnOrder(me.id, order.id, { action: 'cancel', note: '买错了' });
		expect((await stockOf(product)).stock).toBe(10);
		expect((await refusal(() => actOnOrder(me.id, order.id, { action: 'cancel', note: '' }))).status).toBe(409);
		expect((await refusal(() => actOnOrder(seller.id, order.id, { action: 'decline', note: '没货了' }))).status).toBe(409);
		expect((await stockOf(product)).stock).toBe(10);
	});

	it('makes a sold-out listing available again when an order is cancelled', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 2 });
		const order = (await findOrder((await checkout(await buyer(), [[product, 2]])).orderIds[0]))!;
		expect((await stockOf(product)).status).toBe('sold_out');
		await actOnOrder(seller.id, order.id, { action: 'decline', note: '樱桃被雨打坏了' });
		expect(await stockOf(product)).toMatchObject({ stock: 2, status: 'listed' });
		expect((await findOrder(order.id))!.cancelReason).toBe('樱桃被雨打坏了');
	});

	it('holds a transfer order until the seller confirms the money, and refunds only what was paid', async () => {
		const { seller, order } = await placedOrder({ payment: 'transfer' });
		await actOnOrder(seller.id, order.id, { action: 'confirm', note: '' });
		expect((await refusal(() => actOnOrder(seller.id, order.id, { action: 'ship', note: '顺丰 1234' }))).message).toContain('转账');
		await actOnOrder(seller.id, order.id, { action: 'markPaid', note: '' });
		expect((await refusal(() => actOnOrder(seller.id, order.id, { action: 'markPaid', note: '' }))).status).toBe(409);
		await actOnOrder(seller.id, order.id, { action: 'ship', note: '顺丰 1234' });
		const unpaid = await placedOrder();
		await actOnOrder(unpaid.seller.id, unpaid.order.id, { action: 'decline', note: '缺货' });
		expect((await refusal(() => actOnOrder(unpaid.seller.id, unpaid.order.id, { action: 'refund', note: '微信退回' }))).status).toBe(409);
		expect(availableActions((await findOrder(unpaid.order.id))!, 'seller')).toEqual([]);
	});
});

describe('team purchase', () => {
	const teamFields = (sellerId: number) => ({ ...contact, [`delivery_${sellerId}`]: 'ship', quantity: '2' });

	async function teamProduct() {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { priceFen: 3000, stock: 20, teamSize: 3, teamPriceFen: 2200, teamHours: 24 });
		return { seller, product };
	}

	it('goes ahead for everyone at the team price when the third buyer joins', async () => {
		const { seller, product } = await teamProduct();
		const start = new Date();
		const first = await placeTeamOrder((await buyer()).id, teamCheckout(product.id, { kind: 'new' }, teamFields(seller.id)), start);
		expect(first.order.status).toBe('teaming');
		expect((await stockOf(product)).stock).toBe(18);
		const second = await placeTeamOrder((await buyer()).id, teamCheckout(product.id, { kind: 'join', teamId: first.team.id }, teamFields(seller.id)), start);
		expect(second.order.status).toBe('teaming');
		const third = await placeTeamOrder((await buyer()).id, teamCheckout(product.id, { kind: 'join', teamId: first.team.id }, teamFields(seller.id)), start);
		expect(third.team.status).toBe('complete');
		const members = (await db.select().from(orders).where(eq(orders.teamId, first.team.id)));
		expect(members.map((o) => o.status)).toEqual(['placed', 'placed', 'placed']);
		for (const order of members) expect((await listOrderLines(order.id))[0]).toMatchObject({ unitPriceFen: 2200, quantity: 2, lineTotalFen: 4400 });
		expect((await stockOf(product)).stock).toBe(14);
		// A full team takes nobody else.
		const late = await refusal(() => placeTeamOrder(seller.id + 100000, teamCheckout(product.id, { kind: 'join', teamId: first.team.id }, teamFields(seller.id))));
		expect(late.message).toContain('满');
	});

	it('dissolves a team of 3 that only two joined when its window ends: both cancelled, stock back, nobody pays', async () => {
		const { seller, product } = await teamProduct();
		const start = new Date(Date.now() - 25 * 60 * 60 * 1000);
		const me = await buyer();
		const first = await placeTeamOrder(me.id, teamCheckout(product.id, { kind: 'new' }, teamFields(seller.id)), start);
		await placeTeamOrder((await buyer()).id, teamCheckout(product.id, { kind: 'join', teamId: first.team.id }, teamFields(seller.id)), start);
		expect((await stockOf(product)).stock).toBe(16);
		expect(await dissolveExpiredTeams()).toBeGreaterThanOrEqual(1);
		expect((await db.select().from(teams).where(eq(teams.id, first.team.id)))[0]!.status).toBe('dissolved');
		const members = (await db.select().from(orders).where(eq(orders.teamId, first.team.id)));
		expect(members.map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
		expect(members.every((o) => o.paidAt === null)).toBe(true);
		expect((await stockOf(product)).stock).toBe(20);
		// A second sweep changes nothing.
		await dissolveExpiredTeams();
		expect((await stockOf(product)).stock).toBe(20);
		expect((await db.select().from(notifications).where(eq(notifications.userId, me.id))).some((n) => n.kind === 'team.dissolved')).toBe(true);
		// And the ended team cannot be joined.
		const late = await refusal(async () => placeTeamOrder((await buyer()).id, teamCheckout(product.id, { kind: 'join', teamId: first.team.id }, teamFields(seller.id))));
		expect(late.message).toContain('解散');
		expect(await teamMemberCount(first.team.id)).toBe(0);
	});

	it('lets nobody join the same team twice', async () => {
		const { seller, product } = await teamProduct();
		const me = await buyer();
		const first = await placeTeamOrder(me.id, teamCheckout(product.id, { kind: 'new' }, teamFields(seller.id)));
		expect((await refusal(() => placeTeamOrder(me.id, teamCheckout(product.id, { kind: 'join', teamId: first.team.id }, teamFields(seller.id))))).message).toContain('已经在');
	});
});

describe('reviews', () => {
	it('come after completion, once, with 1 to 5 stars, and move the product average', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 10 });
		const me = await buyer();
		const order = (await findOrder((await checkout(me, [[product, 1]])).orderIds[0]))!;
		/** The review form as the buyer posts it, read by the page's parser. */
		const review = async (userId: number, fields: Record<string, string>, photo?: File) =>
			reviewOrder(userId, order.id, parseReviewForm({ productId: String(product.id), ...fields }), photo);
		expect((await refusal(review(me.id, { rating: '5' }))).message).toContain('完成后');
		await actOnOrder(seller.id, order.id, { action: 'confirm', note: '' });
		await actOnOrder(seller.id, order.id, { action: 'ship', note: '邮政 9988' });
		await actOnOrder(me.id, order.id, { action: 'complete', note: '' });
		expect((await refusal(review(me.id, { rating: '6' }))).message).toContain('1 到 5');
		expect((await refusal(review(seller.id, { rating: '5' }))).status).toBe(404);
		await review(me.id, { rating: '4', comment: '很甜' }, asFile(await plainImage(400, 300, 'jpeg'), 'review.jpg'));
		expect((await refusal(review(me.id, { rating: '5' }))).message).toContain('评价过');
		expect(await stockOf(product)).toMatchObject({ reviewCount: 1, ratingTotal: 4 });
		expect((await db.select().from(reviews).where(eq(reviews.orderId, order.id)))[0]!.photoId).not.toBeNull();
		expect((await db.select({ n: count() }).from(orderEvents).where(eq(orderEvents.orderId, order.id)))[0]!.n).toBe(4);
		expect((await db.select({ n: count() }).from(orderLines).where(eq(orderLines.orderId, order.id)))[0]!.n).toBe(1);
	});
});

describe('what the buyer saw is what is ordered', () => {
	it('refuses a checkout whose cart changed since the form was shown (another tab, a late replay)', async () => {
		const { seller, village } = await makeSeller();
		const honey = await insertProduct(village, seller, { stock: 50 });
		const eggs = await insertProduct(village, seller, { stock: 50 });
		const me = await buyer();
		await addToCart({ userId: me.id }, { productId: honey.id, quantity: 2 });
		const seen = { [`seen_qty_${honey.id}`]: '2', [`seen_price_${honey.id}`]: String(honey.priceFen) };
		const fields = { ...contact, [`delivery_${seller.id}`]: 'ship', ...seen };
		// Meanwhile, in another tab: more honey, and eggs.
		await addToCart({ userId: me.id }, { productId: honey.id, quantity: 3 });
		const before = await countOrders();
		expect((await refusal(() => placeOrders({ userId: me.id }, parseCheckoutForm(fields)))).message).toContain('购物车');
		await transaction((tx) => tx.update(cartItems).set({ quantity: 2 }).where(eq(cartItems.productId, honey.id)));
		await addToCart({ userId: me.id }, { productId: eggs.id, quantity: 1 });
		expect((await refusal(() => placeOrders({ userId: me.id }, parseCheckoutForm(fields)))).status).toBe(409);
		expect(await countOrders()).toBe(before);
		expect((await stockOf(honey)).stock).toBe(50);
		await removeFromCart({ userId: me.id }, [eggs.id]);
		const placed = await placeOrders({ userId: me.id }, parseCheckoutForm(fields));
		expect(await listOrderLines(placed.orderIds[0])).toMatchObject([{ productId: honey.id, quantity: 2 }]);
	});

	it('holds a cart line to a minimum the seller raised after it was added', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 50, minOrder: 1 });
		const me = await buyer();
		await addToCart({ userId: me.id }, { productId: product.id, quantity: 1 });
		await transaction((tx) => tx.update(products).set({ minOrder: 5 }).where(eq(products.id, product.id)));
		expect((await refusal(() => placeOrders({ userId: me.id }, parseCheckoutForm({ ...contact, [`delivery_${seller.id}`]: 'ship' })))).message).toContain('5');
		expect((await stockOf(product)).stock).toBe(50);
	});
});

describe('leaving a team', () => {
	it('gives the stock back, tells the seller nothing, and ends a team nobody is left in', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { priceFen: 3000, stock: 20, teamSize: 3, teamPriceFen: 2200, teamHours: 24 });
		const me = await buyer();
		const fields = { ...contact, [`delivery_${seller.id}`]: 'ship', quantity: '2' };
		const { order, team } = await placeTeamOrder(me.id, teamCheckout(product.id, { kind: 'new' }, fields));
		// One waiting team per buyer and product: more would hold the stock unpaid.
		expect((await refusal(() => placeTeamOrder(me.id, teamCheckout(product.id, { kind: 'new' }, fields)))).message).toContain('还没凑齐');
		await actOnOrder(me.id, order.id, { action: 'cancel', note: '' });
		expect((await stockOf(product)).stock).toBe(20);
		expect((await db.select().from(teams).where(eq(teams.id, team.id)))[0]!.status).toBe('dissolved');
		expect((await db.select().from(notifications).where(eq(notifications.userId, seller.id)))).toEqual([]);
		// And a new one can be started.
		expect((await placeTeamOrder(me.id, teamCheckout(product.id, { kind: 'new' }, fields))).order.status).toBe('teaming');
	});
});
