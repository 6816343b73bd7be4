import { describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { randomUUID } from 'node:crypto';
import {
	auditLog,
	db,
	transaction,
	orderLines,
	orders,
	photos,
	productPhotos,
	products,
	type Product,
	type User,
	type Village
} from '$lib/server/platform/db';
import type { OrderStatus } from '$lib/market/vocabulary';
import {
	findProduct,
	listMyProducts,
	listProductPhotos,
	setProductStatus,
	StockConflict,
	updateProduct,
	type ProductEdit
} from '$lib/server/market/products';
import { salesSummary } from '$lib/server/market/sales';
import { revokeMembership } from '$lib/server/villages/memberships';
import { memberships } from '$lib/server/platform/db';
import { makeCadre, makeProduct, makeUser, makeVillage, makeVillager, productForm } from './factories';
import { asFile } from './image-files';
import { refusal } from './refusal';
import { parseListingEditForm } from '$lib/market/forms';

const countRows = async (table: typeof products | typeof productPhotos | typeof photos | typeof auditLog) => (await db.select({ n: count() }).from(table))[0].n;
const footprint = async () => ({ products: await countRows(products), productPhotos: await countRows(productPhotos), photos: await countRows(photos) });
const noPhotoChange = { removePhotos: [], newFiles: [] };
/** The edit form as the seller posts it: read by the page's parser, then saved. */
const editProduct = async (actorId: number, productId: number, form: Record<string, string>, edit: ProductEdit) =>
	updateProduct(actorId, productId, parseListingEditForm(form), edit);

/** A distinct little photo per call, so each is stored as its own photo. */
let hue = 0;
async function photo(): Promise<File> {
	hue += 29;
	const bytes = await sharp({ create: { width: 48, height: 48, channels: 3, background: { r: hue % 256, g: 60, b: 120 } } })
		.jpeg()
		.toBuffer();
	return asFile(bytes, `p${hue}.jpg`);
}

async function village(): Promise<{ village: Village; cadre: User; seller: User }> {
	const v = await makeVillage();
	const cadre = await makeCadre(v);
	return { village: v, cadre, seller: await makeVillager(v, cadre) };
}

/** The edit form as its page fills it in for this listing, with changes on top. */
function editForm(product: Product, village: Village, fields: Record<string, string> = {}): Record<string, string> {
	return productForm(village, {
		title: product.title,
		price: String(product.priceFen / 100),
		stock: String(product.stock),
		stockSeen: String(product.stock),
		...fields
	});
}

/** An order as checkout would store it, written directly: this module only reads orders. */
function insertOrder(product: Product, buyer: User, options: { status?: OrderStatus; at: Date; quantity?: number; shipFeeFen?: number }): Promise<number> {
	const quantity = options.quantity ?? 1;
	const subtotal = product.priceFen * quantity;
	const shipFee = options.shipFeeFen ?? 0;
	return transaction(async (tx) => {
		const [order] = await tx
			.insert(orders)
			.values({
				checkoutId: randomUUID(),
				buyerId: buyer.id,
				sellerId: product.sellerId,
				villageId: product.villageId,
				status: options.status ?? 'placed',
				delivery: 'ship',
				recipientName: '张买家',
				recipientPhone: '13800000000',
				address: '北京市朝阳区',
				subtotalFen: subtotal,
				shipFeeFen: shipFee,
				totalFen: subtotal + shipFee,
				paymentProvider: 'manual',
				paymentMethod: 'cod',
				createdAt: options.at,
				updatedAt: options.at
			})
			.returning();
		await tx
			.insert(orderLines)
			.values({ orderId: order.id, productId: product.id, title: product.title, unit: product.unit, unitPriceFen: product.priceFen, quantity, lineTotalFen: subtotal });
		return order.id;
	});
}

describe('listing a product', () => {
	it('stores a villager’s listing with photos, prices in fen, delivery and team purchase', async () => {
		const { village: v, seller } = await village();
		const product = await makeProduct(
			v,
			seller,
			{
				title: '  大棚   红灯樱桃 ',
				price: '¥1,234.5',
				stock: '５０',
				minOrder: '2',
				shipsFrom: '2026-05-20',
				shipsUntil: '2026-06-10',
				shipFee: '8.00',
				pickup: 'on',
				pickupPlace: '村委会门口',
				pickupTime: '每天下午4点后',
				teamSize: '3',
				teamPrice: '1000',
				teamHours: '24'
			},
			{ files: [await photo(), await photo()] }
		);
		expect(product).toMatchObject({
			title: '大棚 红灯樱桃',
			status: 'listed',
			sellerId: seller.id,
			villageId: v.id,
			cooperative: false,
			priceFen: 123450,
			stock: 50,
			minOrder: 2,
			shipsFrom: '2026-05-20',
			shipsUntil: '2026-06-10',
			shipping: true,
			shipFeeFen: 800,
			pickup: true,
			pickupPlace: '村委会门口',
			teamSize: 3,
			teamPriceFen: 100000,
			teamHours: 24
		});
		expect(product.listedAt).toBeInstanceOf(Date);
		expect(await listProductPhotos(product.id)).toHaveLength(2);
		// A villager sells as themself: nothing goes in the village's audit log.
		expect((await db.select().from(auditLog).where(and(eq(auditLog.villageId, v.id), eq(auditLog.action, 'product.listed'))))).toHaveLength(0);
	});

	it('keeps a draft out of sale, and drops pickup details when pickup is not offered', async () => {
		const { village: v, seller } = await village();
		const draft = await makeProduct(v, seller, { pickupPlace: '村口', shipFee: '' }, { intent: 'draft' });
		expect(draft).toMatchObject({ status: 'draft', listedAt: null, pickup: false, pickupPlace: '', shipFeeFen: 0, teamSize: null });
	});

	it('lets a cadre list for the village cooperative, audited; a villager may not', async () => {
		const { village: v, cadre, seller } = await village();
		const coop = await makeProduct(v, cadre, { cooperative: 'on' });
		expect(coop.cooperative).toBe(true);
		expect((await db.select().from(auditLog).where(and(eq(auditLog.villageId, v.id), eq(auditLog.action, 'product.listed'))))).toHaveLength(1);
		const before = await footprint();
		expect((await refusal(makeProduct(v, seller, { cooperative: 'on' }))).message).toContain('只有');
		expect(await footprint()).toEqual(before);
	});

	it('refuses anyone who is not a villager of the village named, and stores nothing', async () => {
		const { village: v } = await village();
		const other = await village();
		const member = await makeUser();
		const before = await footprint();
		const refused = await refusal(makeProduct(v, member, {}, { files: [await photo()] }));
		expect(refused.status).toBe(403);
		expect(refused.message).toContain('认证村民');
		// A villager of another village cannot sell here either.
		expect((await refusal(makeProduct(v, other.seller))).status).toBe(403);
		expect((await refusal(makeProduct(v, other.seller, { village: String(other.village.id + 1000) }))).status).toBe(404);
		expect((await refusal(makeProduct(v, other.seller, { village: '' }))).message).toContain('哪个村');
		expect(await footprint()).toEqual(before);
		// A revoked villager no longer sells.
		const { village: w, cadre, seller } = await village();
		const membership = (await db.select().from(memberships).where(and(eq(memberships.userId, seller.id), eq(memberships.villageId, w.id))))[0]!;
		await revokeMembership(cadre.id, w.id, membership.id);
		expect((await refusal(makeProduct(w, seller))).status).toBe(403);
	});

	it('refuses every bad field with a clear message and stores nothing, photos included', async () => {
		const { village: v, seller } = await village();
		const sevenPhotos = await Promise.all(Array.from({ length: 7 }, photo));
		const before = await footprint();
		const cases: [Record<string, string>, File[], string][] = [
			[{ title: '   ' }, [], '请填写商品名称'],
			[{ title: '樱'.repeat(41) }, [], '最多 40 个字'],
			[{ description: '好吃'.repeat(1001) }, [], '最多 2000 个字'],
			[{ description: '好吃<script>alert(1)</script>' }, [], '网页代码'],
			[{ description: '[看这里](javascript:alert(1))' }, [], 'javascript:'],
			[{ category: 'gossip' }, [], '分类'],
			[{ unit: 'ton' }, [], '单位'],
			[{ price: '' }, [], '请填写单价'],
			[{ price: '-5' }, [], '大于 0'],
			[{ price: '0' }, [], '大于 0'],
			[{ price: '0.00' }, [], '大于 0'],
			[{ price: '12.345' }, [], '最多两位小数'],
			[{ price: '十二块' }, [], '单价写得不对'],
			[{ price: '1e3' }, [], '单价写得不对'],
			[{ stock: '0' }, [], '至少要有 1'],
			[{ stock: '' }, [], '库存请填整数'],
			[{ stock: '-3' }, [], '库存请填整数'],
			[{ stock: '2.5' }, [], '库存请填整数'],
			[{ stock: '5000000' }, [], '库存请填整数'],
			[{ minOrder: '0' }, [], '起订量'],
			[{ minOrder: '1.5' }, [], '起订量'],
			[{ stock: '5', minOrder: '6' }, [], '不能比库存（5）多'],
			[{ shipsFrom: '2026-02-30' }, [], '发货日期不对'],
			[{ shipsUntil: 'next week' }, [], '发货日期不对'],
			[{ shipsFrom: '2026-06-10', shipsUntil: '2026-06-01' }, [], '不能晚于'],
			[{ shipping: '' }, [], '至少选一种送货方式'],
			[{ shipFee: '-1' }, [], '快递运费'],
			[{ shipFee: 'free' }, [], '快递运费'],
			[{ shipFee: '3.141' }, [], '快递运费'],
			[{ pickup: 'on', pickupPlace: ' ' }, [], '自提地点'],
			[{ pickup: 'on', pickupPlace: '村'.repeat(61) }, [], '最多 60 个字'],
			[{ teamSize: '3' }, [], '三项都填上'],
			[{ teamSize: '3', teamPrice: '10' }, [], '三项都填上'],
			[{ teamSize: '1', teamPrice: '10', teamHours: '24' }, [], '2 到 10 人'],
			[{ teamSize: '11', teamPrice: '10', teamHours: '24' }, [], '2 到 10 人'],
			[{ teamSize: '3', teamPrice: '12.5', teamHours: '24' }, [], '比单价便宜'],
			[{ teamSize: '3', teamPrice: '20', teamHours: '24' }, [], '比单价便宜'],
			[{ teamSize: '3', teamPrice: '0', teamHours: '24' }, [], '拼团价写得不对'],
			[{ teamSize: '3', teamPrice: '10', teamHours: '0' }, [], '1 到 72 小时'],
			[{ teamSize: '3', teamPrice: '10', teamHours: '73' }, [], '1 到 72 小时'],
			[{}, sevenPhotos, '最多 6 张'],
			[{}, [asFile('not a photo', 'x.jpg'), await photo()], '第 1 张照片']
		];
		for (const [fields, files, message] of cases) {
			const refused = await refusal(makeProduct(v, seller, fields, { files }));
			expect(refused.message, JSON.stringify(fields)).toContain(message);
		}
		expect(await footprint()).toEqual(before);
	});
});

describe('editing a listing', () => {
	it('lets only its seller edit or move it; anyone else gets a 404 and nothing changes', async () => {
		const { village: v, cadre, seller } = await village();
		const product = await makeProduct(v, seller);
		const neighbour = await makeVillager(v, cadre);
		for (const someone of [neighbour, cadre, await makeUser()]) {
			const edit = await refusal(editProduct(someone.id, product.id, editForm(product, v, { price: '1' }), noPhotoChange));
			expect(edit.status).toBe(404);
			expect(edit.message).toContain('不是你的');
			const move = await refusal(() => setProductStatus(someone.id, product.id, 'paused'));
			expect(move.status).toBe(404);
		}
		expect((await refusal(() => setProductStatus(seller.id, 999_999, 'paused'))).status).toBe(404);
		expect(await findProduct(product.id)).toEqual(product);
	});

	it('lets every cadre of the village manage a cooperative listing, audited, but not the villager who once was one', async () => {
		const { village: v, cadre } = await village();
		const coop = await makeProduct(v, cadre, { cooperative: 'on' });
		const otherCadre = await makeCadre(v);
		const saved = await editProduct(otherCadre.id, coop.id, editForm(coop, v, { price: '15' }), noPhotoChange);
		expect(saved.priceFen).toBe(1500);
		await setProductStatus(otherCadre.id, coop.id, 'paused');
		const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.villageId, v.id))).map((row) => row.action);
		expect(actions).toEqual(expect.arrayContaining(['product.listed', 'product.edited', 'product.status_changed']));
		expect((await listMyProducts(otherCadre.id)).map((p) => p.id)).toContain(coop.id);
		// The cadre who listed it, once no longer a cadre, has no say over the village's listing.
		const membership = (await db.select().from(memberships).where(and(eq(memberships.userId, cadre.id), eq(memberships.villageId, v.id), eq(memberships.role, 'cadre'))))[0]!;
		await revokeMembership(otherCadre.id, v.id, membership.id);
		expect((await refusal(() => setProductStatus(cadre.id, coop.id, 'listed'))).status).toBe(404);
		expect((await listMyProducts(cadre.id)).map((p) => p.id)).not.toContain(coop.id);
	});

	it('applies the stock difference, so units sold while the form was open stay sold', async () => {
		const { village: v, seller } = await village();
		const product = await makeProduct(v, seller, { stock: '10' });
		const form = editForm(product, v, { stock: '15' }); // the seller sees 10 and adds 5
		await transaction((tx) => tx.update(products).set({ stock: sql`${products.stock} - 3` }).where(eq(products.id, product.id))); // 3 sold meanwhile
		const saved = await editProduct(seller.id, product.id, form, noPhotoChange);
		expect(saved.stock).toBe(12);

		// The seller sees 12 and takes 10 off (kept for family); 2 more sell meanwhile: none left, so it is sold out.
		const cut = editForm(saved, v, { stock: '2' });
		await transaction((tx) => tx.update(products).set({ stock: sql`${products.stock} - 2` }).where(eq(products.id, product.id)));
		expect(await editProduct(seller.id, product.id, cut, noPhotoChange)).toMatchObject({ stock: 0, status: 'sold_out' });
	});

	it('refuses a stock cut bigger than what is left, saying how many sold meanwhile, and changes nothing', async () => {
		const { village: v, seller } = await village();
		const product = await makeProduct(v, seller, { stock: '10' });
		const form = editForm(product, v, { stock: '0', price: '99' });
		await transaction((tx) => tx.update(products).set({ stock: 3 }).where(eq(products.id, product.id))); // 7 sold meanwhile
		const refused = await refusal(editProduct(seller.id, product.id, form, { removePhotos: [], newFiles: [await photo()] }));
		expect(refused).toBeInstanceOf(StockConflict);
		expect(refused.message).toContain('又卖出了 7 件，现在还剩 3 件');
		expect((refused as StockConflict).left).toBe(3);
		expect(await findProduct(product.id)).toMatchObject({ stock: 3, priceFen: 1250, status: 'listed' });
		expect(await listProductPhotos(product.id)).toHaveLength(0);
		// A form without the stock it was read with is refused rather than guessed at.
		const { stockSeen: _, ...noSeen } = form;
		expect((await refusal(editProduct(seller.id, product.id, noSeen, noPhotoChange))).message).toContain('请求不完整');
	});

	it('sells out at stock 0 and goes back on sale with new stock; a paused listing stays paused', async () => {
		const { village: v, seller } = await village();
		const product = await makeProduct(v, seller, { stock: '5' });
		const soldOut = await editProduct(seller.id, product.id, editForm(product, v, { stock: '0' }), noPhotoChange);
		expect(soldOut).toMatchObject({ stock: 0, status: 'sold_out' });
		const back = await editProduct(seller.id, product.id, editForm(soldOut, v, { stock: '20' }), noPhotoChange);
		expect(back).toMatchObject({ stock: 20, status: 'listed' });

		const paused = await setProductStatus(seller.id, product.id, 'paused');
		const emptied = await editProduct(seller.id, product.id, editForm(paused, v, { stock: '0' }), noPhotoChange);
		expect(emptied.status).toBe('paused');
		expect((await refusal(() => setProductStatus(seller.id, product.id, 'listed'))).message).toContain('至少要有 1');
		const refilled = await editProduct(seller.id, product.id, editForm(emptied, v, { stock: '4' }), noPhotoChange);
		expect(refilled.status).toBe('paused');
		expect((await setProductStatus(seller.id, product.id, 'listed')).status).toBe('listed');
	});

	it('changes the price for new orders only: an order placed before keeps its lines', async () => {
		const { village: v, seller } = await village();
		const buyer = await makeUser();
		const product = await makeProduct(v, seller, { price: '12.50' });
		const orderId = await insertOrder(product, buyer, { at: new Date(), quantity: 4 });
		const before = { order: (await db.select().from(orders).where(eq(orders.id, orderId)))[0], lines: await db.select().from(orderLines).where(eq(orderLines.orderId, orderId)) };
		const saved = await editProduct(seller.id, product.id, editForm(product, v, { price: '20', title: '新名字' }), noPhotoChange);
		expect(saved.priceFen).toBe(2000);
		expect((await db.select().from(orders).where(eq(orders.id, orderId)))[0]).toEqual(before.order);
		expect((await db.select().from(orderLines).where(eq(orderLines.orderId, orderId)))).toEqual(before.lines);
		expect(before.lines[0]).toMatchObject({ unitPriceFen: 1250, lineTotalFen: 5000, title: product.title });
	});

	it('removes and adds photos, never more than six in all', async () => {
		const { village: v, seller } = await village();
		const product = await makeProduct(v, seller, {}, { files: [await photo(), await photo()] });
		const [first] = await listProductPhotos(product.id);
		const five = await Promise.all(Array.from({ length: 5 }, photo));
		const before = await footprint();
		const tooMany = await refusal(editProduct(seller.id, product.id, editForm(product, v), { removePhotos: [], newFiles: five }));
		expect(tooMany.message).toContain('最多 6 张');
		expect(await footprint()).toEqual(before);
		await editProduct(seller.id, product.id, editForm(product, v), { removePhotos: [first.id], newFiles: five });
		const now = await listProductPhotos(product.id);
		expect(now).toHaveLength(6);
		expect(now.map((p) => p.id)).not.toContain(first.id);
	});

	it('validates an edit like a new listing', async () => {
		const { village: v, seller } = await village();
		const product = await makeProduct(v, seller);
		for (const [fields, message] of [
			[{ price: '-1' }, '大于 0'],
			[{ stock: 'lots' }, '库存请填整数'],
			[{ shipping: '', pickup: '' }, '送货方式']
		] as const) {
			expect((await refusal(editProduct(seller.id, product.id, editForm(product, v, fields), noPhotoChange))).message).toContain(message);
		}
		expect(await findProduct(product.id)).toEqual(product);
	});
});

