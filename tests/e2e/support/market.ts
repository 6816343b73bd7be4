// Sellers and listings for the buying tests: a fresh villager of 舒王庄村 and a product of
// theirs written straight to the database (listing through the form is listings.test.ts's job).
import { indexTokens } from '../../../src/lib/server/platform/search-tokens';
import type { Page } from 'playwright-core';
import { register } from './browser';
import { changeDatabase, queryRows } from './database';
import { issueJoinCode, redeemJoinCode } from './villagers';

/** A new account on `page`, verified as a villager of 舒王庄村 with a code from the demo cadre; returns the username. */
export async function newSeller(page: Page, displayName: string, realName: string): Promise<string> {
	const username = await register(page, displayName, 'seller');
	await redeemJoinCode(page, await issueJoinCode(realName));
	return username;
}

export type ListingFields = {
	title: string;
	description?: string;
	category?: string;
	unit?: string;
	priceFen: number;
	stock: number;
	minOrder?: number;
	shipFeeFen?: number;
	/** Teams of this size at this price per unit, within 24 hours. */
	team?: { size: number; priceFen: number };
};

/** A listed product of this seller in 舒王庄村, shipped or picked up at the village committee; returns its id. */
export function insertListing(sellerUsername: string, fields: ListingFields): Promise<number> {
	const description = fields.description ?? '自家的，新鲜。';
	return changeDatabase(async (run) => {
		const [product] = await run<{ id: number; village: string }>(
			`INSERT INTO products (village_id, seller_id, title, description, category, unit, price_fen, stock, min_order, shipping, ship_fee_fen, pickup, pickup_place, pickup_time,
				team_size, team_price_fen, team_hours, status, listed_at)
			 SELECT v.id, u.id, ?, ?, ?, ?, ?, ?, ?, true, ?, true, '村委会门口', '每天下午', ?, ?, ?, 'listed', ?
			 FROM users u, villages v WHERE u.username = ? AND v.slug = 'shuwangzhuang'
			 RETURNING id, (SELECT name FROM villages WHERE slug = 'shuwangzhuang') AS village`,
			fields.title,
			description,
			fields.category ?? 'other',
			fields.unit ?? 'jin',
			fields.priceFen,
			fields.stock,
			fields.minOrder ?? 1,
			fields.shipFeeFen ?? 0,
			fields.team?.size ?? null,
			fields.team?.priceFen ?? null,
			fields.team ? 24 : null,
			new Date(),
			sellerUsername
		);
		if (!product) throw new Error(`No seller ${sellerUsername} to list for`);
		// What the app writes beside a product in the same transaction, so market search finds it.
		await run(
			"INSERT INTO search_entries (kind, ref_id, title, extra, body) VALUES ('product', ?, ?, ?, ?)",
			product.id,
			indexTokens(fields.title),
			indexTokens(product.village),
			indexTokens(description)
		);
		return product.id;
	});
}

/** Four characters no demo product has, so a search finds this test's product and nothing else. */
function uniqueWord(): string {
	const pool = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥';
	return Array.from({ length: 4 }, () => pool[Math.floor(Math.random() * pool.length)]).join('');
}

export type Listing = { id: number; title: string; sellerUsername: string };

/** A fresh seller with 黄金小米 at ¥12/斤 (min. 2), ¥8 delivery: the title ends in a word only this test uses. */
export async function sellerWithProduct(page: Page, fields: { stock?: number } = {}): Promise<Listing> {
	const sellerUsername = await newSeller(page, '赵大姐', '赵秀兰');
	const title = `黄金小米${uniqueWord()}`;
	const id = await insertListing(sellerUsername, {
		title,
		description: '今年新谷，石碾去壳，熬粥有油。',
		category: 'grain',
		priceFen: 1200,
		stock: fields.stock ?? 50,
		minOrder: 2,
		shipFeeFen: 800
	});
	return { id, title, sellerUsername };
}

/** This buyer's orders, oldest first. */
export const orderOf = (buyerUsername: string) =>
	queryRows<{ id: number; status: string; total_fen: number; subtotal_fen: number; ship_fee_fen: number; tracking_note: string | null }>(
		'SELECT o.* FROM orders o JOIN users u ON u.id = o.buyer_id WHERE u.username = ? ORDER BY o.id',
		buyerUsername
	);
