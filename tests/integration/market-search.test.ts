import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { db, engine, orders, products, queryRows, reviews, teams, transaction, villages, type User, type Village } from '$lib/server/platform/db';
import { findMarketProduct, listFeaturedProducts, listVillageProducts, searchMarket } from '$lib/server/market/catalog';
import { parseMarketFilter, type MarketFilter } from '$lib/market/market-filter';
import { indexProduct, indexUnindexedProducts } from '$lib/server/market/search-index';
import { insertProduct, makeUser, makeVillage, makeVillager } from './factories';

/** Everything the market shows for `params`, as titles in order. */
async function titles(params: Record<string, string>, limit = 20): Promise<string[]> {
	return (await searchMarket(parseMarketFilter(new URLSearchParams(params)), limit)).items.map((item) => item.title);
}

async function namedVillage(name: string): Promise<Village> {
	const village = await makeVillage();
	// Renamed before any product: the search index copies the village name when a product is written.
	const [renamed] = await transaction((tx) => tx.update(villages).set({ name }).where(eq(villages.id, village.id)).returning());
	return renamed;
}

const day = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(Date.now() - days * day);

let east: Village;
let west: Village;
let seller: User;
let westSeller: User;

beforeAll(async () => {
	// Names no other product here contains, so each search below knows exactly what it should find.
	east = await namedVillage('东坡头村');
	west = await namedVillage('石磨岭村');
	seller = await makeVillager(east);
	westSeller = await makeVillager(west);
	await insertProduct(east, seller, { title: '大樱桃 红灯 5斤装', description: '五月现摘，个大汁甜。', category: 'fruit', priceFen: 6800, listedAt: ago(1) });
	await insertProduct(east, seller, { title: '美早樱桃 礼盒', description: '硬度高，耐运输。', category: 'fruit', priceFen: 12800, listedAt: ago(2) });
	await insertProduct(east, seller, { title: '林下散养乌鸡', description: '散养一年以上的老母鸡，炖汤香。', category: 'meat_eggs', priceFen: 16800, listedAt: ago(3) });
	await insertProduct(east, seller, { title: '乌鸡蛋 30枚', description: '每天现捡，个头小、蛋黄大。', category: 'meat_eggs', priceFen: 4500, listedAt: ago(4) });
	await insertProduct(east, seller, { title: '槐花蜂蜜', description: '洋槐花期取的蜜，清香不腻。', category: 'other', priceFen: 5800, listedAt: ago(5) });
	await insertProduct(west, westSeller, { title: '石磨小米', description: '今年新米，熬粥有米油。', category: 'grain', priceFen: 1200, listedAt: ago(6) });
	await insertProduct(west, westSeller, { title: '手工鸟笼 画眉笼', description: '本地竹子手工劈削，百分之百纯手工。', category: 'handicraft', priceFen: 38000, listedAt: ago(7) });
	await insertProduct(west, westSeller, { title: '老玉米糁', description: '石磨磨的，颗粒匀。', category: 'grain', priceFen: 900, stock: 0, status: 'sold_out', listedAt: ago(0.5) });
	// Hidden from the market: a draft, a paused and an archived listing that all say 樱桃.
	await insertProduct(east, seller, { title: '樱桃 草稿', category: 'fruit', status: 'draft', listedAt: null });
	await insertProduct(east, seller, { title: '樱桃 暂停', category: 'fruit', status: 'paused' });
	await insertProduct(east, seller, { title: '樱桃 下架', category: 'fruit', status: 'archived' });
});

