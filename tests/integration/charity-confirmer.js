// Another process on a test file's database, confirming gifts with the app's own confirmGift
// (src/lib/server/charity/gifts.ts) for charity-processes.test.ts: the ledger's one-writer rule
// has to hold between processes, not only between one process's transactions. It loads the
// app as the test bundled it with Vite (the folder is its argument): two processes each
// loading the sources through a Vite dev server took half a minute on a busy machine, mostly
// Paraglide's 1,400 message modules one at a time. Run with `fork`, with DATABASE_URL set;
// talks over the IPC channel:
//   ← { ready: true }                         once the app is loaded
//   → { cadreId, giftIds, writers }           confirms them, `writers` at a time
//   ← { confirmed, refused: [{ status, message }], failed: [message], started, ended }   (times in ms)
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const bundle = process.argv[2];
const gifts = await import(pathToFileURL(join(bundle, 'gifts.js')).href);
const database = await import(pathToFileURL(join(bundle, 'db.js')).href);

const send = (/** @type {object} */ message) => process.send?.(message);

process.on('message', async (/** @type {{ cadreId: number, giftIds: number[], writers: number }} */ { cadreId, giftIds, writers }) => {
	const started = Date.now();
	let next = 0;
	let confirmed = 0;
	/** @type {{ status: number, message: string }[]} */
	const refused = [];
	/** @type {string[]} */
	const failed = [];
	await Promise.all(
		Array.from({ length: writers }, async () => {
			while (next < giftIds.length) {
				const giftId = giftIds[next++];
				try {
					await gifts.confirmGift(cadreId, giftId);
					confirmed++;
				} catch (error) {
					// A refusal (the other process confirmed it first) is a value the test checks; anything else is a failure.
					if (error instanceof Error && 'status' in error) refused.push({ status: Number(error.status), message: error.message });
					else failed.push(String(error instanceof Error ? error.stack : error));
				}
			}
		})
	);
	send({ confirmed, refused, failed, started, ended: Date.now() });
});

send({ ready: true });

// The parent gone (the test finished, or its run crashed), this process lets go of the database and goes too.
process.on('disconnect', async () => {
	await database.closeDatabase();
	process.exit(0);
});
