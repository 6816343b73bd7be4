import { randomUUID } from 'node:crypto';
import { and, count, eq, lte } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, orders, products, recordWriteResult, teams, users, villages, type Order, type Product, type Team } from '$lib/server/db';
import { UserError } from '$lib/server/user-error';
import { parseId } from '$lib/server/forms';
import { checkOnSale, checkQuantity } from './cart';
import {
	cancelTeamOrders,
	checkCartSeen,
	checkUnpaidCap,
	confirmBy,
	deliveryField,
	expireUnconfirmedOrders,
	insertOrder,
	inTeam,
	notifyPlaced,
	parseContact,
	recordEvent
} from './orders';
import { orderTotals } from '$lib/market/totals';
import { notify } from './notifications';
import type { DeliveryMethod } from '$lib/server/db';

/** Which team a checkout is for: a new one, or one to join. */
export type TeamChoice = { kind: 'new' } | { kind: 'join'; teamId: number };

export function parseTeamChoice(value: string | null | undefined): TeamChoice | null {
	if (value === 'new') return { kind: 'new' };
	const teamId = parseId(value);
	return teamId === null ? null : { kind: 'join', teamId };
}

/** A listing's team offer, or null when it has none. */
export function teamOffer(product: Pick<Product, 'teamSize' | 'teamPriceFen' | 'teamHours'>): { size: number; priceFen: number; hours: number } | null {
	const { teamSize, teamPriceFen, teamHours } = product;
	return teamSize && teamPriceFen && teamHours ? { size: teamSize, priceFen: teamPriceFen, hours: teamHours } : null;
}

/** Members of a team: its orders that still stand. */
export function teamMemberCount(teamId: number): number {
	return db.select({ n: count() }).from(orders).where(inTeam(teamId)).get()?.n ?? 0;
}

export function findTeam(teamId: number): Team | undefined {
	return db.select().from(teams).where(eq(teams.id, teamId)).get();
}

/** A team that can still be joined, or a message saying why not. */
function joinableTeam(teamId: number, buyerId: number, now: Date): Team {
	const team = findTeam(teamId);
	if (!team) throw new UserError(m.team_error_not_found(), 404);
	if (team.status === 'complete') throw new UserError(m.team_error_full(), 409);
	if (team.status === 'dissolved' || team.expiresAt <= now) throw new UserError(m.team_error_expired(), 409);
	if (teamOrderOf(team.id, buyerId) !== null) throw new UserError(m.team_error_already_in(), 409);
	if (teamMemberCount(team.id) >= team.size) throw new UserError(m.team_error_full(), 409);
	return team;
}

/** The buyer's order in this team while they are in it: pages show it to them instead of offering to join again. */
export function teamOrderOf(teamId: number, buyerId: number | null): number | null {
	if (buyerId === null) return null;
	return db.select({ id: orders.id }).from(orders).where(and(inTeam(teamId), eq(orders.buyerId, buyerId))).get()?.id ?? null;
}

/** The buyer's order in a team of this product that is still waiting to fill: one at a time, so a second is not offered. */
export function waitingTeamOrderOf(productId: number, buyerId: number | null): number | null {
	if (buyerId === null) return null;
	return (
		db
			.select({ id: orders.id })
			.from(teams)
			.innerJoin(orders, eq(orders.teamId, teams.id))
			.where(and(eq(teams.productId, productId), eq(teams.status, 'open'), eq(orders.buyerId, buyerId), inTeam(teams.id)))
			.get()?.id ?? null
	);
}

export function teamDeliveries(product: Pick<Product, 'shipping' | 'pickup'>): DeliveryMethod[] {
	return [...(product.shipping ? (['ship'] as const) : []), ...(product.pickup ? (['pickup'] as const) : [])];
}

/**
 * Starts or joins a 拼团 with one order for this buyer. The stock is held at
 * once (a team that fills must be able to ship), in the same `BEGIN IMMEDIATE`
 * transaction that checks the team is still open and not full; the order that
 * fills the team turns every member's order into a placed one.
 */
