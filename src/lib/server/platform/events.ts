// Publish/subscribe between the parts of the app and between server processes, for
// what must reach every viewer at once (live sales: stock left, "just bought").
// A payload is small (an id or a number): a subscriber reads the rest from the
// database, so an event missed while a link was down loses nothing that matters.
//
// Transport: this process alone (SQLite, one process); the cluster's primary,
// which passes each event to every worker (SQLite with WORKERS > 1); PostgreSQL
// LISTEN/NOTIFY, which reaches every process on every machine.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { databaseUrl, engine } from '$lib/server/platform/db';

export type Listener = (payload: string) => void;

const local = new EventEmitter();
// Every viewer of a live sale is a listener: thousands are normal, not a leak.
local.setMaxListeners(0);

/** One NOTIFY channel carries every event as "channel\npayload"; PostgreSQL caps a payload under 8000 bytes. */
const notifyChannel = 'village_square_events';
const maxPayloadBytes = 7000;
/** The message a worker sends to the cluster's primary, and the primary to every worker. */
export const clusterMessage = 'village-square-event';

type ClusterEvent = { type: typeof clusterMessage; channel: string; payload: string };

function deliver(channel: string, payload: string): void {
	local.emit(channel, payload);
}

export function subscribe(channel: string, listener: Listener): () => void {
	if (engine === 'postgres') void listenOnPostgres();
	else listenToCluster();
	local.on(channel, listener);
	return () => local.off(channel, listener);
}

/** Sends after the transaction that made the news has committed, never inside it. */
export async function publish(channel: string, payload: string): Promise<void> {
	if (Buffer.byteLength(channel) + Buffer.byteLength(payload) > maxPayloadBytes) throw new Error(`event on ${channel} too large: send an id`);
	if (engine === 'postgres') {
		await notifier().query('SELECT pg_notify($1, $2)', [notifyChannel, `${channel}\n${payload}`]);
	} else if (process.send && process.env.WORKERS && Number(process.env.WORKERS) > 1) {
		process.send({ type: clusterMessage, channel, payload } satisfies ClusterEvent);
	} else {
		deliver(channel, payload);
	}
}

// ---- cluster (SQLite, WORKERS > 1): the primary in server.js passes each message to every worker.

let clusterListening = false;

function listenToCluster(): void {
	if (clusterListening || !process.send) return;
	clusterListening = true;
	process.on('message', (message: Partial<ClusterEvent>) => {
		if (message?.type === clusterMessage && typeof message.channel === 'string' && typeof message.payload === 'string') {
			deliver(message.channel, message.payload);
		}
	});
}

// ---- PostgreSQL: one pooled connection to send, one held open to listen, reconnected when it drops.

let sender: pg.Pool | undefined;

function notifier(): pg.Pool {
	sender ??= new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'village-square-notify' });
	return sender;
}

let listener: pg.Client | undefined;
let connecting: Promise<void> | undefined;
let retryMs = 250;

function listenOnPostgres(): Promise<void> {
	if (listener) return Promise.resolve();
	connecting ??= connectListener().finally(() => (connecting = undefined));
	return connecting;
}

async function connectListener(): Promise<void> {
	const client = new pg.Client({ connectionString: databaseUrl, application_name: 'village-square-events' });
	const lost = (error?: Error) => {
		if (listener !== client) return;
		listener = undefined;
		if (error) console.error('event listener lost its connection:', error.message);
		client.end().catch(() => undefined);
		setTimeout(() => void listenOnPostgres(), retryMs).unref();
		retryMs = Math.min(retryMs * 2, 10_000);
	};
	client.on('notification', (message) => {
		if (message.channel !== notifyChannel || !message.payload) return;
		const split = message.payload.indexOf('\n');
		if (split > 0) deliver(message.payload.slice(0, split), message.payload.slice(split + 1));
	});
	client.on('error', lost);
	client.on('end', () => lost());
	try {
		await client.connect();
		await client.query(`LISTEN ${notifyChannel}`);
		listener = client;
		retryMs = 250;
	} catch (error) {
		console.error('event listener cannot connect:', (error as Error).message);
		client.end().catch(() => undefined);
		setTimeout(() => void listenOnPostgres(), retryMs).unref();
		retryMs = Math.min(retryMs * 2, 10_000);
	}
}

/** Resolves once events from other processes can arrive (PostgreSQL: the LISTEN is in place). */
export async function eventsReady(): Promise<void> {
	if (engine === 'postgres') await listenOnPostgres();
	else listenToCluster();
}

/** Closes the PostgreSQL connections, for a clean shutdown and for tests. */
export async function stopEvents(): Promise<void> {
	const client = listener;
	listener = undefined;
	await client?.end().catch(() => undefined);
	await sender?.end().catch(() => undefined);
	sender = undefined;
}