describe('parseMarketFilter', () => {
	it('reads the address, ignoring anything malformed', async () => {
		const parse = (query: string) => parseMarketFilter(new URLSearchParams(query));
		expect(parse('')).toEqual({ query: '', village: null, category: null, sort: 'newest', page: 1 });
		expect(parse('q=%20樱桃%20&village=liuhe&category=fruit&sort=price_asc&page=3')).toEqual({
			query: '樱桃',
			village: 'liuhe',
			category: 'fruit',
			sort: 'price_asc',
			page: 3
		});
		expect(parse('q=樱桃')).toMatchObject({ sort: 'relevance' });
		expect(parse('sort=relevance')).toMatchObject({ sort: 'newest' });
		// A village is typed text the page resolves to one village (or says none answers to it).
		expect(parse('village=<script>&category=cars&sort=random&page=-1')).toEqual({ query: '', village: '<script>', category: null, sort: 'newest', page: 1 });
		expect(parse('village=%20%20&q=%20')).toMatchObject({ query: '', village: null });
		for (const page of ['0', 'abc', '1e3', '99999', '2.5']) expect(parse(`page=${page}`).page).toBe(1);
		expect(parse(`q=${'蜜'.repeat(500)}`).query).toHaveLength(100);
	});
});

describe('searchMarket', () => {
	it('finds by a 1-character, a 2-character and a 3+-character Chinese query', async () => {
		expect((await titles({ q: '米' })).sort()).toEqual(['石磨小米', '老玉米糁'].sort());
		expect((await titles({ q: '樱桃' })).sort()).toEqual(['大樱桃 红灯 5斤装', '美早樱桃 礼盒'].sort());
		expect(await titles({ q: '乌鸡蛋' })).toEqual(['乌鸡蛋 30枚']);
		expect(await titles({ q: '槐花蜂蜜' })).toEqual(['槐花蜂蜜']);
		// In the description only.
		expect(await titles({ q: '耐运输' })).toEqual(['美早樱桃 礼盒']);
		expect(await titles({ q: '竹子' })).toEqual(['手工鸟笼 画眉笼']);
	});

	it('needs every term to match, short and long mixed', async () => {
		expect(await titles({ q: '乌鸡 蛋' })).toEqual(['乌鸡蛋 30枚']);
		expect(await titles({ q: '樱桃 礼盒' })).toEqual(['美早樱桃 礼盒']);
		expect(await titles({ q: '手工鸟笼 竹' })).toEqual(['手工鸟笼 画眉笼']);
		expect(await titles({ q: '樱桃 小米' })).toEqual([]);
	});

	it('finds a village’s products by its name, whole or in part, and with another term', async () => {
		expect((await titles({ q: '石磨岭村' })).sort()).toEqual(['手工鸟笼 画眉笼', '石磨小米', '老玉米糁'].sort());
		expect(await titles({ q: '石磨岭' })).toHaveLength(3);
		expect((await titles({ q: '东坡头 乌鸡' })).sort()).toEqual(['乌鸡蛋 30枚', '林下散养乌鸡'].sort());
	});

	it('treats FTS and LIKE syntax in the query as plain text: no error, no wildcard', async () => {
		for (const q of ['"', '""', '*', '***', 'AND', 'OR NOT', 'NEAR(', 'NEAR(樱桃 礼盒)', '-', ':', 'title:樱桃', '樱桃*', '"樱桃', '^樱桃', '%', '_', '\\', '%%%', '(', ')', "'", '; DROP TABLE products; --']) {
			await expect(titles({ q }), q).resolves.toBeInstanceOf(Array);
		}
		expect(await titles({ q: '%' })).toEqual([]);
		expect(await titles({ q: '_' })).toEqual([]);
		expect(await titles({ q: '***' })).toEqual([]);
		expect(await titles({ q: 'title:樱桃' })).toEqual([]);
		// Punctuation is not searched for: the words around it are.
		expect(await titles({ q: '"樱桃礼' })).toEqual(['美早樱桃 礼盒']);
		expect(await titles({ q: '樱桃 AND' })).toEqual([]);
	});

	it('filters by village and category', async () => {
		expect((await titles({ village: west.slug })).sort()).toEqual(['手工鸟笼 画眉笼', '石磨小米', '老玉米糁'].sort());
		expect(await titles({ category: 'meat_eggs' })).toEqual(['林下散养乌鸡', '乌鸡蛋 30枚']);
		expect(await titles({ village: east.slug, category: 'grain' })).toEqual([]);
		expect((await titles({ q: '米', village: west.slug, category: 'grain' })).sort()).toEqual(['石磨小米', '老玉米糁'].sort());
	});

	it('sorts newest, by price either way, and by relevance with sold-out products last', async () => {
		expect(await titles({ village: east.slug })).toEqual(['大樱桃 红灯 5斤装', '美早樱桃 礼盒', '林下散养乌鸡', '乌鸡蛋 30枚', '槐花蜂蜜']);
		// 老玉米糁 is the newest and the cheapest, but sold out.
		expect(await titles({ village: west.slug })).toEqual(['石磨小米', '手工鸟笼 画眉笼', '老玉米糁']);
		expect(await titles({ village: west.slug, sort: 'price_asc' })).toEqual(['石磨小米', '手工鸟笼 画眉笼', '老玉米糁']);
		expect(await titles({ village: east.slug, sort: 'price_desc' })).toEqual(['林下散养乌鸡', '美早樱桃 礼盒', '大樱桃 红灯 5斤装', '槐花蜂蜜', '乌鸡蛋 30枚']);
		expect((await titles({ village: east.slug, sort: 'price_asc' }))[0]).toBe('乌鸡蛋 30枚');
		// A title match ranks above a description match.
		expect((await titles({ q: '散养' }))[0]).toBe('林下散养乌鸡');
		expect((await titles({ q: '手工' }))[0]).toBe('手工鸟笼 画眉笼');
		// Typed without a space, the words are still found apart (the segmenter cuts 樱桃|礼盒).
		const cherries = await searchMarket(parseMarketFilter(new URLSearchParams({ q: '樱桃礼盒' })));
		expect(cherries.items.map((i) => i.title)).toEqual(['美早樱桃 礼盒']);
		expect(await titles({ q: '鸟笼', sort: 'price_desc' })).toEqual(['手工鸟笼 画眉笼']);
	});

	it('never shows drafts, paused or archived listings', async () => {
		const all = [...await titles({ q: '樱桃' }), ...await titles({ q: '樱' }), ...await titles({ category: 'fruit' }), ...await titles({}, 100)];
		for (const hidden of ['樱桃 草稿', '樱桃 暂停', '樱桃 下架']) expect(all).not.toContain(hidden);
	});

	it('pages 20 at a time and says whether there is a next page', async () => {
		const village = await makeVillage();
		const cadre = await makeUser();
		for (let i = 0; i < 21; i++) await insertProduct(village, cadre, { title: `翻页测试 ${String(i).padStart(2, '0')}`, listedAt: ago(10 + i) });
		const filter: MarketFilter = { ...parseMarketFilter(new URLSearchParams({ village: village.slug })) };
		const first = await searchMarket(filter);
		expect(first.items).toHaveLength(20);
		expect(first.hasNext).toBe(true);
		expect(first.total).toBe(21);
		expect(first.items[0].title).toBe('翻页测试 00');
		const second = await searchMarket({ ...filter, page: 2 });
		expect(second.items.map((i) => i.title)).toEqual(['翻页测试 20']);
		expect(second.hasNext).toBe(false);
		// Data saver's shorter pages.
		const short = await searchMarket(filter, 10);
		expect([short.items.length, short.hasNext]).toEqual([10, true]);
		expect((await searchMarket({ ...filter, page: 3 }, 10)).items).toHaveLength(1);
		expect((await searchMarket({ ...filter, query: '翻页测试' })).total).toBe(21);
	});

	it('follows a title edit made with the product’s reindexing in its transaction', async () => {
		const village = await makeVillage();
		const product = await insertProduct(village, seller, { title: '铁棍山药 5斤' });
		expect(await titles({ q: '铁棍山药' })).toContain('铁棍山药 5斤');
		await transaction(async (tx) => {
			await tx.update(products).set({ title: '温县垆土铁棍山药 5斤' }).where(eq(products.id, product.id));
			await indexProduct(tx, product.id);
		});
		expect(await titles({ q: '铁棍山药' })).toContain('温县垆土铁棍山药 5斤');
		expect(await titles({ q: '铁棍山药' })).not.toContain('铁棍山药 5斤');
		expect(await titles({ q: '垆土' })).toContain('温县垆土铁棍山药 5斤');
		await transaction((tx) => tx.update(products).set({ status: 'archived' }).where(eq(products.id, product.id)));
		expect(await titles({ q: '垆土' })).toEqual([]);
	});

	it('indexes products written before search had an entry for them, and finds them', async () => {
		const village = await namedVillage('麦香坪村');
		const bulk = await makeUser();
		const rows = Array.from({ length: 450 }, (_, i) => ({
			villageId: village.id,
			sellerId: bulk.id,
			title: `批量 小麦粉 ${i}`,
			description: `第 ${i} 袋，石磨面粉。`,
			category: 'grain' as const,
			unit: 'jin' as const,
			priceFen: 500 + i,
			stock: 10,
			status: 'listed' as const,
			listedAt: new Date(Date.now() - i * 1000)
		}));
		// Written as an older release or a copy would have left them: no search entries.
		await transaction(async (tx) => {
			for (let i = 0; i < rows.length; i += 150) await tx.insert(products).values(rows.slice(i, i + 150));
		});
		expect((await searchMarket(parseMarketFilter(new URLSearchParams({ q: '小麦粉' })))).total).toBe(0);
		expect(await indexUnindexedProducts(100)).toBeGreaterThanOrEqual(450);
		const page = await searchMarket(parseMarketFilter(new URLSearchParams({ q: '麦香坪 小麦粉' })));
		expect(page.total).toBe(450);
		expect(page.hasNext).toBe(true);
		expect(await indexUnindexedProducts()).toBe(0);
	});

	// SQLite's plan: the full-text index first, products reached by primary key (PostgreSQL: GIN, see search.test.ts).
	it.skipIf(engine === 'postgres')('starts a search from the full-text index', async () => {
		const plan = await queryRows<{ detail: string }>(
			db,
			sql.raw(
				"EXPLAIN QUERY PLAN SELECT p.id FROM products p JOIN villages v ON v.id = p.village_id WHERE p.status IN ('listed','sold_out') AND p.id IN (SELECT se.ref_id FROM search_fts JOIN search_entries se ON se.id = search_fts.rowid WHERE search_fts MATCH '\"樱桃\"' AND se.kind = 'product') LIMIT 21"
			)
		);
		const text = plan.map((row) => row.detail).join('\n');
		expect(text).toMatch(/VIRTUAL TABLE INDEX/);
		expect(text).toMatch(/USING INTEGER PRIMARY KEY/);
	});
});

