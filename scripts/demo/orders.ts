// Demo orders: a month of sales for the villager's shop (so /sell has a chart), the
// buyer's orders in every state, a review, and an open 拼团 waiting for two more.
// Made through the same functions the pages call, with the clock set back.
import { and, asc, desc, eq, gte, isNotNull, like } from 'drizzle-orm';
import { db, products, type Product } from '$lib/server/platform/db';
import { addToCart } from '$lib/server/market/cart';
import { placeOrders } from '$lib/server/market/checkout';
import { actOnOrder, type OrderAction } from '$lib/server/market/order-states';
import { placeTeamOrder } from '$lib/server/market/teams';
import { reviewOrder } from '$lib/server/market/reviews';
import { deliveryField, parseCheckoutForm } from '$lib/market/forms';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

type Contact = { name: string; phone: string; address: string };

const contacts: Record<string, Contact> = {
	buyer: { name: '陈先生', phone: '13812345678', address: '北京市朝阳区望京街道阜通东大街 6 号院 3 号楼 1201' },
	expert: { name: '赵农艺师', phone: '13600001234', address: '山东省菏泽市牡丹区农科院宿舍 2 号楼' },
	liuchanghe: { name: '刘长河', phone: '13900005678', address: '山东省菏泽市巨野县舒王庄村东头第三家' }
};

async function order(buyerId: number, contact: Contact, product: Product, quantity: number, at: Date, extra: Record<string, string> = {}): Promise<number> {
	await addToCart({ userId: buyerId }, { productId: product.id, quantity });
	// A neighbour in the village picks it up when they can; everyone else has it sent.
	const delivery = (contact === contacts.liuchanghe && product.pickup) || !product.shipping ? 'pickup' : 'ship';
	const placed = await placeOrders({ userId: buyerId }, parseCheckoutForm({ ...contact, payment: 'later', [deliveryField(product.sellerId)]: delivery, ...extra }), at);
	return placed.orderIds[0];
}

/** Moves an order through these steps, an hour or more apart, as its two sides would. */
async function advance(
	orderId: number,
	sellerId: number,
	buyerId: number,
	steps: OrderAction[],
	from: Date,
	notes: Partial<Record<OrderAction, string>> = {}
): Promise<void> {
	for (const [i, step] of steps.entries()) {
		const actor = step === 'complete' || (step === 'cancel' && !notes.cancel) ? buyerId : sellerId;
		await actOnOrder(actor, orderId, { action: step, note: notes[step] ?? '' }, new Date(from.getTime() + (i + 1) * 3 * hour));
	}
}

export async function seedDemoOrders(id: (username: string) => number): Promise<void> {
	const now = Date.now();
	// 李秀英's honey: plenty in stock, so a month of orders leaves the cherry listings as the market tests know them.
	const shop = await db
		.select()
		.from(products)
		.where(and(eq(products.sellerId, id('villager')), eq(products.status, 'listed'), like(products.title, '%蜂蜜%')))
		.orderBy(desc(products.stock), asc(products.id));
	const [anyTeamProduct] = await db
		.select()
		.from(products)
		.where(and(isNotNull(products.teamSize), eq(products.status, 'listed'), gte(products.stock, 20)))
		.orderBy(asc(products.id))
		.limit(1);
	const teamProduct = shop.find((product) => product.teamSize !== null) ?? anyTeamProduct;
	if (shop.length === 0) return;
	const [main, second = shop[0]] = shop;
	const buyer = id('buyer');
	const seller = id('villager');

	// A month of completed sales, a few a week, for the shop's chart.
	for (let daysAgo = 29; daysAgo >= 3; daysAgo -= 2) {
		const at = new Date(now - daysAgo * day + 9 * hour);
		const who = daysAgo % 3 === 0 ? 'expert' : 'buyer';
		const orderId = await order(id(who), contacts[who], daysAgo % 4 === 0 ? second : main, 1 + (daysAgo % 3), at);
		await advance(orderId, seller, id(who), ['confirm', 'ship', 'deliver', 'complete'], at, { ship: '中通快递 7312004588' + daysAgo });
	}

	// The buyer's orders in every state, newest last.
	const at = (hoursAgo: number) => new Date(now - hoursAgo * hour);
	const completed = await order(buyer, contacts.buyer, main, 2, at(26 * 24));
	await advance(completed, seller, buyer, ['confirm', 'ship', 'deliver', 'complete'], at(26 * 24), { ship: '顺丰 SF1402 8876 5521' });
	await reviewOrder(buyer, completed, { productId: main.id, rating: 5, comment: '个头很大，很新鲜，孩子特别爱吃。包装也用心，一个没压坏。' }, undefined, at(20 * 24));

	const refunded = await order(buyer, contacts.buyer, second, 1, at(10 * 24), { payment: 'transfer' });
	await advance(refunded, seller, buyer, ['markPaid', 'confirm', 'cancel', 'refund'], at(10 * 24), {
		cancel: '这批货被雨淋了，不好意思，钱原路退回',
		refund: '微信转账退回全款'
	});
	const cancelled = await order(buyer, contacts.buyer, main, 1, at(6 * 24));
	await advance(cancelled, seller, buyer, ['cancel'], at(6 * 24));
	const delivered = await order(buyer, contacts.buyer, main, 1, at(4 * 24));
	await advance(delivered, seller, buyer, ['confirm', 'ship', 'deliver'], at(4 * 24), { ship: '邮政 9861 2277 3310' });
	const shipped = await order(buyer, contacts.buyer, second, 2, at(2 * 24));
	await advance(shipped, seller, buyer, ['confirm', 'ship'], at(2 * 24), { ship: '中通快递 7312 0045 8861' });
	const confirmed = await order(buyer, contacts.buyer, main, 3, at(20));
	await advance(confirmed, seller, buyer, ['confirm'], at(20));
	await order(buyer, contacts.buyer, main, 2, at(3));
	await order(id('liuchanghe'), contacts.liuchanghe, second, 1, at(1));

	// An open team: the buyer started it this morning and waits for two more.
	if (teamProduct && teamProduct.sellerId !== buyer) {
		const delivery = teamProduct.shipping ? 'ship' : 'pickup';
		const command = parseCheckoutForm({ ...contacts.buyer, payment: 'later', [deliveryField(teamProduct.sellerId)]: delivery });
		const team = { choice: { kind: 'new' as const }, productId: teamProduct.id, quantity: teamProduct.minOrder };
		await placeTeamOrder(buyer, { ...command, team }, at(4));
	}
}
