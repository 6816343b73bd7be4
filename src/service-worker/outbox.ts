// The outbox: keyed form posts made without a network wait in a Workbox
// background-sync queue and are replayed when the network is back. The server
// remembers every key, so a replay that runs twice still writes once. A write
// the server refuses is kept, with the reason, until its owner retries or discards it.
import { Queue, type QueueEntry } from 'workbox-background-sync';
import { idempotencyField, outboxLabel, outboxReplayHeader, outboxRetentionMinutes } from '$lib/offline';
import { accountState, readRecord, readableTags, writeRecord } from './caches';
import { alertText } from './html';

const sw = self as unknown as ServiceWorkerGlobalScope;

export type OutboxItem = {
	id: string;
	label: string;
	/** The account whose page the form came from: only that account's session may send it. */
	tag: string;
	queuedAt: number;
	/** Set when the server refused it. */
	reason?: string;
	refusedAt?: number;
};

export type SentItem = { label: string; tag: string; sentAt: number };

const waiting = new Queue('outbox', { maxRetentionTime: outboxRetentionMinutes, onSync: () => replayOutbox() });
// Refused writes are only ever moved back by hand: this queue never replays itself.
const refused = new Queue('outbox-refused', { maxRetentionTime: outboxRetentionMinutes, onSync: async () => {} });

/**
 * What both queues hold, without the request bodies: every page shows the
 * badge, and reading the queues loads each stored body (a photo, say). Only
 * this module changes the queues, so it forgets the list whenever it does
 * (`changed`).
 */
let listed: { waiting: OutboxItem[]; refused: OutboxItem[] } | null = null;

async function listQueues(): Promise<{ waiting: OutboxItem[]; refused: OutboxItem[] }> {
	const items = (entries: QueueEntry[]) => entries.map((e) => e.metadata as OutboxItem);
	listed ??= { waiting: items(await waiting.getAll()), refused: items(await refused.getAll()) };
	return listed;
}

/** Forgets the list, and tells every open page, which then asks for a fresh badge and outbox (static/shell.js). */
async function changed(): Promise<void> {
	listed = null;
	for (const client of await sw.clients.matchAll({ type: 'window' })) client.postMessage({ type: 'outbox-changed' });
}

const sentKey = '/__village-square/outbox-sent';
const sentKept = 10;

/** Keeps an offline form post; false when the form carries no key and so cannot be replayed safely. */
export async function queueWrite(request: Request, tag: string): Promise<boolean> {
	const body = await request.arrayBuffer();
	let form: FormData;
	try {
		form = await new Request(request.url, { method: 'POST', headers: request.headers, body }).formData();
	} catch {
		return false;
	}
	if (typeof form.get(idempotencyField) !== 'string') return false;
	const headers = new Headers(request.headers);
	headers.set(outboxReplayHeader, '1');
	const item: OutboxItem = {
		id: crypto.randomUUID(),
		label: outboxLabel(form, new URL(request.url).pathname),
		tag,
		queuedAt: Date.now()
	};
	await waiting.pushRequest({
		// redirect: 'manual' because the page the server redirects to is not shown to anyone.
		request: new Request(request.url, { method: 'POST', headers, body, credentials: 'same-origin', redirect: 'manual' }),
		metadata: item,
		timestamp: item.queuedAt
	});
	await changed();
	return true;
}

let running: Promise<void> | null = null;

/** Sends what waits; one run at a time, however many triggers (sync, online, a page load) arrive. */
export function replayOutbox(): Promise<void> {
	running ??= replay()
		.then((sentOrRefused) => (sentOrRefused ? changed() : undefined))
		.finally(() => {
			running = null;
		});
	return running;
}

/** True when something left the waiting queue (sent, or refused by the server). */
async function replay(): Promise<boolean> {
	let moved = false;
	const tags = readableTags(await accountState());
	// Another account's writes wait for that account to sign in again.
	const others: QueueEntry[] = [];
	try {
		for (let entry = await waiting.shiftRequest(); entry; entry = await waiting.shiftRequest()) {
			const item = entry.metadata as OutboxItem;
			if (!tags.includes(item.tag)) {
				others.push(entry);
				continue;
			}
			let response: Response;
			try {
				// A hung connection must not hold the outbox (and every page waiting on it) forever.
				response = await fetch(entry.request.clone(), { signal: AbortSignal.timeout(60_000) });
			} catch {
				await waiting.unshiftRequest(entry);
				return moved;
			}
			if (response.status >= 500) {
				// The server is having trouble, not refusing: try again later.
				await waiting.unshiftRequest(entry);
				return moved;
			}
			moved = true;
			if (response.status >= 400) {
				const reason = alertText(await response.text()) ?? response.statusText ?? String(response.status);
				await refused.pushRequest({ ...entry, metadata: { ...item, reason, refusedAt: Date.now() } });
			} else {
				await recordSent(item);
			}
		}
		return moved;
	} finally {
		for (const entry of others) await waiting.pushRequest(entry);
		listed = null;
	}
}

async function recordSent(item: OutboxItem): Promise<void> {
	const sent = await readRecord<SentItem[]>(sentKey, []);
	await writeRecord(sentKey, [{ label: item.label, tag: item.tag, sentAt: Date.now() }, ...sent].slice(0, sentKept));
}

export type OutboxView = { waiting: OutboxItem[]; refused: OutboxItem[]; sent: SentItem[] };

export async function viewOutbox(): Promise<OutboxView> {
	const tags = readableTags(await accountState());
	const mine = (items: OutboxItem[]) => items.filter((item) => tags.includes(item.tag));
	const queues = await listQueues();
	return {
		waiting: mine(queues.waiting),
		refused: mine(queues.refused),
		sent: (await readRecord<SentItem[]>(sentKey, [])).filter((item) => tags.includes(item.tag))
	};
}

/** Moves a refused write back to the waiting queue and sends it (after the user signed in again, say). */
export async function retryRefused(id: string): Promise<void> {
	const entry = await takeRefused(id);
	if (!entry) return;
	const { reason: _reason, refusedAt: _refusedAt, ...item } = entry.metadata as OutboxItem;
	await waiting.pushRequest({ ...entry, metadata: item });
	await changed();
	await replayOutbox();
}

export async function discardRefused(id: string): Promise<void> {
	await takeRefused(id);
}

async function takeRefused(id: string): Promise<QueueEntry | undefined> {
	const kept: QueueEntry[] = [];
	let taken: QueueEntry | undefined;
	for (let entry = await refused.shiftRequest(); entry; entry = await refused.shiftRequest()) {
		if (!taken && (entry.metadata as OutboxItem).id === id) taken = entry;
		else kept.push(entry);
	}
	for (const entry of kept) await refused.pushRequest(entry);
	await changed();
	return taken;
}