export function placeTeamOrder(
	buyerId: number,
	productId: number | null,
	choice: TeamChoice,
	fields: Record<string, string>,
	now = new Date()
): { order: Order; team: Team } {
	return db.transaction(
		() => {
			const product = productId === null ? undefined : db.select().from(products).where(eq(products.id, productId)).get();
			if (!product) throw new UserError(m.cart_error_no_product(), 404);
			checkOnSale(product);
			const offer = teamOffer(product);
			if (!offer) throw new UserError(m.team_error_no_offer(), 409);
			if (product.sellerId === buyerId) throw new UserError(m.cart_error_own_product());
			let team: Team;
			if (choice.kind === 'join') {
				team = joinableTeam(choice.teamId, buyerId, now);
				if (team.productId !== product.id) throw new UserError(m.team_error_not_found(), 404);
			} else {
				// One team waiting to fill per buyer and product: starting many would hold the listing's stock unpaid.
				if (waitingTeamOrderOf(product.id, buyerId) !== null) throw new UserError(m.team_error_one_open(), 409);
				team = db
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
					.returning()
					.get();
			}
			const quantity = checkQuantity(product, fields.quantity);
			const deliveries = teamDeliveries(product);
			const delivery = deliveries.find((d) => d === fields[deliveryField(product.sellerId)]) ?? (deliveries.length === 1 ? deliveries[0] : null);
			if (!delivery) throw new UserError(m.checkout_error_delivery({ seller: sellerName(product.sellerId) }));
			const contact = parseContact(fields, delivery === 'ship');
			checkCartSeen(
				fields,
				[{ productId: product.id, unitPriceFen: team.priceFen }],
				delivery === 'ship' ? [{ sellerId: product.sellerId, shipFeeFen: product.shipFeeFen }] : []
			);
			const shipFeeFen = delivery === 'ship' ? product.shipFeeFen : 0;
			checkUnpaidCap(buyerId, 1, orderTotals([{ unitPriceFen: team.priceFen, quantity }], shipFeeFen).totalFen);
			const order = insertOrder(
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
			const members = teamMemberCount(team.id);
			if (members >= team.size) return { order: { ...order, status: 'placed' as const }, team: completeTeam(team, product, now) };
			for (const member of teamOrders(team.id).filter((o) => o.id !== order.id))
				notify(member.buyerId, 'team.joined', { team: team.id, title: product.title, missing: team.size - members }, `/teams/${team.id}`, now);
			return { order, team };
		},
		{ behavior: 'immediate' }
	);
}

function sellerName(sellerId: number): string {
	return db.select({ name: users.displayName }).from(users).where(eq(users.id, sellerId)).get()?.name ?? '';
}

function teamOrders(teamId: number): Order[] {
	return db
		.select()
		.from(orders)
		.where(inTeam(teamId))
		.all();
}

/** The team is full: every member's order goes ahead at the team price, and the seller hears of each. */
function completeTeam(team: Team, product: Product, now: Date): Team {
	const closed = db.update(teams).set({ status: 'complete', closedAt: now }).where(and(eq(teams.id, team.id), eq(teams.status, 'open'))).returning().get()!;
	const placed = db
		.update(orders)
		.set({ status: 'placed', updatedAt: now, expiresAt: confirmBy(now) })
		.where(and(eq(orders.teamId, team.id), eq(orders.status, 'teaming')))
		.returning()
		.all();
	for (const order of placed) {
		recordEvent(order, null, null, now);
		notify(order.buyerId, 'team.complete', { team: team.id, order: order.id, title: product.title }, `/orders/${order.id}`, now);
		notifyPlaced(order, product.title, 1);
	}
	return closed;
}

/**
 * Dissolves every open team whose window has ended: its orders are cancelled,
 * their stock released, and nobody pays. Safe to run any number of times and
 * at the same time as a join (both take the write lock first).
 */
export function dissolveExpiredTeams(now = new Date()): number {
	const expired = db
		.select()
		.from(teams)
		.where(and(eq(teams.status, 'open'), lte(teams.expiresAt, now)))
		.all();
	for (const team of expired) {
		db.transaction(
			() => {
				const closed = db
					.update(teams)
					.set({ status: 'dissolved', closedAt: now })
					.where(and(eq(teams.id, team.id), eq(teams.status, 'open')))
					.returning()
					.get();
				if (!closed) return;
				const title = db.select({ title: products.title }).from(products).where(eq(products.id, team.productId)).get()?.title ?? '';
				for (const order of cancelTeamOrders(team.id, now))
					notify(order.buyerId, 'team.dissolved', { team: team.id, order: order.id, title }, `/orders/${order.id}`, now);
			},
			{ behavior: 'immediate' }
		);
	}
	return expired.length;
}

const sweepEveryMs = 60_000;
let sweeper: ReturnType<typeof setInterval> | null = null;

/**
 * The market's clock: teams end and unconfirmed orders lapse on time even when
 * nobody visits. One sweep when the server starts (for what fell due while it
 * was down) and one a minute after that.
 */
export function startMarketSweeper(): void {
	if (sweeper) return;
	const sweep = () => {
		for (const job of [dissolveExpiredTeams, expireUnconfirmedOrders]) {
			try {
				job();
			} catch (error) {
				console.error(`Market sweep (${job.name}) failed; the next one retries`, error);
			}
		}
	};
	sweep();
	sweeper = setInterval(sweep, sweepEveryMs);
	sweeper.unref();
}

export type TeamView = {
	team: Team;
	/** The viewer's order in the team, if they are in it. */
	myOrderId: number | null;
	members: { name: string; joinedAt: Date }[];
	product: Pick<Product, 'id' | 'title' | 'unit' | 'priceFen' | 'minOrder' | 'stock' | 'status'> & { villageName: string; villageSlug: string };
};

/** A team's page: who joined (first character of their name only), the product and its village. */
export function viewTeam(teamId: number, viewerId: number | null): TeamView | undefined {
	const team = findTeam(teamId);
	if (!team) return undefined;
	const product = db
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
		.get()!;
	const members = db
		.select({ name: users.displayName, joinedAt: orders.createdAt })
		.from(orders)
		.innerJoin(users, eq(users.id, orders.buyerId))
		.where(inTeam(team.id))
		.orderBy(orders.createdAt)
		.all()
		.map(({ name, joinedAt }) => ({ name: `${Array.from(name)[0] ?? ''}**`, joinedAt }));
	return { team, myOrderId: teamOrderOf(team.id, viewerId), members, product };
}
