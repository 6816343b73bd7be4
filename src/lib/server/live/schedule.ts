// Scheduling a live sale with its featured products, and moving it through its states:
// scheduled → live → ended, or cancelled before it ends. Every change is audited in the
// village's log and told to the sale's viewers through its stream.
import { and, eq, isNotNull, lt, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { liveItems, liveSales, recordWriteResult, transaction, type LiveItem, type LiveSale, type Product, type Tx } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import type { Job } from '$lib/server/platform/jobs';
import type { LiveItemInput, ScheduleLive } from '$lib/live/forms';
import { maxLiveDurationMs, overrunMs, type LiveStatus } from '$lib/live/vocabulary';
import { formatDateTime } from '$lib/format';
import { getLocale } from '$lib/paraglide/runtime';
import { productRow } from '$lib/server/market';
import { checkMayHost, saleRunBy } from './access';
import { recordAudit } from './audit-actions';
import { announce, appendLiveEvent } from './stream-log';
import { sendDueReminders } from './reminders';

/** How far ahead a sale may be scheduled: a season's fair, not a placeholder for next year. */
const maxLeadMs = 90 * 24 * 60 * 60 * 1000;

/** Whether this listing may be featured by this host: their own, or for a cooperative sale the village cooperative's. */
function checkFeaturable(product: Product, hostId: number, command: ScheduleLive): void {
	const ours = command.cooperative ? product.cooperative && product.villageId === command.villageId : product.sellerId === hostId && !product.cooperative;
	if (!ours) throw new UserError(m.live_error_product_not_yours({ title: product.title }), 403);
	if (product.status !== 'listed') throw new UserError(m.live_error_product_not_listed({ title: product.title }));
}

/** The flash terms against the listing as it is inside the transaction. */
function checkTerms(product: Product, item: LiveItemInput, command: ScheduleLive): void {
	const title = product.title;
	if (item.flashPriceFen >= product.priceFen) throw new UserError(m.live_error_flash_price_high({ title }));
	if (item.flashCap > product.stock) throw new UserError(m.live_error_cap_stock({ title, stock: product.stock }));
	if (item.perBuyerLimit < product.minOrder) throw new UserError(m.live_error_limit_min_order({ title, min: product.minOrder }));
	const from = item.windowStartsAt ?? command.startsAt;
	const until = item.windowEndsAt ?? command.plannedEndAt;
	if (from < command.startsAt || until > command.plannedEndAt || from >= until) throw new UserError(m.live_error_window({ title }));
}

function checkTimes(command: ScheduleLive, now: Date): void {
	if (command.startsAt <= now) throw new UserError(m.live_error_starts_past());
	if (command.startsAt.getTime() - now.getTime() > maxLeadMs) throw new UserError(m.live_error_starts_far());
	if (command.plannedEndAt <= command.startsAt) throw new UserError(m.live_error_end_before_start());
	if (command.plannedEndAt.getTime() - command.startsAt.getTime() > maxLiveDurationMs) throw new UserError(m.live_error_too_long({ hours: maxLiveDurationMs / 3_600_000 }));
}

/** Schedules a live sale with its featured products, all or nothing; returns its id. */
export function scheduleLiveSale(hostId: number, command: ScheduleLive, coverPhotoId: string | null, now = new Date()): Promise<number> {
	checkTimes(command, now);
	if (new Set(command.items.map((item) => item.productId)).size !== command.items.length) throw new UserError(m.live_error_no_items());
	return transaction(async (tx) => {
		await checkMayHost(hostId, command.villageId, command.cooperative, tx);
		const products: Product[] = [];
		for (const item of command.items) {
			const product = await productRow(tx, item.productId);
			checkFeaturable(product, hostId, command);
			checkTerms(product, item, command);
			products.push(product);
		}
		const [sale] = await tx
			.insert(liveSales)
			.values({
				villageId: command.villageId,
				hostId,
				cooperative: command.cooperative,
				title: command.title,
				description: command.description,
				coverPhotoId,
				streamUrl: command.streamUrl,
				status: 'scheduled',
				startsAt: command.startsAt,
				plannedEndAt: command.plannedEndAt,
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: liveSales.id });
		await tx.insert(liveItems).values(
			command.items.map((item, position) => ({
				liveSaleId: sale.id,
				productId: item.productId,
				position,
				flashPriceFen: item.flashPriceFen,
				flashCap: item.flashCap,
				perBuyerLimit: item.perBuyerLimit,
				windowStartsAt: item.windowStartsAt,
				windowEndsAt: item.windowEndsAt
			}))
		);
		await recordAudit(tx, { actorId: hostId, villageId: command.villageId, action: 'live.scheduled', detail: { title: command.title, sale: sale.id } }, now);
		recordWriteResult(`/live/${sale.id}`);
		return sale.id;
	});
}

/** The moves a host makes, each allowed only from the states listed. */
const moves = {
	start: { from: ['scheduled'], to: 'live' },
	end: { from: ['live'], to: 'ended' },
	cancel: { from: ['scheduled', 'live'], to: 'cancelled' }
} as const satisfies Record<string, { from: LiveStatus[]; to: LiveStatus }>;
export type LiveMove = keyof typeof moves;

/** The message for a move asked of a sale in a state it cannot leave that way. */
function stateRefusal(sale: LiveSale): string {
	if (sale.status === 'scheduled') return m.live_error_not_started();
	if (sale.status === 'live') return m.live_error_already_live();
	return m.live_error_over();
}

/**
 * Starts, ends or cancels a sale the actor runs. A sale may start up to an hour before its
 * time (a host gets ready early) and ends when its host says so. The UPDATE is guarded by the
 * state, so two taps from two phones move it once.
 */
export async function moveLiveSale(actorId: number, saleId: number, move: LiveMove, now = new Date()): Promise<void> {
	const rule = moves[move];
	await transaction(async (tx) => {
		const sale = await saleRunBy(tx, actorId, saleId);
		if (!(rule.from as readonly LiveStatus[]).includes(sale.status)) throw new UserError(stateRefusal(sale), 409);
		if (move === 'start' && sale.startsAt.getTime() - now.getTime() > 60 * 60 * 1000) {
			throw new UserError(m.live_error_start_early({ time: formatDateTime(sale.startsAt, getLocale()) }), 409);
		}
		await applyMove(tx, sale, rule.to, now);
		await recordAudit(tx, { actorId, villageId: sale.villageId, action: `live.${move === 'start' ? 'started' : move === 'end' ? 'ended' : 'cancelled'}`, detail: { title: sale.title, sale: sale.id } }, now);
	});
	await announce(saleId);
	// Whoever asked to be reminded is told now; the job sends what this leaves (a crowd, a crash).
	if (move === 'start') await sendDueReminders(now).catch((error: unknown) => console.error(`live ${saleId}: reminders:`, error));
}

async function applyMove(tx: Tx, sale: LiveSale, to: LiveStatus, now: Date): Promise<void> {
	const [moved] = await tx
		.update(liveSales)
		.set({
			status: to,
			updatedAt: now,
			...(to === 'live' ? { startedAt: now } : {}),
			...(to === 'ended' || to === 'cancelled' ? { endedAt: now } : {})
		})
		.where(and(eq(liveSales.id, sale.id), eq(liveSales.status, sale.status)))
		.returning({ id: liveSales.id });
	if (!moved) throw new UserError(m.live_error_state_changed(), 409);
	await appendLiveEvent(tx, sale.id, 'state', null, now);
}

/** A live sale still running 4 hours past its planned end was forgotten: it ends, so buying stops. */
export const endOverrunSalesJob: Job = {
	name: 'live.end-overrun',
	label: () => m.live_job_end_overrun(),
	everyMs: 5 * 60_000,
	async run(now) {
		const ended = await transaction(async (tx) => {
			const overrun = await tx
				.select()
				.from(liveSales)
				.where(and(eq(liveSales.status, 'live'), lt(liveSales.plannedEndAt, new Date(now.getTime() - overrunMs))));
			for (const sale of overrun) await applyMove(tx, sale, 'ended', now);
			return overrun.map((sale) => sale.id);
		});
		for (const saleId of ended) await announce(saleId);
	}
};

/** The host's replay address, given after the sale. */
export async function setReplayUrl(actorId: number, saleId: number, replayUrl: string | null, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const sale = await saleRunBy(tx, actorId, saleId);
		if (sale.status !== 'ended') throw new UserError(m.live_error_replay_not_ended(), 409);
		await tx.update(liveSales).set({ replayUrl, updatedAt: now }).where(eq(liveSales.id, saleId));
	});
}

