// Events reach subscribers on the engine of the run; on PostgreSQL they still arrive
// after the listening connection is cut (a restarted server, a dropped link).
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { engine, transaction } from '$lib/server/platform/db';
import { eventsReady, publish, stopEvents, subscribe } from '$lib/server/platform/events';

afterAll(() => stopEvents());

function next(channel: string, timeoutMs = 5000): Promise<string> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			off();
			reject(new Error(`nothing on ${channel} within ${timeoutMs} ms`));
		}, timeoutMs);
		const off = subscribe(channel, (payload) => {
			clearTimeout(timer);
			off();
			resolve(payload);
		});
	});
}

describe('events', () => {
	it('delivers a published payload to every subscriber of its channel, and to no other', async () => {
		const heard: string[] = [];
		const offOther = subscribe('test.other', (payload) => heard.push(`other ${payload}`));
		const first = next('test.stock');
		const second = next('test.stock');
		await eventsReady();
		await publish('test.stock', '41');
		expect(await first).toBe('41');
		expect(await second).toBe('41');
		offOther();
		expect(heard).toEqual([]);
	});

	it('refuses a payload too large to be an id', async () => {
		await expect(publish('test.big', 'x'.repeat(8000))).rejects.toThrow(/too large/);
	});

	it.runIf(engine === 'postgres')('listens again after its connection is cut', async () => {
		await eventsReady();
		await transaction((tx) =>
			tx.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'village-square-events' and datname = current_database()`)
		);
		// Publish until the listener is back: events sent while it was away are lost by design (payloads are ids).
		const heard = next('test.after-cut', 10_000);
		const deadline = Date.now() + 10_000;
		let done = false;
		heard.then(() => (done = true)).catch(() => (done = true));
		while (!done && Date.now() < deadline) {
			await publish('test.after-cut', 'back');
			await new Promise((r) => setTimeout(r, 200));
		}
		expect(await heard).toBe('back');
	});
});
