import { randomUUID } from 'node:crypto';
import type { Job } from '$lib/server/platform/jobs';
import { and, count, eq, lte } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, lockFor, orders, products, recordWriteResult, teams, transaction, users, villages, type Order, type Product, type Team, type Tx } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import type { TeamCheckout } from '$lib/market/forms';
import { checkOnSale, checkQuantity } from './cart';
import { checkContact, checkUnpaidCap, chooseDelivery, confirmBy, insertOrder, notifyPlaced } from './checkout';
import { checkCartSeen } from './seen';
import { cancelTeamOrders, expireUnconfirmedOrders, inTeam, recordEvent } from './order-states';
import { orderTotals } from '$lib/market/totals';
import { notify } from './notification-kinds';
import type { DeliveryMethod } from '$lib/market/vocabulary';

/** A listing's team offer, or null when it has none. */
export function teamOffer(product: Pick<Product, 'teamSize' | 'teamPriceFen' | 'teamHours'>): { size: number; priceFen: number; hours: number } | null {
	const { teamSize, teamPriceFen, teamHours } = product;
	return teamSize && teamPriceFen && teamHours ? { size: teamSize, priceFen: teamPriceFen, hours: teamHours } : null;
}

/** Members of a team: its orders that still stand. `handle`: the caller's `tx` when the count decides a write. */
export async function teamMemberCount(teamId: number, handle: Tx = db): Promise<number> {
	const [row] = await handle.select({ n: count() }).from(orders).where(inTeam(teamId));
	return row?.n ?? 0;
}

export async function findTeam(teamId: number, handle: Tx = db): Promise<Team | undefined> {
	const [team] = await handle.select().from(teams).where(eq(teams.id, teamId)).limit(1);
	return team;
}

/** A team that can still be joined, or a message saying why not. */
async function joinableTeam(tx: Tx, teamId: number, buyerId: number, now: Date): Promise<Team> {
	const team = await findTeam(teamId, tx);
	if (!team) throw new UserError(m.team_error_not_found(), 404);
	if (team.status === 'complete') throw new UserError(m.team_error_full(), 409);
	if (team.status === 'dissolved' || team.expiresAt <= now) throw new UserError(m.team_error_expired(), 409);
	if ((await teamOrderOf(team.id, buyerId, tx)) !== null) throw new UserError(m.team_error_already_in(), 409);
	if ((await teamMemberCount(team.id, tx)) >= team.size) throw new UserError(m.team_error_full(), 409);
	return team;
}

/** The buyer's order in this team while they are in it: pages show it to them instead of offering to join again. */
export async function teamOrderOf(teamId: number, buyerId: number | null, handle: Tx = db): Promise<number | null> {
	if (buyerId === null) return null;
	const [row] = await handle
		.select({ id: orders.id })
		.from(orders)
		.where(and(inTeam(teamId), eq(orders.buyerId, buyerId)))
		.limit(1);
	return row?.id ?? null;
}

/** The buyer's order in a team of this product that is still waiting to fill: one at a time, so a second is not offered. */
export async function waitingTeamOrderOf(productId: number, buyerId: number | null, handle: Tx = db): Promise<number | null> {
	if (buyerId === null) return null;
	const [row] = await handle
		.select({ id: orders.id })
		.from(teams)
		.innerJoin(orders, eq(orders.teamId, teams.id))
		.where(and(eq(teams.productId, productId), eq(teams.status, 'open'), eq(orders.buyerId, buyerId), inTeam(teams.id)))
		.limit(1);
	return row?.id ?? null;
}

export function teamDeliveries(product: Pick<Product, 'shipping' | 'pickup'>): DeliveryMethod[] {
	return [...(product.shipping ? (['ship'] as const) : []), ...(product.pickup ? (['pickup'] as const) : [])];
}

/**
 * Starts or joins a 拼团 with one order for this buyer. The stock is held at
 * once (a team that fills must be able to ship), in the same transaction that
 * checks the team is still open and not full; the order that fills the team
 * turns every member's order into a placed one.
 */
