// The demo county's market: what the three villages really sell (舒王庄村's cherries,
// black-bone chickens, their eggs, hand-made bird cages and locust-blossom honey; 柳河村's
// grain and gongbi peony paintings; 青石村's garlic and iron-stick yam, listed by its
// cooperative), with stock running low on a few, one sold out, one paused and several
// team offers. Photos are drawn, then stored through the real upload pipeline.
import { productPhotos, products, transaction, type Photo } from '$lib/server/platform/db';
import type { ProductCategory, ProductStatus, ProductUnit } from '$lib/market/vocabulary';
import { storePhoto } from '$lib/server/platform/media';
import { findVillageBySlug } from '$lib/server/villages/villages';
import { producePhoto, type ProduceKind } from './produce-photo.js';

type DemoProduct = {
	village: 'shuwangzhuang' | 'liuhe' | 'qingshi';
	seller: string;
	cooperative?: boolean;
	title: string;
	description: string;
	category: ProductCategory;
	unit: ProductUnit;
	priceFen: number;
	stock: number;
	minOrder?: number;
	status?: ProductStatus;
	/** Days from today (China time) the ship window opens and closes; either may be left open. */
	ships?: [number | null, number | null];
	shipFeeFen?: number;
	shipping?: boolean;
	pickup?: [place: string, time: string];
	team?: [size: number, priceFen: number, hours: number];
	photos: ProduceKind[];
	daysAgo: number;
};

const shuwangzhuangPickup: [string, string] = ['舒王庄村村委会门口', '每天下午4点到6点'];
const liuhePickup: [string, string] = ['柳河村农民画室（村小学东边）', '周一到周六 上午9点到下午5点'];
const qingshiPickup: [string, string] = ['青石村合作社仓库', '每天早上7点到11点'];