describe('moving a listing between states', () => {
	it('follows draft→listed, listed↔paused, sold_out→paused, and archived is final', async () => {
		const { village: v, seller } = await village();
		const draft = await makeProduct(v, seller, {}, { intent: 'draft' });
		const listed = await setProductStatus(seller.id, draft.id, 'listed');
		expect(listed.listedAt).toBeInstanceOf(Date);
		expect((await setProductStatus(seller.id, draft.id, 'paused')).status).toBe('paused');
		expect((await setProductStatus(seller.id, draft.id, 'listed')).listedAt).toEqual(listed.listedAt);
		// Asking for the state it is in is no change and no error (a second tab, a retry).
		expect((await setProductStatus(seller.id, draft.id, 'listed')).status).toBe('listed');
		expect((await refusal(() => setProductStatus(seller.id, draft.id, 'draft'))).message).toContain('不能直接改成');
		expect((await refusal(() => setProductStatus(seller.id, draft.id, 'sold_out'))).status).toBe(409);

		const soldOut = await editProduct(seller.id, draft.id, editForm((await findProduct(draft.id))!, v, { stock: '0' }), noPhotoChange);
		expect(soldOut.status).toBe('sold_out');
		expect((await refusal(() => setProductStatus(seller.id, draft.id, 'listed'))).status).toBe(409);
		expect((await setProductStatus(seller.id, draft.id, 'paused')).status).toBe('paused');

		expect((await setProductStatus(seller.id, draft.id, 'archived')).status).toBe('archived');
		for (const to of ['listed', 'paused', 'draft'] as const) {
			expect((await refusal(() => setProductStatus(seller.id, draft.id, to))).message).toContain('不能再恢复');
		}
		const edit = await refusal(editProduct(seller.id, draft.id, editForm((await findProduct(draft.id))!, v, { stock: '9' }), noPhotoChange));
		expect(edit.message).toContain('已经下架');
		expect(await findProduct(draft.id)).toMatchObject({ status: 'archived', stock: 0 });
	});
});