describe('product pages and short lists', () => {
	it('shows listed, sold-out and paused products to anyone; drafts and archived ones to their seller only', async () => {
		const village = await makeVillage();
		const own = await makeVillager(village);
		const other = await makeUser();
		for (const status of ['listed', 'sold_out', 'paused'] as const) {
			const product = await insertProduct(village, own, { status });
			expect((await findMarketProduct(product.id, null))?.status).toBe(status);
		}
		for (const status of ['draft', 'archived'] as const) {
			const product = await insertProduct(village, own, { status });
			expect(await findMarketProduct(product.id, null)).toBeUndefined();
			expect(await findMarketProduct(product.id, other.id)).toBeUndefined();
			expect(await findMarketProduct(product.id, own.id)).toMatchObject({ status, mine: true });
		}
		expect(await findMarketProduct(999_999, null)).toBeUndefined();
	});

	it('brings the village, seller, delivery, team offer, reviews and the open teams with their members', async () => {
		const village = await namedVillage('评价村');
		const own = await makeVillager(village);
		const product = await insertProduct(village, own, {
			title: '大樱桃 3人团',
			cooperative: true,
			priceFen: 1200,
			teamSize: 3,
			teamPriceFen: 990,
			teamHours: 24,
			pickup: true,
			pickupPlace: '村委会门口',
			pickupTime: '每天下午4点后',
			shipFeeFen: 800,
			shipsFrom: '2026-05-20',
			shipsUntil: '2026-06-10',
			reviewCount: 3,
			ratingTotal: 14
		});
		const buyers = [await makeUser(), await makeUser(), await makeUser()];
		const now = Date.now();
		const order = async (buyerId: number, fields: Partial<typeof orders.$inferInsert> = {}) => {
			const [placed] = await transaction((tx) =>
				tx
				.insert(orders)
				.values({
					checkoutId: crypto.randomUUID(),
					buyerId,
					sellerId: own.id,
					villageId: village.id,
					status: 'completed',
					delivery: 'ship',
					recipientName: '陈',
					recipientPhone: '13800000000',
					subtotalFen: 1200,
					shipFeeFen: 0,
					totalFen: 1200,
					paymentProvider: 'manual',
					paymentMethod: 'cod',
					createdAt: new Date(now),
					updatedAt: new Date(now),
					...fields
				})
				.returning()
			);
			return placed;
		};
		for (const [i, [rating, comment]] of ([
			[5, '很甜'],
			[4, '个头不大'],
			[5, '']
		] as const).entries()) {
			const placed = await order(buyers[i].id);
			await transaction((tx) => tx.insert(reviews).values({ orderId: placed.id, productId: product.id, buyerId: buyers[i].id, rating, comment, createdAt: new Date(now + i * 1000) }));
		}
		const team = async (status: 'open' | 'complete', expiresAt: number) => {
			const [made] = await transaction((tx) =>
				tx.insert(teams).values({ productId: product.id, starterId: buyers[0].id, size: 3, priceFen: 990, status, createdAt: new Date(now), expiresAt: new Date(expiresAt) }).returning()
			);
			return made;
		};
		const open = await team('open', now + 3600_000);
		await team('open', now - 1000); // expired, not yet swept
		await team('complete', now + 3600_000);
		await order(buyers[0].id, { teamId: open.id, status: 'teaming' });
		await order(buyers[1].id, { teamId: open.id, status: 'cancelled' });

		const page = (await findMarketProduct(product.id, null))!;
		expect(page).toMatchObject({
			title: '大樱桃 3人团',
			cooperative: true,
			village: { name: '评价村', slug: village.slug },
			team: { size: 3, priceFen: 990, hours: 24 },
			pickupPlace: '村委会门口',
			shipsFrom: '2026-05-20',
			rating: 4.7,
			reviewCount: 3,
			mine: false
		});
		expect(page.reviews.map((r) => [r.rating, r.comment])).toEqual([
			[5, ''],
			[4, '个头不大'],
			[5, '很甜']
		]);
		expect(page.reviews[0].buyerName).toBe('测试用户');
		expect(page.openTeams).toEqual([{ id: open.id, size: 3, joined: 1, priceFen: 990, expiresAt: new Date(now + 3600_000), myOrderId: null }]);
	});

	it('lists a village’s produce and a county selection for the home page', async () => {
		const a = await makeVillage();
		const b = await makeVillage();
		const own = await makeUser();
		for (let i = 0; i < 4; i++) await insertProduct(a, own, { title: `甲村 ${i}`, listedAt: ago(i) });
		await insertProduct(b, own, { title: '乙村 0', listedAt: ago(30) });
		await insertProduct(a, own, { title: '甲村 售完', status: 'sold_out', stock: 0, listedAt: ago(-1) });
		await insertProduct(a, own, { title: '甲村 暂停', status: 'paused' });
		expect((await listVillageProducts(a.id, 10)).map((i) => i.title)).toEqual(['甲村 0', '甲村 1', '甲村 2', '甲村 3', '甲村 售完']);
		const featured = (await listFeaturedProducts(100)).map((i) => i.title);
		// One village's newest, then the next village's: 乙村's only product comes before 甲村's second.
		expect(featured.indexOf('乙村 0')).toBeLessThan(featured.indexOf('甲村 1'));
		expect(featured).not.toContain('甲村 售完');
		expect(featured).not.toContain('甲村 暂停');
	});
});