const demoProducts: DemoProduct[] = [
	{
		village: 'shuwangzhuang',
		seller: 'villager',
		title: '舒王庄大樱桃 红灯 5斤礼盒装',
		description:
			'自家园子里的红灯樱桃，树龄十来年，果子个大、皮薄、汁多。\n\n每天早上露水干了再摘，当天挑拣装箱，泡沫箱加冰袋发货，一般两天能到。\n\n收到后如有压坏的，拍照联系我，坏多少补多少。',
		category: 'fruit',
		unit: 'box',
		priceFen: 12800,
		stock: 40,
		ships: [3, 24],
		shipFeeFen: 0,
		pickup: shuwangzhuangPickup,
		team: [3, 9900, 24],
		photos: ['cherry-box', 'cherries'],
		daysAgo: 1
	},
	{
		village: 'shuwangzhuang',
		seller: 'zhangguilan',
		title: '美早大樱桃 散装 按斤卖',
		description: '美早是硬肉樱桃，果径多在2.8厘米以上，耐放、好运输，甜里带一点酸。\n3斤起卖，顺丰冷链发货，运费每单12元。',
		category: 'fruit',
		unit: 'jin',
		priceFen: 2500,
		stock: 120,
		minOrder: 3,
		ships: [5, 28],
		shipFeeFen: 1200,
		pickup: shuwangzhuangPickup,
		team: [3, 2200, 24],
		photos: ['cherries'],
		daysAgo: 2
	},
	{
		village: 'shuwangzhuang',
		seller: 'sunyumei',
		title: '黄蜜樱桃 2斤尝鲜装',
		description: '黄蜜樱桃（黄樱桃）产量少，果皮黄里透红，糖度高。今年就剩最后几盒了，想尝鲜的抓紧。',
		category: 'fruit',
		unit: 'box',
		priceFen: 6800,
		stock: 3,
		ships: [2, 14],
		shipFeeFen: 800,
		photos: ['yellow-cherries'],
		daysAgo: 4
	},
	{
		village: 'shuwangzhuang',
		seller: 'liuchanghe',
		title: '红灯樱桃 散装 自家果园',
		description: '散装不挑果，大小混着，价格实惠，适合自家吃或者做樱桃酱。到村自提更便宜新鲜。',
		category: 'fruit',
		unit: 'jin',
		priceFen: 1800,
		stock: 200,
		minOrder: 2,
		ships: [3, 24],
		shipFeeFen: 800,
		pickup: ['刘长河家门口（村东头第三家）', '每天上午'],
		photos: ['cherries'],
		daysAgo: 6
	},
	{
		village: 'shuwangzhuang',
		seller: 'zhangguilan',
		title: '林下散养乌鸡 整只 约2斤',
		description:
			'乌鸡在村后林子里散养，吃虫子、青草和自家种的玉米，养足一年才卖。\n\n皮、肉、骨头都是乌黑的，炖汤特别香，坐月子、老人补身子都合适。\n\n下单后现杀，真空包装冷链发货。',
		category: 'meat_eggs',
		unit: 'piece',
		priceFen: 12800,
		stock: 15,
		ships: [1, null],
		shipFeeFen: 1500,
		pickup: shuwangzhuangPickup,
		photos: ['chicken'],
		daysAgo: 8
	},
	{
		village: 'shuwangzhuang',
		seller: 'zhangguilan',
		title: '乌鸡蛋 30枚装',
		description: '散养乌鸡下的蛋，个头比普通鸡蛋小一圈，蛋壳偏青、偏粉，蛋黄大、颜色深。每枚都照过灯，一层一层用蛋托装好发货。',
		category: 'meat_eggs',
		unit: 'box',
		priceFen: 4500,
		stock: 60,
		ships: [1, null],
		shipFeeFen: 1000,
		pickup: shuwangzhuangPickup,
		team: [3, 3900, 48],
		photos: ['eggs'],
		daysAgo: 3
	},
	{
		village: 'shuwangzhuang',
		seller: 'liuchanghe',
		title: '乌鸡蛋 散装 按打卖',
		description: '一打12枚，自家乌鸡下的，每天现捡。这批已经卖完，下周还有。',
		category: 'meat_eggs',
		unit: 'dozen',
		priceFen: 2000,
		stock: 0,
		minOrder: 2,
		status: 'sold_out',
		shipping: false,
		pickup: ['刘长河家门口（村东头第三家）', '每天上午'],
		photos: ['eggs'],
		daysAgo: 12
	},
	{
		village: 'shuwangzhuang',
		seller: 'liuchanghe',
		title: '手工竹鸟笼 画眉笼 中号',
		description:
			'用本地老竹子一根根劈、削、烤、弯，全手工做，不用一颗钉子。一只画眉笼要做五六天。\n\n笼高约45厘米，直径约36厘米，配笼钩、食罐、水罐。\n\n每只都不完全一样，介意的请慎拍。',
		category: 'handicraft',
		unit: 'piece',
		priceFen: 38000,
		stock: 4,
		ships: [2, null],
		shipFeeFen: 2000,
		pickup: ['刘长河家门口（村东头第三家）', '白天都在家'],
		photos: ['bird-cage'],
		daysAgo: 10
	},
	{
		village: 'shuwangzhuang',
		seller: 'liuchanghe',
		title: '手工鸟笼 百灵笼 大号',
		description: '百灵笼是高笼，中间有台子，笼条更密。大号笼做工最费事，一个月只能做两三只。可以按要求刻字。',
		category: 'handicraft',
		unit: 'piece',
		priceFen: 68000,
		stock: 2,
		ships: [7, null],
		shipFeeFen: 3000,
		photos: ['bird-cage'],
		daysAgo: 20
	},
	{
		village: 'shuwangzhuang',
		seller: 'sunyumei',
		title: '手工鸟笼 绣眼笼 小号',
		description: '小巧的绣眼笼，竹子刷了清漆，也可以摆在家里当装饰。家里人外出打工，暂停接单，回来再做。',
		category: 'handicraft',
		unit: 'piece',
		priceFen: 26000,
		stock: 8,
		status: 'paused',
		shipFeeFen: 1500,
		photos: ['bird-cage'],
		daysAgo: 30
	},
	{
		village: 'shuwangzhuang',
		seller: 'villager',
		title: '槐花蜂蜜 500克/瓶',
		description: '五月洋槐花开的时候取的蜜，颜色浅，清香不腻，不容易结晶。自家养的二十箱蜂，不喂糖，不兑水。',
		category: 'other',
		unit: 'bottle',
		priceFen: 4800,
		stock: 80,
		shipFeeFen: 800,
		pickup: shuwangzhuangPickup,
		team: [3, 3900, 24],
		photos: ['honey'],
		daysAgo: 5
	},
	{
		village: 'shuwangzhuang',
		seller: 'villager',
		title: '槐花蜂蜜 礼盒 1000克两瓶装',
		description: '两瓶500克槐花蜜装在礼盒里，送人体面。玻璃瓶，泡沫网套包好发货，碎了包赔。',
		category: 'other',
		unit: 'box',
		priceFen: 8800,
		stock: 20,
		shipFeeFen: 0,
		photos: ['honey'],
		daysAgo: 9
	},
	{
		village: 'liuhe',
		seller: 'liuhe-cadre',
		cooperative: true,
		title: '柳河小米 今年新米 5斤装',
		description: '柳河村沿河沙地种的谷子，今年秋天新碾的小米，颗粒小、颜色金黄。熬粥有一层厚厚的米油。\n合作社统一收购、统一碾米，每袋都有批次号。',
		category: 'grain',
		unit: 'bag',
		priceFen: 4500,
		stock: 150,
		shipFeeFen: 600,
		pickup: liuhePickup,
		team: [3, 3800, 48],
		photos: ['millet'],
		daysAgo: 2
	},
	{
		village: 'liuhe',
		seller: 'liuhe-cadre',
		cooperative: true,
		title: '小米 散装 按斤称',
		description: '和5斤装一样的新小米，散装按斤卖，5斤起。到合作社自提的乡亲可以少买。',
		category: 'grain',
		unit: 'jin',
		priceFen: 800,
		stock: 300,
		minOrder: 5,
		shipFeeFen: 600,
		pickup: liuhePickup,
		photos: ['millet'],
		daysAgo: 14
	},
	{
		village: 'liuhe',
		seller: 'liuhe-cadre',
		cooperative: true,
		title: '石磨小麦粉 10斤',
		description: '本村小麦，老石磨慢慢磨，不加增白剂，颜色微黄，蒸馒头有麦香。面粉怕潮，收到后放阴凉处。',
		category: 'grain',
		unit: 'bag',
		priceFen: 5800,
		stock: 90,
		shipFeeFen: 1000,
		pickup: liuhePickup,
		photos: ['flour'],
		daysAgo: 7
	},
	{
		village: 'liuhe',
		seller: 'liuhe-cadre',
		cooperative: true,
		title: '玉米糁 粗粒 5斤',
		description: '自家种的老品种黄玉米，去皮磨成粗糁，煮粥要多煮一会儿，香。这批剩得不多了。',
		category: 'grain',
		unit: 'bag',
		priceFen: 3000,
		stock: 5,
		shipFeeFen: 600,
		pickup: liuhePickup,
		photos: ['cornmeal'],
		daysAgo: 11
	},
	{
		village: 'liuhe',
		seller: 'liuhe-cadre',
		cooperative: true,
		title: '工笔牡丹画 四尺斗方 已装裱',
		description:
			'柳河村农民画师手绘的工笔牡丹，从勾线、分染到罩色，一幅要画十几天。\n\n尺寸约68×68厘米，已托裱，可以直接装框。每幅都有画师落款和印章。\n\n欢迎到村里的画室来看画，也接受定制。',
		category: 'handicraft',
		unit: 'piece',
		priceFen: 88000,
		stock: 6,
		ships: [3, null],
		shipFeeFen: 0,
		pickup: liuhePickup,
		photos: ['peony'],
		daysAgo: 15
	},
	{
		village: 'liuhe',
		seller: 'liuhe-cadre',
		cooperative: true,
		title: '工笔牡丹 团扇 真丝扇面',
		description: '真丝扇面上画的小幅工笔牡丹，竹扇柄，配锦盒。可以当礼物，也可以挂起来当小画。',
		category: 'handicraft',
		unit: 'piece',
		priceFen: 16800,
		stock: 25,
		shipFeeFen: 800,
		photos: ['peony'],
		daysAgo: 18
	},
	{
		village: 'qingshi',
		seller: 'qingshi-cadre',
		cooperative: true,
		title: '青石村紫皮大蒜 5斤装',
		description: '沙壤地种的紫皮蒜，蒜瓣饱满，辣味足。合作社统一分拣、晾晒，剪去根须和蒜秆再装袋。',
		category: 'vegetables',
		unit: 'bag',
		priceFen: 3500,
		stock: 300,
		shipFeeFen: 800,
		pickup: qingshiPickup,
		team: [3, 2900, 24],
		photos: ['garlic'],
		daysAgo: 1
	},
	{
		village: 'qingshi',
		seller: 'qingshi-cadre',
		cooperative: true,
		title: '新鲜蒜薹 5斤起',
		description: '当天早上抽的蒜薹，嫩、脆，炒肉最好吃。蒜薹不耐放，只发附近的快递，远的建议来自提。',
		category: 'vegetables',
		unit: 'jin',
		priceFen: 500,
		stock: 400,
		minOrder: 5,
		ships: [0, 10],
		shipFeeFen: 1000,
		pickup: qingshiPickup,
		photos: ['garlic-scapes'],
		daysAgo: 3
	},
	{
		village: 'qingshi',
		seller: 'qingshi-cadre',
		cooperative: true,
		title: '铁棍山药 5斤礼盒',
		description: '垆土地里长的铁棍山药，细长、毛多、表皮有红褐色斑点，蒸熟了又面又甜。每根都手工挖出，截成50厘米左右装盒。',
		category: 'vegetables',
		unit: 'box',
		priceFen: 9800,
		stock: 50,
		shipFeeFen: 0,
		pickup: qingshiPickup,
		photos: ['yam'],
		daysAgo: 5
	},
	{
		village: 'qingshi',
		seller: 'qingshi-cadre',
		cooperative: true,
		title: '铁棍山药 散装 按斤',
		description: '散装山药，粗细不一，有的有断口，自家吃不影响。3斤起。',
		category: 'vegetables',
		unit: 'jin',
		priceFen: 1200,
		stock: 200,
		minOrder: 3,
		shipFeeFen: 800,
		pickup: qingshiPickup,
		photos: ['yam'],
		daysAgo: 13
	},
	{
		village: 'qingshi',
		seller: 'qingshi-cadre',
		cooperative: true,
		title: '腌糖蒜 500克/瓶',
		description: '新蒜用糖和醋腌了一个多月，酸甜脆口，吃饺子、喝粥都合适。开瓶后放冰箱。',
		category: 'other',
		unit: 'bottle',
		priceFen: 1800,
		stock: 60,
		shipFeeFen: 800,
		pickup: qingshiPickup,
		photos: ['garlic'],
		daysAgo: 16
	}
];

