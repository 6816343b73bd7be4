// Orders that hold stock on the buyer's word alone: capped per buyer, lapsing when
// the seller does not confirm in time, and declinable by the seller with a reason.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, notifications, orders, products, type Order, type Product, type User } from '$lib/server/platform/db';
import { addToCart } from '$lib/server/market/cart';
import { confirmWindowMs, placeOrders, unpaidCap } from '$lib/server/market/checkout';
import { parseCheckoutForm } from '$lib/market/forms';
import { actOnOrder, availableActions, expireUnconfirmedOrders, findOrder } from '$lib/server/market/order-states';
import { orderTimeline } from '$lib/server/market/order-lists';
import { placeTeamOrder } from '$lib/server/market/teams';
import { listNotifications } from '$lib/server/platform/notifications';
import { insertProduct, makeSeller, makeUser, teamCheckout } from './factories';
import { refusal } from './refusal';

const contact = { name: '陈先生', phone: '13812345678', address: '北京市朝阳区幸福路 8 号', payment: 'later' };
const stockOf = async (product: Product) => (await db.select().from(products).where(eq(products.id, product.id)))[0]!;
const toldTo = async (user: User) => (await db.select().from(notifications).where(eq(notifications.userId, user.id)));

async function checkout(buyer: User, product: Product, quantity: number, at = new Date()) {
	await addToCart({ userId: buyer.id }, { productId: product.id, quantity });
	return (await findOrder((await placeOrders({ userId: buyer.id }, parseCheckoutForm({ ...contact, [`delivery_${product.sellerId}`]: 'ship' }), at)).orderIds[0]))!;
}

async function listing(fields: Partial<Product> = {}) {
	const { seller, village } = await makeSeller();
	return { seller, product: await insertProduct(village, seller, { priceFen: 1000, stock: 100, shipFeeFen: 0, ...fields }) };
}

describe('what one buyer may hold unpaid', { timeout: 30_000 }, () => {
	it('refuses the order past the cap with a message, and takes nothing; a confirmed or paid order frees a place', async () => {
		const buyer = await makeUser();
		const { seller, village } = await makeSeller();
		const shop: Product[] = [];
		for (let i = 0; i < unpaidCap.orders + 2; i++) shop.push(await insertProduct(village, seller, { priceFen: 1000, stock: 100, shipFeeFen: 0 }));
		const held: Order[] = [];
		for (const product of shop.slice(0, unpaidCap.orders)) held.push(await checkout(buyer, product, 1));
		const [more, another] = shop.slice(unpaidCap.orders);
		const refused = await refusal(() => checkout(buyer, more, 1));
		expect(refused.status).toBe(409);
		expect(refused.message).toContain(`${unpaidCap.orders} 个`);
		expect((await stockOf(more)).stock).toBe(100);

		await actOnOrder(seller.id, held[0].id, { action: 'confirm', note: '' });
		await checkout(buyer, more, 1);
		await actOnOrder(seller.id, held[1].id, { action: 'markPaid', note: '' });
		await checkout(buyer, another, 1);
	});

	it('counts the amount too: a buyer cannot sell out a shop in one go', async () => {
		const buyer = await makeUser();
		const { product } = await listing({ priceFen: 10_000, stock: 330 });
		const refused = await refusal(() => checkout(buyer, product, unpaidCap.fen / 10_000 + 1));
		expect(refused.message).toContain('¥3,000');
		expect((await stockOf(product)).stock).toBe(330);
		await checkout(await makeUser(), product, unpaidCap.fen / 10_000);
	});

	it('counts team orders waiting to fill', async () => {
		const buyer = await makeUser();
		const { seller, village } = await makeSeller();
		const teamListing = () => insertProduct(village, seller, { priceFen: 1000, stock: 100, teamSize: 3, teamPriceFen: 800, teamHours: 24 });
		for (let i = 0; i < unpaidCap.orders; i++) {
			await placeTeamOrder(buyer.id, teamCheckout((await teamListing()).id, { kind: 'new' }, { ...contact, [`delivery_${seller.id}`]: 'ship', quantity: '1' }));
		}
		const product = await teamListing();
		const refused = await refusal(() => placeTeamOrder(buyer.id, teamCheckout(product.id, { kind: 'new' }, { ...contact, [`delivery_${seller.id}`]: 'ship', quantity: '1' })));
		expect(refused.status).toBe(409);
		expect((await stockOf(product)).stock).toBe(100);
	});
});

