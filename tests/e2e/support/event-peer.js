// Another process on the e2e-postgres database, running the app's own events module
// (src/lib/server/platform/events.ts, loaded through Vite as the tests load it) for
// two-processes.test.ts: no page or endpoint of the app publishes or subscribes yet, so
// the processes the test talks to over HTTP cannot show an event. Run with `fork`, with
// DATABASE_URL set; talks over the IPC channel:
//   → { subscribe: channel }          ← { ready: channel } once the LISTEN is in place
//   ← { heard: channel, payload }      for each event on a subscribed channel
//   → { publish: channel, payload }   ← { published: channel }
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const vite = await createServer({
	root,
	configFile: false,
	resolve: { alias: { $lib: `${root}src/lib` } },
	server: { middlewareMode: true, hmr: false, ws: false },
	appType: 'custom',
	optimizeDeps: { noDiscovery: true, include: [] },
	logLevel: 'error'
});
const events = await vite.ssrLoadModule('/src/lib/server/platform/events.ts');

const send = (/** @type {object} */ message) => process.send?.(message);
process.on('message', async (/** @type {{ subscribe?: string, publish?: string, payload?: string }} */ message) => {
	try {
		if (message.subscribe) {
			const channel = message.subscribe;
			events.subscribe(channel, (/** @type {string} */ payload) => send({ heard: channel, payload }));
			await events.eventsReady();
			send({ ready: channel });
		} else if (message.publish) {
			await events.publish(message.publish, message.payload ?? '');
			send({ published: message.publish });
		}
	} catch (error) {
		send({ failed: error instanceof Error ? error.message : String(error) });
	}
});
// The parent gone (a finished or crashed test run), this process goes too.
process.on('disconnect', async () => {
	await events.stopEvents();
	await vite.close();
	process.exit(0);
});
send({ started: true });
