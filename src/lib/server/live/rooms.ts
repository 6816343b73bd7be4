// One room per live sale in each process: its viewers' streams. When the sale's log grows (an
// event from any process, or the room's own polling, which catches what a lost message or a
// change made inside another pillar's transaction did not announce) the room reads the new rows
// once, renders them once, and writes the same bytes to every viewer. A viewer who connects or
// reconnects is first sent what it missed, from its own last id, and joins the broadcast only
// once caught up, so no viewer ever gets an event twice or misses one.
import { and, eq, gt, sql } from 'drizzle-orm';
import { db, liveViewerCounts, onOwnConnections, transaction } from '$lib/server/platform/db';
import { subscribe } from '$lib/server/platform/events';
import { bootId } from '$lib/server/platform/processes';
import { lastLiveEventId, liveChannel, liveEventsAfter } from './stream-log';
import { renderLiveEvents } from './stream-render';

export type Viewer = {
	/** Who is watching, for the count: an account, or a visitor's address and browser (kept in memory only). */
	key: string;
	/** Bytes of the stream, the same array for every viewer of a broadcast: encoded once, never changed. */
	send(chunk: Uint8Array): void;
};

type Member = Viewer & { lastSent: number; catchingUp: boolean };

const pollMs = 5_000;
const heartbeatMs = 20_000;
/** "Watching now" counts everyone seen in the last minute, not connections. */
const viewerWindowMs = 60_000;
const countEveryMs = 15_000;

const encoder = new TextEncoder();
// A comment line: keeps proxies and phones from dropping a quiet connection.
const heartbeat = encoder.encode(':\n\n');
const viewersEvent = (n: number) => encoder.encode(`event: viewers\ndata: ${n}\n\n`);

class Room {
	readonly members = new Set<Member>();
	/** The last row this room has read and sent. */
	lastId = 0;
	#reading: Promise<void> | null = null;
	#again = false;
	readonly #seen = new Map<string, number>();
	readonly #timers: NodeJS.Timeout[] = [];
	#watching = 0;

	constructor(readonly saleId: number) {}

	async open(): Promise<void> {
		this.lastId = await onOwnConnections(() => lastLiveEventId(this.saleId));
		this.#timers.push(setInterval(() => this.catchUp(), pollMs), setInterval(() => this.#beat(), heartbeatMs), setInterval(() => void this.#count(), countEveryMs));
		for (const timer of this.#timers) timer.unref();
	}

	close(): void {
		for (const timer of this.#timers) clearInterval(timer);
	}

	/** Reads and sends what is new; calls that arrive while it reads make it read once more after. */
	catchUp(): Promise<void> {
		if (this.#reading) {
			this.#again = true;
			return this.#reading;
		}
		// On connections of its own: viewers must not wait for the buyers queued for the pool.
		this.#reading = onOwnConnections(async () => {
			do {
				this.#again = false;
				for (;;) {
					const rows = await liveEventsAfter(this.saleId, this.lastId);
					if (rows.length === 0) break;
					// Rendered and encoded once for all: thousands of viewers, one array.
					const bytes = encoder.encode(await renderLiveEvents(this.saleId, rows));
					const last = rows[rows.length - 1].id;
					for (const member of this.members) {
						if (member.catchingUp || member.lastSent >= last) continue;
						member.send(bytes);
						member.lastSent = last;
					}
					this.lastId = last;
				}
			} while (this.#again);
		})
			.catch((error: unknown) => console.error(`live ${this.saleId}: reading the stream failed:`, error))
			.finally(() => (this.#reading = null));
		return this.#reading;
	}

	/** Sends a new viewer what came after `after`, then lets it join the broadcast. */
	async join(viewer: Viewer, after: number): Promise<Member> {
		const member: Member = { ...viewer, lastSent: after, catchingUp: true };
		this.members.add(member);
		this.#seen.set(viewer.key, Date.now());
		try {
			// Until the member has everything the room has sent, it catches up on its own reads.
			// Only up to what the room has sent: rows after it are the room's to send, to everyone at once.
			// On the requests' connections, not the room's: after a dropped link thousands reconnect at
			// once, and their catching up must not hold back what the room sends everyone.
			while (member.lastSent < this.lastId) {
				const rows = (await liveEventsAfter(this.saleId, member.lastSent)).filter((row) => row.id <= this.lastId);
				if (rows.length === 0) break;
				member.send(encoder.encode(await renderLiveEvents(this.saleId, rows)));
				member.lastSent = rows[rows.length - 1].id;
			}
		} finally {
			member.catchingUp = false;
		}
		member.send(viewersEvent(this.#watching));
		return member;
	}

	leave(member: Member): void {
		this.members.delete(member);
	}

	#beat(): void {
		const now = Date.now();
		for (const member of this.members) {
			this.#seen.set(member.key, now);
			member.send(heartbeat);
		}
	}

	/** Writes this process's distinct viewers of the last minute, reads every process's, and tells the viewers the sum. */
	async #count(): Promise<void> {
		const now = Date.now();
		for (const [key, at] of this.#seen) if (now - at > viewerWindowMs) this.#seen.delete(key);
		try {
			await transaction((tx) =>
				tx
					.insert(liveViewerCounts)
					.values({ liveSaleId: this.saleId, processId: bootId, viewers: this.#seen.size, updatedAt: new Date(now) })
					.onConflictDoUpdate({ target: [liveViewerCounts.liveSaleId, liveViewerCounts.processId], set: { viewers: this.#seen.size, updatedAt: new Date(now) } })
			);
			this.#watching = await onOwnConnections(() => countViewers(this.saleId, new Date(now)));
			const bytes = viewersEvent(this.#watching);
			for (const member of this.members) member.send(bytes);
		} catch (error) {
			console.error(`live ${this.saleId}: counting viewers failed:`, error);
		}
	}
}

/** Distinct viewers of the sale in the last minute, summed over the processes that reported lately. */
export async function countViewers(saleId: number, now = new Date()): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`coalesce(sum(${liveViewerCounts.viewers}), 0)`.mapWith(Number) })
		.from(liveViewerCounts)
		.where(and(eq(liveViewerCounts.liveSaleId, saleId), gt(liveViewerCounts.updatedAt, new Date(now.getTime() - 3 * countEveryMs))));
	return row?.n ?? 0;
}

const rooms = new Map<number, Promise<Room>>();
let listening = false;

function listen(): void {
	if (listening) return;
	listening = true;
	subscribe(liveChannel, (payload) => {
		const saleId = Number(payload);
		void rooms.get(saleId)?.then((room) => room.catchUp());
	});
}

/**
 * Adds a viewer to the sale's room in this process (making the room if it is the first), sends
 * it what it missed after `after`, and returns how to take it out again.
 */
export async function watchLiveSale(saleId: number, viewer: Viewer, after: number): Promise<() => void> {
	listen();
	let opening = rooms.get(saleId);
	if (!opening) {
		const room = new Room(saleId);
		opening = room.open().then(() => room);
		rooms.set(saleId, opening);
	}
	const room = await opening;
	const member = await room.join(viewer, after);
	return () => {
		room.leave(member);
		if (room.members.size === 0 && rooms.get(saleId) === opening) {
			rooms.delete(saleId);
			room.close();
		}
	};
}