export function placeTeamOrder(buyerId: number, command: TeamCheckout, now = new Date()): Promise<{ order: Order; team: Team }> {
	const { choice, productId } = command.team;
	return transaction(async (tx) => {
		// Joins of one team take turns (PostgreSQL; SQLite runs one transaction at a time), so two cannot both take the last place.
		if (choice.kind === 'join') await lockFor(tx, `team:${choice.teamId}`);
		const [product] = productId === null ? [] : await tx.select().from(products).where(eq(products.id, productId)).limit(1);
		if (!product) throw new UserError(m.cart_error_no_product(), 404);
		checkOnSale(product);
		const offer = teamOffer(product);
		if (!offer) throw new UserError(m.team_error_no_offer(), 409);
		if (product.sellerId === buyerId) throw new UserError(m.cart_error_own_product());
		let team: Team;
		if (choice.kind === 'join') {
			team = await joinableTeam(tx, choice.teamId, buyerId, now);
			if (team.productId !== product.id) throw new UserError(m.team_error_not_found(), 404);
		} else {
			// One team waiting to fill per buyer and product: starting many would hold the listing's stock unpaid.
			if ((await waitingTeamOrderOf(product.id, buyerId, tx)) !== null) throw new UserError(m.team_error_one_open(), 409);
			[team] = await tx
				.insert(teams)
				.values({
					productId: product.id,
					starterId: buyerId,
					size: offer.size,
					priceFen: offer.priceFen,
					status: 'open',
					createdAt: now,
					expiresAt: new Date(now.getTime() + offer.hours * 60 * 60 * 1000)
				})
				.returning();
		}
		const quantity = checkQuantity(product, command.team.quantity);
		const delivery = chooseDelivery(teamDeliveries(product), command.deliveries.get(product.sellerId));
		if (!delivery) throw new UserError(m.checkout_error_delivery({ seller: await sellerName(tx, product.sellerId) }));
		const contact = checkContact(command.contact, delivery === 'ship');
		checkCartSeen(
			command.seen,
			[{ productId: product.id, unitPriceFen: team.priceFen }],
			delivery === 'ship' ? [{ sellerId: product.sellerId, shipFeeFen: product.shipFeeFen }] : []
		);
		const shipFeeFen = delivery === 'ship' ? product.shipFeeFen : 0;
		await checkUnpaidCap(tx, buyerId, 1, orderTotals([{ unitPriceFen: team.priceFen, quantity }], shipFeeFen).totalFen);
		const order = await insertOrder(
			tx,
			{
				checkoutId: randomUUID(),
				buyerId,
				sellerId: product.sellerId,
				villageId: product.villageId,
				delivery,
				pickupPlace: [product.pickupPlace, product.pickupTime].filter(Boolean).join(' · '),
				shipFeeFen,
				contact,
				lines: [{ product, quantity, unitPriceFen: team.priceFen }],
				status: 'teaming',
				teamId: team.id
			},
			now
		);
		recordWriteResult(`/orders/${order.id}?placed`);
		const members = await teamMemberCount(team.id, tx);
		if (members >= team.size) return { order: { ...order, status: 'placed' as const }, team: await completeTeam(tx, team, product, now) };
		for (const member of (await teamOrders(tx, team.id)).filter((o) => o.id !== order.id))
			await notify(tx, member.buyerId, 'team.joined', { team: team.id, title: product.title, missing: team.size - members }, `/teams/${team.id}`, now);
		return { order, team };
	});
}

async function sellerName(tx: Tx, sellerId: number): Promise<string> {
	const [row] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, sellerId)).limit(1);
	return row?.name ?? '';
}

function teamOrders(tx: Tx, teamId: number): Promise<Order[]> {
	return tx.select().from(orders).where(inTeam(teamId));
}

