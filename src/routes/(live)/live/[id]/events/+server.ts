// The live sale's stream (Server-Sent Events): what the host posts, comments, purchases, units
// left, the pinned product and the viewer count, pushed as they happen. One per tab; a browser
// that reconnects sends `Last-Event-ID` and is sent what it missed. The page's first connection
// names the last event the page was rendered with (`?after=`).
import { createHash } from 'node:crypto';
import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { maxRowId, parseId, parseWhole } from '$lib/form-fields';
import { findLiveSaleStatus, lastLiveEventId, watchLiveSale } from '$lib/server/live/stream';
import type { RequestHandler } from './$types';

/** A visitor is counted by address and browser, hashed and kept in memory only: nobody is tracked. */
function viewerKey(event: Parameters<RequestHandler>[0]): string {
	if (event.locals.user) return `u${event.locals.user.id}`;
	const address = (() => {
		try {
			return event.getClientAddress();
		} catch {
			return '';
		}
	})();
	return `v${createHash('sha256').update(`${address}\n${event.request.headers.get('user-agent') ?? ''}`).digest('base64url').slice(0, 16)}`;
}

// How long a browser waits before reconnecting after a drop: soon, on a phone that moves.
const retry = new TextEncoder().encode('retry: 3000\n\n');

export const GET: RequestHandler = async (event) => {
	const saleId = parseId(event.params.id);
	if (saleId === null || !(await findLiveSaleStatus(saleId))) error(404, m.live_error_not_found());
	const asked = event.request.headers.get('last-event-id') ?? event.url.searchParams.get('after');
	const after = parseWhole(asked, 0, maxRowId) ?? (await lastLiveEventId(saleId));
	const key = viewerKey(event);

	let stop: (() => void) | null = null;
	let closed = false;
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			controller.enqueue(retry);
			const send = (chunk: Uint8Array) => {
				if (closed) return;
				try {
					controller.enqueue(chunk);
				} catch {
					closed = true;
					stop?.();
				}
			};
			const leave = await watchLiveSale(saleId, { key, send }, after);
			if (closed) leave();
			else stop = leave;
		},
		cancel() {
			closed = true;
			stop?.();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			// A proxy (nginx) in front must pass each event on at once, not gather them.
			'x-accel-buffering': 'no'
		}
	});
};
