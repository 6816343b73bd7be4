// Demo live sales: the bird-cage maker's live sale tomorrow evening with two of his cages at a
// flash price, and yesterday's cherry live sale with its moments, comments and orders, so the
// replay's totals are those orders'. Made through the same functions the pages call, the
// clock set back for the one already over.
import { and, asc, eq, like } from 'drizzle-orm';
import { db, liveItems, products, type Product } from '$lib/server/platform/db';
import { storePhoto } from '$lib/server/platform/media';
import { beijingInputValue } from '$lib/form-fields';
import { flashCapField, flashPriceField, itemField, parseBuyForm, parseScheduleForm, perBuyerField } from '$lib/live/forms';
import { moveLiveSale, scheduleLiveSale } from '$lib/server/live/schedule';
import { buyLiveItem } from '$lib/server/live/buying';
import { postMoment } from '$lib/server/live/moments';
import { postLiveComment } from '$lib/server/live/comments';
import { setReminder } from '$lib/server/live/reminders';
import { actOnOrder } from '$lib/server/market/order-states';
import { producePhoto } from './produce-photo.js';

const minute = 60 * 1000;
const hour = 60 * minute;
const day = 24 * hour;

async function listed(sellerId: number, titleLike: string): Promise<Product[]> {
	return db
		.select()
		.from(products)
		.where(and(eq(products.sellerId, sellerId), eq(products.status, 'listed'), like(products.title, titleLike)))
		.orderBy(asc(products.id));
}

/** The schedule form as a host fills it in, for these products at these flash terms. */
function scheduleForm(fields: Record<string, string>, terms: { product: Product; price: string; cap: number; perBuyer: number }[]): Record<string, string> {
	const form: Record<string, string> = { ...fields };
	for (const { product, price, cap, perBuyer } of terms) {
		form[itemField(product.id)] = 'on';
		form[flashPriceField(product.id)] = price;
		form[flashCapField(product.id)] = String(Math.min(cap, product.stock));
		form[perBuyerField(product.id)] = String(Math.max(perBuyer, product.minOrder));
	}
	return form;
}

export async function seedDemoLive(villageId: number, id: (username: string) => number): Promise<void> {
	const now = Date.now();

	// Tomorrow, 19:30 Beijing time: 刘长河 makes a 百灵笼 from one length of bamboo, live.
	const cages = await listed(id('liuchanghe'), '%鸟笼%');
	if (cages.length > 0) {
		const tomorrow = new Date(now + day);
		const startsAt = new Date(`${beijingInputValue(tomorrow).slice(0, 10)}T19:30:00+08:00`);
		const form = scheduleForm(
			{
				title: '刘师傅现场编鸟笼：一根竹子到一只百灵笼',
				description: '从劈竹、削条、弯圈到上漆，一只百灵笼要做三天，今晚把最关键的几步给大家看。网不好的朋友看图文直播，一样能抢。',
				startsAt: beijingInputValue(startsAt),
				plannedEndAt: beijingInputValue(new Date(startsAt.getTime() + 2 * hour))
			},
			cages.slice(0, 2).map((product) => ({ product, price: String(Math.floor((product.priceFen * 0.85) / 100)), cap: 5, perBuyer: 1 }))
		);
		const saleId = await scheduleLiveSale(id('liuchanghe'), parseScheduleForm(form, villageId), null);
		await setReminder(id('buyer'), saleId, true);
	}

	// Yesterday evening: 李秀英's cherry live sale, over, with what happened in it.
	const [cherries] = await listed(id('villager'), '%樱桃%');
	if (!cherries) return;
	const scheduledAt = new Date(now - 3 * day);
	const startsAt = new Date(now - day - 4 * hour);
	const form = scheduleForm(
		{
			title: '樱桃园现场直播：今早刚摘的红灯',
			description: '带大家看看樱桃园，现摘现装，直播间下单比平时便宜。',
			startsAt: beijingInputValue(startsAt),
			plannedEndAt: beijingInputValue(new Date(startsAt.getTime() + 2 * hour))
		},
		[{ product: cherries, price: String(Math.floor((cherries.priceFen * 0.8) / 100)), cap: 20, perBuyer: 3 }]
	);
	const host = id('villager');
	const saleId = await scheduleLiveSale(host, parseScheduleForm(form, villageId), null, scheduledAt);
	const at = (minutes: number) => new Date(startsAt.getTime() + minutes * minute);
	await moveLiveSale(host, saleId, 'start', at(0));
	const photo = await storePhoto(new File([new Uint8Array(await producePhoto('cherries'))], 'orchard.jpg'), host);
	await postMoment(host, saleId, '大家好！这是我家的樱桃园，今年雨水少，果子特别甜。', photo.id, at(2));
	await postLiveComment(id('buyer'), saleId, '看着就好吃！能发北京吗？', at(5));
	await postMoment(host, saleId, '能发，顺丰冷链，两天到。现在开抢！', null, at(7));
	const [item] = await db.select().from(liveItems).where(eq(liveItems.liveSaleId, saleId));
	const buyers = [
		{ username: 'buyer', name: '陈先生', phone: '13812345678', address: '北京市朝阳区望京街道阜通东大街 6 号院 3 号楼 1201', quantity: 2, minutes: 9 },
		{ username: 'expert', name: '赵农艺师', phone: '13600001234', address: '山东省菏泽市牡丹区农科院宿舍 2 号楼', quantity: 1, minutes: 12 },
		{ username: 'liuchanghe', name: '刘长河', phone: '13900005678', address: '', quantity: 3, minutes: 20 }
	];
	for (const buyer of buyers) {
		const delivery = buyer.address ? 'ship' : 'pickup';
		const { orderId } = await buyLiveItem(
			id(buyer.username),
			saleId,
			parseBuyForm({ itemId: String(item.id), quantity: String(buyer.quantity), delivery, name: buyer.name, phone: buyer.phone, address: buyer.address }),
			at(buyer.minutes)
		);
		// The seller confirmed each that evening, so none lapses.
		await actOnOrder(host, orderId, { action: 'confirm', note: '' }, at(buyer.minutes + 30));
	}
	await postLiveComment(id('expert'), saleId, '果柄新鲜，是当天摘的。', at(15));
	await postMoment(host, saleId, '今天就到这里，谢谢大家！明年樱桃季再见。', null, at(110));
	await moveLiveSale(host, saleId, 'end', at(115));
}