/** The team is full: every member's order goes ahead at the team price, and the seller hears of each. */
async function completeTeam(tx: Tx, team: Team, product: Product, now: Date): Promise<Team> {
	const [closed] = await tx
		.update(teams)
		.set({ status: 'complete', closedAt: now })
		.where(and(eq(teams.id, team.id), eq(teams.status, 'open')))
		.returning();
	// Joins take turns and this one saw the team open: the guard cannot miss, and says so if it ever does.
	if (!closed) throw new UserError(m.team_error_full(), 409);
	const placed = await tx
		.update(orders)
		.set({ status: 'placed', updatedAt: now, expiresAt: confirmBy(now) })
		.where(and(eq(orders.teamId, team.id), eq(orders.status, 'teaming')))
		.returning();
	for (const order of placed) {
		await recordEvent(tx, order, null, null, now);
		await notify(tx, order.buyerId, 'team.complete', { team: team.id, order: order.id, title: product.title }, `/orders/${order.id}`, now);
		await notifyPlaced(tx, order, product.title, 1);
	}
	return closed;
}

/**
 * Dissolves every open team whose window has ended: its orders are cancelled,
 * their stock released, and nobody pays. Safe to run any number of times and
 * at the same time as a join (both take the write lock first).
 */
export async function dissolveExpiredTeams(now = new Date()): Promise<number> {
	const expired = await db
		.select()
		.from(teams)
		.where(and(eq(teams.status, 'open'), lte(teams.expiresAt, now)));
	for (const team of expired) {
		await transaction(async (tx) => {
			// A join of this team takes the same turn, so it either lands before the team ends or finds it ended.
			await lockFor(tx, `team:${team.id}`);
			const [closed] = await tx
				.update(teams)
				.set({ status: 'dissolved', closedAt: now })
				.where(and(eq(teams.id, team.id), eq(teams.status, 'open')))
				.returning();
			if (!closed) return;
			const [product] = await tx.select({ title: products.title }).from(products).where(eq(products.id, team.productId)).limit(1);
			for (const order of await cancelTeamOrders(tx, team.id, now))
				await notify(tx, order.buyerId, 'team.dissolved', { team: team.id, order: order.id, title: product?.title ?? '' }, `/orders/${order.id}`, now);
		});
	}
	return expired.length;
}

/** Teams past their window are dissolved and unconfirmed orders lapse: once a minute, by one process. */
export const marketSweepJobs: Job[] = [
	{ name: 'market.dissolve-expired-teams', label: m.job_market_dissolve_expired_teams, everyMs: 60_000, run: async (now) => void (await dissolveExpiredTeams(now)) },
	{ name: 'market.expire-unconfirmed-orders', label: m.job_market_expire_unconfirmed_orders, everyMs: 60_000, run: async (now) => void (await expireUnconfirmedOrders(now)) }
];

export type TeamView = {
	team: Team;
	/** The viewer's order in the team, if they are in it. */
	myOrderId: number | null;
	members: { name: string; joinedAt: Date }[];
	product: Pick<Product, 'id' | 'title' | 'unit' | 'priceFen' | 'minOrder' | 'stock' | 'status'> & { villageName: string; villageSlug: string };
};

/** A team's page: who joined (first character of their name only), the product and its village. */
export async function viewTeam(teamId: number, viewerId: number | null): Promise<TeamView | undefined> {
	const team = await findTeam(teamId);
	if (!team) return undefined;
	const [product] = await db
		.select({
			id: products.id,
			title: products.title,
			unit: products.unit,
			priceFen: products.priceFen,
			minOrder: products.minOrder,
			stock: products.stock,
			status: products.status,
			villageName: villages.name,
			villageSlug: villages.slug
		})
		.from(products)
		.innerJoin(villages, eq(villages.id, products.villageId))
		.where(eq(products.id, team.productId))
		.limit(1);
	const joined = await db
		.select({ name: users.displayName, joinedAt: orders.createdAt })
		.from(orders)
		.innerJoin(users, eq(users.id, orders.buyerId))
		.where(inTeam(team.id))
		.orderBy(orders.createdAt, orders.id);
	const members = joined.map(({ name, joinedAt }) => ({ name: `${Array.from(name)[0] ?? ''}**`, joinedAt }));
	return { team, myOrderId: await teamOrderOf(team.id, viewerId), members, product };
}