describe('an order its seller does not confirm', { timeout: 30_000 }, () => {
	it('lapses after the window the seller sees: stock back exactly once, the buyer told in their language', async () => {
		const { product } = await listing({ stock: 5 });
		const buyer = await makeUser();
		const placedAt = new Date();
		const order = await checkout(buyer, product, 5, placedAt);
		expect(order.expiresAt?.getTime()).toBe(placedAt.getTime() + confirmWindowMs);
		expect((await stockOf(product)).status).toBe('sold_out');

		await expireUnconfirmedOrders(new Date(placedAt.getTime() + confirmWindowMs - 1000));
		expect((await findOrder(order.id))!.status).toBe('placed');
		const after = new Date(placedAt.getTime() + confirmWindowMs + 1000);
		await expireUnconfirmedOrders(after);
		await expireUnconfirmedOrders(after);
		expect((await findOrder(order.id))!.status).toBe('cancelled');
		expect(await stockOf(product)).toMatchObject({ stock: 5, status: 'listed' });
		expect((await orderTimeline(order.id)).map((e) => e.kind)).toEqual(['status', 'expired']);
		expect((await toldTo(buyer)).map((n) => n.kind)).toContain('order.expired');
		expect((await listNotifications(buyer.id, 'zh-CN')).map((n) => n.text)).toContainEqual(expect.stringContaining('没有按时确认'));
		// Too late for the seller to confirm it now.
		expect(availableActions((await findOrder(order.id))!, 'seller')).toEqual([]);
	});

	it('lapses the moment its window ends, even before the next sweep: too late to confirm', async () => {
		const { seller, product } = await listing({ stock: 5 });
		const placedAt = new Date(Date.now() - confirmWindowMs - 60_000);
		const order = await checkout(await makeUser(), product, 2, placedAt);
		expect((await refusal(() => actOnOrder(seller.id, order.id, { action: 'confirm', note: '' }))).status).toBe(409);
		expect((await findOrder(order.id))!.status).toBe('cancelled');
		expect((await stockOf(product)).stock).toBe(5);
		expect((await orderTimeline(order.id)).map((e) => e.kind)).toEqual(['status', 'expired']);
	});

	it('does not lapse once confirmed or paid', async () => {
		const { seller, product } = await listing();
		const buyer = await makeUser();
		const confirmed = await checkout(buyer, product, 1);
		const paid = await checkout(buyer, product, 1);
		await actOnOrder(seller.id, confirmed.id, { action: 'confirm', note: '' });
		await actOnOrder(seller.id, paid.id, { action: 'markPaid', note: '' });
		await expireUnconfirmedOrders(new Date(Date.now() + 2 * confirmWindowMs));
		expect((await findOrder(confirmed.id))!.status).toBe('confirmed');
		expect((await findOrder(paid.id))!.status).toBe('placed');
		expect((await stockOf(product)).stock).toBe(98);
	});

	it('starts its window when a team fills, not when the team was started', async () => {
		const { seller, product } = await listing({ teamSize: 2, teamPriceFen: 800, teamHours: 24 });
		const fields = { ...contact, [`delivery_${seller.id}`]: 'ship', quantity: '1' };
		const started = new Date(Date.now() - 20 * 60 * 60 * 1000);
		const first = await placeTeamOrder((await makeUser()).id, teamCheckout(product.id, { kind: 'new' }, fields), started);
		expect(first.order.expiresAt).toBeNull();
		const filled = new Date();
		await placeTeamOrder((await makeUser()).id, teamCheckout(product.id, { kind: 'join', teamId: first.team.id }, fields), filled);
		expect((await findOrder(first.order.id))!.expiresAt?.getTime()).toBe(filled.getTime() + confirmWindowMs);
	});
});

describe('a seller declining an order', { timeout: 30_000 }, () => {
	it('needs a reason the buyer reads; the stock goes back once and the buyer is told', async () => {
		const { seller, product } = await listing({ stock: 10 });
		const buyer = await makeUser();
		const order = await checkout(buyer, product, 4);
		expect(availableActions(order, 'seller')).toContain('decline');
		expect(availableActions(order, 'buyer')).not.toContain('decline');
		expect((await refusal(() => actOnOrder(seller.id, order.id, { action: 'decline', note: '' }))).message).toContain('原因');
		expect((await refusal(() => actOnOrder(buyer.id, order.id, { action: 'decline', note: '不要了' }))).status).toBe(403);
		await actOnOrder(seller.id, order.id, { action: 'decline', note: '这周樱桃都订完了' });
		expect(await findOrder(order.id)).toMatchObject({ status: 'cancelled', cancelReason: '这周樱桃都订完了' });
		expect((await stockOf(product)).stock).toBe(10);
		expect((await refusal(() => actOnOrder(seller.id, order.id, { action: 'decline', note: '再拒一次' }))).status).toBe(409);
		await expireUnconfirmedOrders(new Date(Date.now() + 2 * confirmWindowMs));
		expect((await stockOf(product)).stock).toBe(10);
		const timeline = await orderTimeline(order.id);
		expect(timeline.at(-1)).toMatchObject({ kind: 'declined', note: '这周樱桃都订完了', actorId: seller.id });
		expect((await toldTo(buyer)).map((n) => n.kind)).toContain('order.declined');
		const inbox = await listNotifications(buyer.id, 'en');
		expect(inbox.map((n) => n.text)).toContainEqual(expect.stringContaining('declined by the seller: 这周樱桃都订完了'));
	});

	it('is for new orders; a confirmed one is cancelled with a reason instead', async () => {
		const { seller, product } = await listing();
		const order = await checkout(await makeUser(), product, 1);
		await actOnOrder(seller.id, order.id, { action: 'confirm', note: '' });
		expect(availableActions((await findOrder(order.id))!, 'seller')).not.toContain('decline');
		expect((await refusal(() => actOnOrder(seller.id, order.id, { action: 'decline', note: '不卖了' }))).status).toBe(409);
		await actOnOrder(seller.id, order.id, { action: 'cancel', note: '车坏了送不了' });
		expect((await db.select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe('cancelled');
	});
});