/** Changes a featured product's flash cap: never below what is sold, never above the listing's units. */
export async function changeFlashCap(actorId: number, saleId: number, itemId: number, flashCap: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const sale = await saleRunBy(tx, actorId, saleId);
		if (sale.status === 'ended' || sale.status === 'cancelled') throw new UserError(m.live_error_over(), 409);
		const item = await itemRow(tx, saleId, itemId);
		const product = await productRow(tx, item.productId);
		if (flashCap > item.sold + product.stock) throw new UserError(m.live_error_cap_stock({ title: product.title, stock: item.sold + product.stock }));
		// Guarded: a sale that lands between the read and the write is counted against the new cap.
		const [changed] = await tx
			.update(liveItems)
			.set({ flashCap })
			.where(and(eq(liveItems.id, itemId), sql`${liveItems.sold} <= ${flashCap}`))
			.returning({ id: liveItems.id });
		if (!changed) throw new UserError(m.live_error_cap_below_sold({ sold: item.sold }), 409);
		await recordAudit(tx, { actorId, villageId: sale.villageId, action: 'live.cap_changed', detail: { title: product.title, from: item.flashCap, to: flashCap } }, now);
		await appendLiveEvent(tx, saleId, 'cap', itemId, now);
	});
	await announce(saleId);
}

/** Pins a featured product above the others on every viewer's page. */
export async function pinItem(actorId: number, saleId: number, itemId: number, now = new Date()): Promise<void> {
	await transaction(async (tx) => {
		const sale = await saleRunBy(tx, actorId, saleId);
		if (sale.status === 'ended' || sale.status === 'cancelled') throw new UserError(m.live_error_over(), 409);
		await itemRow(tx, saleId, itemId);
		await tx.update(liveItems).set({ pinnedAt: null }).where(and(eq(liveItems.liveSaleId, saleId), isNotNull(liveItems.pinnedAt)));
		await tx.update(liveItems).set({ pinnedAt: now }).where(eq(liveItems.id, itemId));
		await appendLiveEvent(tx, saleId, 'pinned', itemId, now);
	});
	await announce(saleId);
}

export async function itemRow(tx: Tx, saleId: number, itemId: number): Promise<LiveItem> {
	const [item] = await tx
		.select()
		.from(liveItems)
		.where(and(eq(liveItems.id, itemId), eq(liveItems.liveSaleId, saleId)))
		.limit(1);
	if (!item) throw new UserError(m.live_error_item_not_found(), 404);
	return item;
}