const day = 24 * 60 * 60 * 1000;

/** A day `offset` days from today as YYYY-MM-DD, in China time (where the ship window is kept). */
function chinaDay(offset: number): string {
	return new Date(Date.now() + offset * day + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * The one place demo listings are written, straight into the tables: the listing form's own
 * createProduct is being written alongside this, and will take its place.
 */
async function insertDemoProduct(villageId: number, sellerId: number, product: DemoProduct, photoIds: string[]): Promise<void> {
	const [from, until] = product.ships ?? [null, null];
	const listedAt = new Date(Date.now() - product.daysAgo * day);
	const status = product.status ?? 'listed';
	await transaction(async (tx) => {
		const [{ id }] = await tx
			.insert(products)
			.values({
				villageId,
				sellerId,
				cooperative: product.cooperative ?? false,
				title: product.title,
				description: product.description,
				category: product.category,
				unit: product.unit,
				priceFen: product.priceFen,
				stock: product.stock,
				minOrder: product.minOrder ?? 1,
				shipsFrom: from === null ? null : chinaDay(from),
				shipsUntil: until === null ? null : chinaDay(until),
				shipping: product.shipping ?? true,
				shipFeeFen: product.shipFeeFen ?? 0,
				pickup: product.pickup !== undefined,
				pickupPlace: product.pickup?.[0] ?? '',
				pickupTime: product.pickup?.[1] ?? '',
				teamSize: product.team?.[0] ?? null,
				teamPriceFen: product.team?.[1] ?? null,
				teamHours: product.team?.[2] ?? null,
				status,
				createdAt: listedAt,
				updatedAt: listedAt,
				listedAt
			})
			.returning({ id: products.id });
		if (photoIds.length > 0) await tx.insert(productPhotos).values(photoIds.map((photoId, position) => ({ productId: id, position, photoId })));
	});
}

/** The demo market: each kind of picture drawn and stored once, then shared by the listings that show it. */
export async function seedDemoProducts(ids: Map<string, number>): Promise<void> {
	const id = (username: string) => ids.get(username)!;
	const stored = new Map<ProduceKind, Photo>();
	for (const kind of new Set(demoProducts.flatMap((product) => product.photos))) {
		const file = new File([new Uint8Array(await producePhoto(kind))], `${kind}.jpg`, { type: 'image/jpeg' });
		stored.set(kind, await storePhoto(file, null));
	}
	for (const product of demoProducts) {
		const village = await findVillageBySlug(product.village);
		if (!village) throw new Error(`Demo village ${product.village} is missing`);
		const sellerId = id(product.seller);
		await insertDemoProduct(village.id, sellerId, product, product.photos.map((kind) => stored.get(kind)!.id));
	}
}
