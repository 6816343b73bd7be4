// Live sales on both engines: scheduling and its refusals, the state machine, buying at the
// flash price (the cap, the per-buyer limit and the stock each hold under a race), units given
// back when an order is cancelled, reminders, moments and comments, who may do what, and the
// stream's log that a reconnecting viewer replays from.
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, db, transaction, liveEvents, liveItems, liveOrders, liveSales, notifications, orders, products, type Product, type User, type Village } from '$lib/server/platform/db';
import { beijingInputValue } from '$lib/form-fields';
import { itemField, flashCapField, flashPriceField, parseBuyForm, parseScheduleForm, perBuyerField, windowFromField, windowUntilField } from '$lib/live/forms';
import { scheduleLiveSale, moveLiveSale, changeFlashCap, pinItem, setReplayUrl } from '$lib/server/live/schedule';
import { buyLiveItem } from '$lib/server/live/buying';
import { endOverrunSalesJob, giveFlashUnitsBack } from '$lib/server/live';
import { onOrderReleased } from '$lib/server/market';
import { actOnOrder } from '$lib/server/market/order-states';
import { setReminder, sendDueReminders } from '$lib/server/live/reminders';
import { postMoment } from '$lib/server/live/moments';
import { hideLiveComment, muteLiveViewer, postLiveComment } from '$lib/server/live/comments';
import { liveEventsAfter, lastLiveEventId } from '$lib/server/live/stream-log';
import { findLiveSale, heldByBuyer, listLiveSales, liveTotals, maskName } from '$lib/server/live/pages';
import { insertProduct, makeCadre, makeUser, makeVillage, makeVillager } from './factories';
import { refusal } from './refusal';

const hour = 60 * 60 * 1000;

async function expectRefusal(call: () => Promise<unknown>, message: RegExp): Promise<void> {
	expect((await refusal(call)).message).toMatch(message);
}

beforeAll(() => {
	// What startup.ts wires: a cancelled live order gives its units back to the sale.
	onOrderReleased(giveFlashUnitsBack);
});

type Setup = { village: Village; cadre: User; host: User; product: Product; other: Product };

async function setup(): Promise<Setup> {
	const village = await makeVillage();
	const cadre = await makeCadre(village);
	const host = await makeVillager(village, cadre);
	const product = await insertProduct(village, host, { title: '手工鸟笼', priceFen: 20_000, stock: 30, minOrder: 1 });
	const other = await insertProduct(village, host, { title: '黑乌鸡', priceFen: 8_000, stock: 10 });
	return { village, cadre, host, product, other };
}

/** The schedule form as the host fills it in: starting in an hour for two hours, `product` at ¥150 (10 units, 2 each). */
function scheduleFields(product: Product, fields: Record<string, string> = {}, now = Date.now()): Record<string, string> {
	return {
		title: '侯师傅现场编鸟笼',
		description: '一根竹子到一只鸟笼。',
		startsAt: beijingInputValue(new Date(now + hour)),
		plannedEndAt: beijingInputValue(new Date(now + 3 * hour)),
		streamUrl: '',
		[itemField(product.id)]: 'on',
		[flashPriceField(product.id)]: '150',
		[flashCapField(product.id)]: '10',
		[perBuyerField(product.id)]: '2',
		...fields
	};
}

async function schedule(s: Setup, fields: Record<string, string> = {}): Promise<number> {
	return scheduleLiveSale(s.host.id, parseScheduleForm(scheduleFields(s.product, fields), s.village.id), null);
}

/** A sale that has started, with its featured item. */
async function liveSale(s: Setup, fields: Record<string, string> = {}): Promise<{ saleId: number; itemId: number }> {
	const saleId = await schedule(s, fields);
	await moveLiveSale(s.host.id, saleId, 'start');
	const [item] = await db.select().from(liveItems).where(eq(liveItems.liveSaleId, saleId));
	return { saleId, itemId: item.id };
}

function buy(itemId: number, fields: Record<string, string> = {}) {
	return parseBuyForm({ itemId: String(itemId), quantity: '1', delivery: 'ship', name: '陈先生', phone: '13900001111', address: '北京市朝阳区某某路 1 号', ...fields });
}