describe('the seller page', () => {
	it('lists my listings, live ones first, with their first photo', async () => {
		const { village: v, cadre, seller } = await village();
		const archived = await makeProduct(v, seller, { title: '旧货' });
		await setProductStatus(seller.id, archived.id, 'archived');
		const draft = await makeProduct(v, seller, { title: '草稿货' }, { intent: 'draft' });
		const first = await photo();
		const listed = await makeProduct(v, seller, { title: '好货' }, { files: [first, await photo()] });
		await makeProduct(v, await makeVillager(v, cadre), { title: '邻居的货' });
		await makeProduct(v, cadre, { title: '合作社的货', cooperative: 'on' });
		const mine = await listMyProducts(seller.id);
		expect(mine.map((p) => p.id)).toEqual([listed.id, draft.id, archived.id]);
		expect(mine[0]).toMatchObject({ title: '好货', status: 'listed', priceFen: 1250, unit: 'jin', stock: 50, village: { slug: v.slug } });
		expect(mine[0].photo?.id).toBe((await listProductPhotos(listed.id))[0].id);
		expect(mine[1].photo).toBeNull();
		expect((await listMyProducts(cadre.id)).map((p) => p.title)).toEqual(['合作社的货']);
	});
});

describe('sales summary', () => {
	it('adds up each China day’s sales, every day present, cancelled and teaming orders left out', async () => {
		const { village: v, seller } = await village();
		const buyer = await makeUser();
		const product = await makeProduct(v, seller, { price: '10' });
		// 2026-03-10 12:00 in China.
		const now = new Date('2026-03-10T04:00:00Z');
		// 2026-03-10 00:30 China time is still 2026-03-09 in UTC: it counts as today.
		await insertOrder(product, buyer, { at: new Date('2026-03-09T16:30:00Z'), quantity: 2, shipFeeFen: 500 });
		// 2026-03-09 23:59 China time: yesterday.
		await insertOrder(product, buyer, { at: new Date('2026-03-09T15:59:00Z'), quantity: 1, status: 'completed' });
		await insertOrder(product, buyer, { at: new Date('2026-03-09T15:00:00Z'), quantity: 3, status: 'shipped' });
		await insertOrder(product, buyer, { at: new Date('2026-03-09T15:00:00Z'), quantity: 9, status: 'cancelled' });
		await insertOrder(product, buyer, { at: new Date('2026-03-09T15:00:00Z'), quantity: 9, status: 'teaming' });
		await insertOrder(product, buyer, { at: new Date('2026-03-09T15:00:00Z'), quantity: 9, status: 'refunded' });
		// The first of the 30 days, 2026-02-09, just after midnight China time; and just before it, left out.
		await insertOrder(product, buyer, { at: new Date('2026-02-08T16:00:00Z'), quantity: 1 });
		await insertOrder(product, buyer, { at: new Date('2026-02-08T15:59:59Z'), quantity: 5 });
		// Tomorrow in China is not in the window either.
		await insertOrder(product, buyer, { at: new Date('2026-03-10T16:00:00Z'), quantity: 5 });
		// Someone else's sale.
		const other = await makeProduct(v, await makeVillager(v));
		await insertOrder(other, buyer, { at: now, quantity: 1 });

		const summary = await salesSummary(seller.id, 30, now);
		expect(summary.days).toHaveLength(30);
		expect(summary.days[0]).toEqual({ date: '2026-02-09', revenueFen: 1000, orders: 1 });
		expect(summary.days.at(-1)).toEqual({ date: '2026-03-10', revenueFen: 2500, orders: 1 });
		expect(summary.days.at(-2)).toEqual({ date: '2026-03-09', revenueFen: 4000, orders: 2 });
		expect(summary.days.filter((d) => d.orders === 0)).toHaveLength(27);
		expect(summary.days.map((d) => d.date)).toEqual([...summary.days.map((d) => d.date)].sort());
		expect(summary.totals).toEqual({ orders: 4, units: 7, revenueFen: 7500 });

		expect(await salesSummary(buyer.id, 7, now)).toEqual({
			days: ['03-04', '03-05', '03-06', '03-07', '03-08', '03-09', '03-10'].map((d) => ({ date: `2026-${d}`, revenueFen: 0, orders: 0 })),
			totals: { orders: 0, units: 0, revenueFen: 0 }
		});
	});
});
