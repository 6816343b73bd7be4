// Sellers and listings for the buying tests: a fresh villager of 舒王庄村 and a product of
// theirs written straight to the database (listing through the form is listings.test.ts's job).
import { indexTokens } from '../../../src/lib/server/platform/search-tokens';
import type { Page } from 'playwright-core';
import { register } from './browser';
import { writeDatabase } from './database';
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
export function insertListing(sellerUsername: string, fields: ListingFields): number {
	return writeDatabase((db) => {
		const { id: sellerId } = db.prepare('SELECT id FROM users WHERE username = ?').get(sellerUsername) as { id: number };
		const { id: villageId } = db.prepare("SELECT id FROM villages WHERE slug = 'shuwangzhuang'").get() as { id: number };
		const row = db
			.prepare(
				`INSERT INTO products (village_id, seller_id, title, description, category, unit, price_fen, stock, min_order, shipping, ship_fee_fen, pickup, pickup_place, pickup_time,
					team_size, team_price_fen, team_hours, status, listed_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 1, '村委会门口', '每天下午', ?, ?, ?, 'listed', ?) RETURNING id`
			)
			.get(
				villageId,
				sellerId,
				fields.title,
				fields.description ?? '自家的，新鲜。',
				fields.category ?? 'other',
				fields.unit ?? 'jin',
				fields.priceFen,
				fields.stock,
				fields.minOrder ?? 1,
				fields.shipFeeFen ?? 0,
				fields.team?.size ?? null,
				fields.team?.priceFen ?? null,
				fields.team ? 24 : null,
				Date.now()
			) as { id: number };
		// What the app writes beside a product in the same transaction, so market search finds it.
		const village = (db.prepare('SELECT name FROM villages WHERE id = ?').get(villageId) as { name: string }).name;
		db.prepare("INSERT INTO search_entries (kind, ref_id, title, extra, body) VALUES ('product', ?, ?, ?, ?)").run(
			row.id,
			indexTokens(fields.title),
			indexTokens(village),
			indexTokens(fields.description ?? '自家的，新鲜。')
		);
		return row.id;
	});
}