const itemRow = async (itemId: number) => (await db.select().from(liveItems).where(eq(liveItems.id, itemId)))[0];
const stockOf = async (productId: number) => (await db.select({ stock: products.stock }).from(products).where(eq(products.id, productId)))[0].stock;
const liveOrderCount = async (saleId: number) => (await db.select().from(liveOrders).where(eq(liveOrders.liveSaleId, saleId))).length;

describe('scheduling a live sale', () => {
	it('stores the sale and its featured product at the flash terms, audited', async () => {
		const s = await setup();
		const saleId = await schedule(s);
		const sale = await findLiveSale(saleId);
		expect(sale).toMatchObject({ title: '侯师傅现场编鸟笼', status: 'scheduled', hostId: s.host.id });
		expect(sale!.items).toEqual([expect.objectContaining({ productId: s.product.id, flashPriceFen: 15_000, left: 10, perBuyerLimit: 2, priceFen: 20_000 })]);
		expect((await listLiveSales(s.village.id)).upcoming.map((card) => card.id)).toContain(saleId);
		const log = await db.select().from(auditLog).where(eq(auditLog.villageId, s.village.id));
		expect(log.map((entry) => entry.action)).toContain('live.scheduled');
	});

	it('refuses each bad field with its own message and stores nothing', async () => {
		const s = await setup();
		const past = Date.now() - 2 * hour;
		const cases: [Record<string, string>, RegExp][] = [
			[{ [flashPriceField(s.product.id)]: '200' }, /低于原价/],
			[{ [flashPriceField(s.product.id)]: '250' }, /低于原价/],
			[{ [flashPriceField(s.product.id)]: 'abc' }, /抢购价/],
			[{ [flashCapField(s.product.id)]: '31' }, /只有 30 件库存/],
			[{ [flashCapField(s.product.id)]: '-1' }, /抢购数量/],
			[{ [perBuyerField(s.product.id)]: '0' }, /每人限购/],
			[{ startsAt: beijingInputValue(new Date(past)), plannedEndAt: beijingInputValue(new Date(past + hour)) }, /已经过了/],
			[{ plannedEndAt: beijingInputValue(new Date(Date.now() + hour / 2)) }, /晚于开始/],
			[{ plannedEndAt: beijingInputValue(new Date(Date.now() + 14 * hour)) }, /最长 12 小时/],
			[{ streamUrl: 'http://live.example.com/1' }, /https:\/\//],
			[{ streamUrl: 'javascript:alert(1)' }, /https:\/\//],
			[{ [windowFromField(s.product.id)]: beijingInputValue(new Date(Date.now())) }, /直播时间之内/],
			[{ [windowUntilField(s.product.id)]: beijingInputValue(new Date(Date.now() + 4 * hour)) }, /直播时间之内/],
			[{ [itemField(s.product.id)]: '' }, /至少选一件/],
			[{ title: '' }, /标题/]
		];
		for (const [fields, message] of cases) {
			await expectRefusal(() => schedule(s, fields), message);
		}
		expect(await db.select().from(liveSales).where(eq(liveSales.hostId, s.host.id))).toEqual([]);
	});

	it('features only the host’s own listed products; a cooperative sale only the cooperative’s, by a cadre', async () => {
		const s = await setup();
		const neighbour = await makeVillager(s.village, s.cadre);
		const theirs = await insertProduct(s.village, neighbour, { title: '别人的樱桃', priceFen: 3000 });
		await expectRefusal(() => scheduleLiveSale(s.host.id, parseScheduleForm(scheduleFields(theirs, { [flashPriceField(theirs.id)]: '20' }), s.village.id), null), /不是你能在这场直播里卖/);
		const draft = await insertProduct(s.village, s.host, { title: '草稿', status: 'draft' });
		await expectRefusal(() => scheduleLiveSale(s.host.id, parseScheduleForm(scheduleFields(draft, { [flashPriceField(draft.id)]: '5' }), s.village.id), null), /没有在售/);

		const coop = await insertProduct(s.village, s.cadre, { title: '合作社蜂蜜', cooperative: true, priceFen: 6000 });
		const coopFields = scheduleFields(coop, { [flashPriceField(coop.id)]: '50', cooperative: 'on' });
		await expectRefusal(() => scheduleLiveSale(s.host.id, parseScheduleForm(coopFields, s.village.id), null), /村干部/);
		const saleId = await scheduleLiveSale(s.cadre.id, parseScheduleForm(coopFields, s.village.id), null);
		// Any cadre of the village runs a cooperative sale.
		const secondCadre = await makeCadre(s.village);
		await moveLiveSale(secondCadre.id, saleId, 'start');
		expect((await findLiveSale(saleId))!.status).toBe('live');
	});

	it('lets only a villager of the village host; a member or a villager elsewhere is refused', async () => {
		const s = await setup();
		const member = await makeUser();
		const elsewhere = await makeVillager(await makeVillage());
		for (const outsider of [member, elsewhere]) {
			await expectRefusal(() => scheduleLiveSale(outsider.id, parseScheduleForm(scheduleFields(s.product), s.village.id), null), /认证村民/);
		}
	});
});

describe('the state machine', () => {
	it('goes scheduled → live → ended, each move once, by those who run it only', async () => {
		const s = await setup();
		const saleId = await schedule(s);
		const stranger = await makeVillager(s.village, s.cadre);
		await expectRefusal(() => moveLiveSale(stranger.id, saleId, 'start'), /权限/);
		// A cadre does not run a villager's own sale.
		await expectRefusal(() => moveLiveSale(s.cadre.id, saleId, 'start'), /权限/);
		await expectRefusal(() => moveLiveSale(s.host.id, saleId, 'end'), /还没开始/);
		await moveLiveSale(s.host.id, saleId, 'start');
		await expectRefusal(() => moveLiveSale(s.host.id, saleId, 'start'), /已经开始/);
		await moveLiveSale(s.host.id, saleId, 'end');
		await expectRefusal(() => moveLiveSale(s.host.id, saleId, 'cancel'), /已经结束/);
		const sale = await findLiveSale(saleId);
		expect(sale).toMatchObject({ status: 'ended' });
		expect(sale!.startedAt).toBeInstanceOf(Date);
		expect(sale!.endedAt).toBeInstanceOf(Date);
		const states = (await liveEventsAfter(saleId, 0)).filter((event) => event.kind === 'state');
		expect(states).toHaveLength(2);
	});

	it('ends a sale its host forgot, 4 hours after its planned end, so buying stops', async () => {
		const s = await setup();
		const { saleId, itemId } = await liveSale(s);
		const plannedEnd = (await findLiveSale(saleId))!.plannedEndAt;
		await endOverrunSalesJob.run(new Date(plannedEnd.getTime() + 3 * hour));
		expect((await findLiveSale(saleId))!.status).toBe('live');
		await endOverrunSalesJob.run(new Date(plannedEnd.getTime() + 4 * hour + 60_000));
		expect((await findLiveSale(saleId))!.status).toBe('ended');
		await expectRefusal(async () => buyLiveItem((await makeUser()).id, saleId, buy(itemId)), /已经结束/);
	});

	it('will not start more than an hour early, and can be cancelled before it starts', async () => {
		const s = await setup();
		const now = Date.now();
		const saleId = await schedule(s, { startsAt: beijingInputValue(new Date(now + 3 * hour)), plannedEndAt: beijingInputValue(new Date(now + 4 * hour)) });
		await expectRefusal(() => moveLiveSale(s.host.id, saleId, 'start'), /最多提前一小时/);
		await moveLiveSale(s.host.id, saleId, 'cancel');
		expect((await findLiveSale(saleId))!.status).toBe('cancelled');
	});

	it('takes a replay address only after the end, and only https', async () => {
		const s = await setup();
		const { saleId } = await liveSale(s);
		await expectRefusal(() => setReplayUrl(s.host.id, saleId, 'https://v.example.com/r'), /结束后/);
		await moveLiveSale(s.host.id, saleId, 'end');
		await setReplayUrl(s.host.id, saleId, 'https://v.example.com/r');
		expect((await findLiveSale(saleId))!.replayUrl).toBe('https://v.example.com/r');
	});
});

describe('buying at the flash price', () => {
	it('makes a normal market order at the flash price, taking the flash cap, the stock and the buyer’s allowance', async () => {
		const s = await setup();
		const { saleId, itemId } = await liveSale(s);
		const buyer = await makeUser();
		const bought = await buyLiveItem(buyer.id, saleId, buy(itemId, { quantity: '2' }));
		const [order] = await db.select().from(orders).where(eq(orders.id, bought.orderId));
		expect(order).toMatchObject({ buyerId: buyer.id, sellerId: s.host.id, status: 'placed', subtotalFen: 30_000, shipFeeFen: s.product.shipFeeFen });
		expect((await itemRow(itemId)).sold).toBe(2);
		expect(await stockOf(s.product.id)).toBe(28);
		await expectRefusal(() => buyLiveItem(buyer.id, saleId, buy(itemId)), /每人限购 2 件/);
		expect((await findLiveSale(saleId))!.purchases).toEqual([expect.objectContaining({ orderId: bought.orderId, name: '陈**', quantity: 2 })]);
	});

	it('refuses before the start, after the end, outside the window, for the seller, and for a delivery not offered', async () => {
		const s = await setup();
		const saleId = await schedule(s);
		const [item] = await db.select().from(liveItems).where(eq(liveItems.liveSaleId, saleId));
		const buyer = await makeUser();
		await expectRefusal(() => buyLiveItem(buyer.id, saleId, buy(item.id)), /开始，到时候再来抢/);
		await moveLiveSale(s.host.id, saleId, 'start');
		await expectRefusal(() => buyLiveItem(s.host.id, saleId, buy(item.id)), /自己/);
		await transaction((tx) => tx.update(products).set({ shipping: false }).where(eq(products.id, s.product.id)));
		await expectRefusal(() => buyLiveItem(buyer.id, saleId, buy(item.id)), /不支持这种收货方式/);
		await transaction((tx) => tx.update(products).set({ shipping: true }).where(eq(products.id, s.product.id)));
		await transaction((tx) => tx.update(liveItems).set({ windowStartsAt: new Date(Date.now() + hour) }).where(eq(liveItems.id, item.id)));
		await expectRefusal(() => buyLiveItem(buyer.id, saleId, buy(item.id)), /开抢/);
		await transaction((tx) => tx.update(liveItems).set({ windowStartsAt: null, windowEndsAt: new Date(Date.now() - 1000) }).where(eq(liveItems.id, item.id)));
		await expectRefusal(() => buyLiveItem(buyer.id, saleId, buy(item.id)), /抢购时段已经过了/);
		await transaction((tx) => tx.update(liveItems).set({ windowEndsAt: null }).where(eq(liveItems.id, item.id)));
		await moveLiveSale(s.host.id, saleId, 'end');
		await expectRefusal(() => buyLiveItem(buyer.id, saleId, buy(item.id)), /已经结束/);
		expect(await liveOrderCount(saleId)).toBe(0);
		expect(await stockOf(s.product.id)).toBe(30);
	});

	it('sells exactly the flash cap to a crowd racing for it, each within the limit, and says 已抢光 to the rest', async () => {
		const s = await setup();
		const { saleId, itemId } = await liveSale(s, { [flashCapField(s.product.id)]: '7' });
		const buyers = await Promise.all(Array.from({ length: 12 }, () => makeUser()));
		const results = await Promise.allSettled(buyers.map((buyer) => buyLiveItem(buyer.id, saleId, buy(itemId))));
		const won = results.filter((result) => result.status === 'fulfilled');
		const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
		expect(won).toHaveLength(7);
		for (const loss of lost) expect(String(loss.reason.message)).toBe('已抢光');
		expect((await itemRow(itemId)).sold).toBe(7);
		expect(await stockOf(s.product.id)).toBe(23);
		expect(await liveOrderCount(saleId)).toBe(7);
	});

	it('holds one buyer to the limit when the same buyer sends many at once', async () => {
		const s = await setup();
		const { saleId, itemId } = await liveSale(s);
		const buyer = await makeUser();
		const results = await Promise.allSettled(Array.from({ length: 6 }, () => buyLiveItem(buyer.id, saleId, buy(itemId))));
		expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
		expect((await itemRow(itemId)).sold).toBe(2);
	});

	it('gives the units back to the cap and to the buyer when the order is cancelled', async () => {
		const s = await setup();
		const { saleId, itemId } = await liveSale(s);
		const buyer = await makeUser();
		const bought = await buyLiveItem(buyer.id, saleId, buy(itemId, { quantity: '2' }));
		expect(await heldByBuyer(buyer.id, saleId)).toEqual({ [itemId]: 2 });
		await actOnOrder(buyer.id, bought.orderId, { action: 'cancel', note: '买错了' });
		expect(await heldByBuyer(buyer.id, saleId)).toEqual({ [itemId]: 0 });
		expect((await itemRow(itemId)).sold).toBe(0);
		expect(await stockOf(s.product.id)).toBe(30);
		// The buyer may buy again: the limit counts standing orders.
		await buyLiveItem(buyer.id, saleId, buy(itemId, { quantity: '2' }));
		expect((await itemRow(itemId)).sold).toBe(2);
		const totals = await liveTotals(saleId);
		expect(totals).toMatchObject({ buyers: 1, orders: 1, units: 2, revenueFen: 30_000 });
	});

	it('refuses a bought quantity or contact that is not one, before anything is read', () => {
		expect(() => buy(1, { quantity: '0' })).toThrow(/数量/);
		expect(() => buy(1, { quantity: '1e3' })).toThrow(/数量/);
		expect(() => buy(1, { phone: '12' })).toThrow();
		expect(() => buy(1, { delivery: 'drone' })).toThrow(/快递还是自提/);
		expect(() => parseBuyForm({ itemId: 'x' })).toThrow();
	});
});

describe('the host’s console', () => {
	it('changes the flash cap, never below what is sold nor above the units there are', async () => {
		const s = await setup();
		const { saleId, itemId } = await liveSale(s);
		const buyer = await makeUser();
		await buyLiveItem(buyer.id, saleId, buy(itemId, { quantity: '2' }));
		await expectRefusal(() => changeFlashCap(s.host.id, saleId, itemId, 1), /已经卖出 2 件/);
		await expectRefusal(() => changeFlashCap(s.host.id, saleId, itemId, 31), /只有 30 件/);
		await expectRefusal(() => changeFlashCap(buyer.id, saleId, itemId, 5), /权限/);
		await changeFlashCap(s.host.id, saleId, itemId, 5);
		expect((await itemRow(itemId)).flashCap).toBe(5);
		expect((await findLiveSale(saleId))!.items[0].left).toBe(3);
	});

	it('pins one product at a time, shown first', async () => {
		const s = await setup();
		const saleId = await scheduleLiveSale(
			s.host.id,
			parseScheduleForm(
				scheduleFields(s.product, { [itemField(s.other.id)]: 'on', [flashPriceField(s.other.id)]: '60', [flashCapField(s.other.id)]: '5', [perBuyerField(s.other.id)]: '1' }),
				s.village.id
			),
			null
		);
		const items = (await findLiveSale(saleId))!.items;
		await pinItem(s.host.id, saleId, items[1].id);
		expect((await findLiveSale(saleId))!.items.map((item) => [item.id, item.pinned])).toEqual([
			[items[1].id, true],
			[items[0].id, false]
		]);
		await pinItem(s.host.id, saleId, items[0].id);
		expect((await findLiveSale(saleId))!.items.filter((item) => item.pinned).map((item) => item.id)).toEqual([items[0].id]);
	});

	it('posts moments in order, as text, and refuses an empty one', async () => {
		const s = await setup();
		const { saleId } = await liveSale(s);
		await postMoment(s.host.id, saleId, '第三步：弯竹条', null);
		await postMoment(s.host.id, saleId, '<script>alert(1)</script>', null);
		await expectRefusal(() => postMoment(s.host.id, saleId, '', null), /写一句话/);
		const viewer = await makeUser();
		await expectRefusal(() => postMoment(viewer.id, saleId, '我也发', null), /权限/);
		expect((await findLiveSale(saleId))!.moments.map((moment) => moment.text)).toEqual(['第三步：弯竹条', '<script>alert(1)</script>']);
	});
});

describe('who may run a sale', () => {
	it('refuses every console action to a member, another villager, a cadre (for a villager’s own sale) and another village’s cadre; the host may', async () => {
		const s = await setup();
		const { saleId, itemId } = await liveSale(s);
		const commenter = await makeUser();
		const commentId = await postLiveComment(commenter.id, saleId, '你好');
		const actions: [string, (actorId: number) => Promise<unknown>][] = [
			['start', (actorId) => moveLiveSale(actorId, saleId, 'start')],
			['end', (actorId) => moveLiveSale(actorId, saleId, 'end')],
			['cancel', (actorId) => moveLiveSale(actorId, saleId, 'cancel')],
			['moment', (actorId) => postMoment(actorId, saleId, '测试', null)],
			['cap', (actorId) => changeFlashCap(actorId, saleId, itemId, 9)],
			['pin', (actorId) => pinItem(actorId, saleId, itemId)],
			['hide', (actorId) => hideLiveComment(actorId, saleId, commentId)],
			['mute', (actorId) => muteLiveViewer(actorId, saleId, commenter.id)],
			['replay', (actorId) => setReplayUrl(actorId, saleId, 'https://v.example.com/r')]
		];
		const outsiders = { member: await makeUser(), villager: await makeVillager(s.village, s.cadre), cadre: s.cadre, otherCadre: await makeCadre(await makeVillage()) };
		for (const [action, act] of actions) {
			for (const [who, user] of Object.entries(outsiders)) expect((await refusal(() => act(user.id))).status, `${who}: ${action}`).toBe(403);
		}
		for (const [, act] of actions.filter(([action]) => !['start', 'end', 'cancel', 'replay'].includes(action))) {
			await act(s.host.id);
		}
	});
});

describe('comments', () => {
	it('are posted by members, hidden by the host, and refused to a muted viewer', async () => {
		const s = await setup();
		const { saleId } = await liveSale(s);
		const viewer = await makeUser();
		const id = await postLiveComment(viewer.id, saleId, '鸟笼多大？');
		expect((await findLiveSale(saleId))!.comments.map((comment) => comment.text)).toEqual(['鸟笼多大？']);
		await expectRefusal(() => hideLiveComment(viewer.id, saleId, id), /权限/);
		await hideLiveComment(s.host.id, saleId, id);
		expect((await findLiveSale(saleId))!.comments).toEqual([]);
		await muteLiveViewer(s.host.id, saleId, viewer.id);
		await expectRefusal(() => postLiveComment(viewer.id, saleId, '还在吗'), /不让你/);
		await expectRefusal(() => muteLiveViewer(s.host.id, saleId, s.host.id), /主播/);
	});

	it('holds one account to ten a minute, and closes after the end', async () => {
		const s = await setup();
		const { saleId } = await liveSale(s);
		const viewer = await makeUser();
		for (let i = 0; i < 10; i++) await postLiveComment(viewer.id, saleId, `第 ${i} 条`);
		await expectRefusal(() => postLiveComment(viewer.id, saleId, '第 11 条'), /分钟/);
		await moveLiveSale(s.host.id, saleId, 'end');
		const other = await makeUser();
		await expectRefusal(() => postLiveComment(other.id, saleId, '结束了吗'), /不能再评论/);
	});
});

describe('reminders', () => {
	it('tell everyone who asked, once, when the sale starts', async () => {
		const s = await setup();
		const saleId = await schedule(s);
		const fans = await Promise.all([makeUser(), makeUser()]);
		for (const fan of fans) await setReminder(fan.id, saleId, true);
		await setReminder(fans[0].id, saleId, true);
		await moveLiveSale(s.host.id, saleId, 'start');
		await sendDueReminders();
		for (const fan of fans) {
			const inbox = await db.select().from(notifications).where(and(eq(notifications.userId, fan.id), eq(notifications.kind, 'live.started')));
			expect(inbox).toHaveLength(1);
			expect(inbox[0].href).toBe(`/live/${saleId}`);
		}
		await expectRefusal(() => setReminder(fans[0].id, saleId, true), /已经开始/);
	});
});

describe('the stream’s log', () => {
	it('keeps every change in order, so a viewer who reconnects is sent what came after the last it saw', async () => {
		const s = await setup();
		const { saleId, itemId } = await liveSale(s);
		const seen = await lastLiveEventId(saleId);
		const viewer = await makeUser();
		await postMoment(s.host.id, saleId, '开始编了', null);
		await postLiveComment(viewer.id, saleId, '好看');
		await buyLiveItem(viewer.id, saleId, buy(itemId));
		const missed = await liveEventsAfter(saleId, seen);
		expect(missed.map((event) => event.kind)).toEqual(['moment', 'comment', 'bought']);
		expect(missed.map((event) => event.id)).toEqual([...missed.map((event) => event.id)].sort((a, b) => a - b));
		expect(await liveEventsAfter(saleId, missed[1].id)).toEqual([missed[2]]);
		expect((await db.select().from(liveEvents).where(eq(liveEvents.liveSaleId, saleId))).length).toBe(missed.length + 1);
	});

	it('masks a buyer’s name to its first character', () => {
		expect(maskName('王小麦')).toBe('王**');
		expect(maskName(' Li ')).toBe('L**');
		expect(maskName('')).toBe('**');
	});
});
