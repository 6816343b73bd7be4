import type { Handle, RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { maxUploadBytes } from './media';
import { BodyTooLarge, discardBody, formLimits, isFormType, postedForm, type BodyLimits } from './posted-form';
import { createRegistry } from './registry';

/**
 * The pages whose forms take photos, by route, and how many one post may carry; each pillar
 * names its own (connectPillars). Every other form gets the small limit of a form without files.
 */
const uploadRoutes = createRegistry<number>('Upload route');

/** Routes are named by their URL (`/sell/products/[id]`), without route groups. */
export const registerUploadRoutes = (routes: Record<string, number>): void => uploadRoutes.register(routes);

export const registeredUploadRoutes = (): string[] => uploadRoutes.names();

/**
 * How many photos a post to this route may carry, if any. Routes are named by their URL: the
 * route groups each pillar's pages sit in (`/(notices)/committee/...`) are not part of it.
 */
export function uploadPhotosFor(routeId: string | null): number | undefined {
	return routeId === null ? undefined : uploadRoutes.find(routeId.replace(/\/\([^/)]+\)/g, '') || '/');
}

/** Room for a notice's text and its disclosure table beside its photos. */
const uploadTextBytes = 1024 * 1024;

function uploadLimits(photos: number): BodyLimits {
	return { bytes: photos * maxUploadBytes + uploadTextBytes, fieldBytes: uploadTextBytes, files: photos + 1, fileBytes: maxUploadBytes };
}

/**
 * Photos in memory at once: each large upload holds its files until its photos
 * are stored, so a few at a time keep the server's memory bounded; the others
 * wait unread (their senders' connections simply pause).
 */
const uploadSlots = 2;
let uploading = 0;
const waiting: (() => void)[] = [];

async function inUploadSlot<T>(run: () => Promise<T>): Promise<T> {
	if (uploading >= uploadSlots) await new Promise<void>((turn) => waiting.push(turn));
	else uploading += 1;
	try {
		return await run();
	} finally {
		const next = waiting.shift();
		if (next) next();
		else uploading -= 1;
	}
}

/**
 * Bounds every posted body before anything reads it. A form without files may
 * be small; photos are taken only by the pages that ask for them and only from
 * someone signed in (known here before the body is read), streamed with a cap
 * per file and per post. A body declared too large is refused unread; a chunked
 * one is counted as it streams. The form is parsed here, once, for every later
 * reader (postedForm).
 */
export const boundedBodies: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return resolve(event);
	const photos = event.locals.user ? uploadPhotosFor(event.route.id) : undefined;
	const limits = photos ? uploadLimits(photos) : formLimits;
	const declared = request.headers.get('content-length');
	const tooLarge = () => bodyTooLarge(event, photos);
	if (declared !== null && Number(declared) > limits.bytes) {
		discardBody(request);
		return tooLarge();
	}
	if (!isFormType(request)) {
		// Nothing here reads another kind of body; it may not be long, and must say how long it is.
		if (declared !== null) return resolve(event);
		discardBody(request);
		return tooLarge();
	}
	const read = async () => {
		try {
			await postedForm(request, limits);
		} catch (error) {
			if (error instanceof BodyTooLarge) return tooLarge();
			throw error;
		}
		return resolve(event);
	};
	return photos && Number(declared ?? Infinity) > formLimits.bytes ? inUploadSlot(read) : read();
};

/**
 * 413 in the person's language: a small page for a browser, plain text for
 * anything else. Security headers come from the hook around this one.
 */
function bodyTooLarge(event: RequestEvent, photos: number | undefined): Response {
	const message = photos
		? m.error_body_too_large_photos({ mb: maxUploadBytes / 1024 / 1024, count: photos })
		: uploadPhotosFor(event.route.id) !== undefined && !event.locals.user
			? m.error_body_sign_in_to_upload()
			: m.error_body_too_large();
	const wantsPage = (event.request.headers.get('accept') ?? '').includes('text/html');
	if (!wantsPage) return new Response(message, { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	const page = `<!doctype html>
<html lang="${event.locals.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>413 · ${escapeHtml(m.app_name())}</title></head>
<body>
<h1>${escapeHtml(m.error_body_too_large_title())}</h1>
<p role="alert">${escapeHtml(message)}</p>
<p><a href="/">${escapeHtml(m.back_home())}</a></p>
</body>
</html>
`;
	return new Response(page, { status: 413, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
