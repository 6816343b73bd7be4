import busboy from 'busboy';

/** How much of a posted body one request may carry, and in what. */
export type BodyLimits = {
	/** The whole body, as sent. */
	bytes: number;
	/** One text field. */
	fieldBytes: number;
	/** How many files are kept; more are dropped unread. */
	files: number;
	/** One file: a longer one is kept cut at one byte more, so the photo pipeline refuses it with its own message. */
	fileBytes: number;
};

/** Sent more than the limits allow: the request is answered 413 and changes nothing. */
export class BodyTooLarge extends Error {}

/** The longest form without files, a 2,000-character letter, is about 18 KB percent-encoded. */
export const formLimits: BodyLimits = { bytes: 64 * 1024, fieldBytes: 64 * 1024, files: 0, fileBytes: 0 };

const maxFields = 1000;

const parsed = new WeakMap<Request, Promise<FormData>>();

/**
 * The request's form, read and parsed once however many readers ask (the
 * idempotency fingerprint, then the action). The hook reads it first with the
 * route's limits; a reader that comes without one gets the limits of a form
 * without files. A body that is not a well-formed form reads as an empty form,
 * so the action answers with its usual "required" message; one over the limits
 * rejects with BodyTooLarge.
 */
export function postedForm(request: Request, limits: BodyLimits = formLimits): Promise<FormData> {
	let form = parsed.get(request);
	if (!form) {
		form = readForm(request, limits);
		parsed.set(request, form);
	}
	return form;
}

export function isFormType(request: Request): boolean {
	const type = request.headers.get('content-type') ?? '';
	return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/**
 * Streams the body through a form parser, counting as it goes: files are kept in
 * memory only up to their cap, and reading stops at the request's cap. Nothing
 * is buffered whole.
 */
async function readForm(request: Request, limits: BodyLimits): Promise<FormData> {
	const form = new FormData();
	if (!request.body || !isFormType(request)) return form;
	const reader = request.body.getReader();
	let parser: busboy.Busboy;
	try {
		parser = busboy({
			headers: { 'content-type': request.headers.get('content-type')! },
			defParamCharset: 'utf8',
			limits: {
				fieldSize: limits.fieldBytes,
				fields: maxFields,
				files: limits.files,
				fileSize: limits.fileBytes + 1,
				parts: maxFields + limits.files
			}
		});
	} catch {
		discardRest(reader);
		return form; // A multipart type without a boundary, say.
	}

	// Parts in the order sent; a file's place is taken when it starts.
	const entries: Promise<[string, string | File]>[] = [];
	let tooLarge = false;
	parser.on('field', (name, value, info) => {
		if (info.valueTruncated || info.nameTruncated) tooLarge = true;
		else entries.push(Promise.resolve([name, value]));
	});
	parser.on('file', (name, stream, info) => {
		const chunks: Uint8Array<ArrayBuffer>[] = [];
		stream.on('data', (chunk: Uint8Array<ArrayBuffer>) => chunks.push(chunk));
		entries.push(
			new Promise((done, failed) => {
				stream.on('end', () => done([name, new File(chunks, info.filename ?? '', { type: info.mimeType })]));
				stream.on('error', failed);
			})
		);
	});
	parser.on('fieldsLimit', () => (tooLarge = true));
	parser.on('partsLimit', () => (tooLarge = true));
	const finished = new Promise<void>((done, failed) => {
		parser.on('close', done);
		parser.on('error', failed);
	});
	finished.catch(() => {}); // Awaited below; a malformed body must not also count as unhandled.

	try {
		let received = 0;
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			received += value.length;
			if (received > limits.bytes || tooLarge) {
				parser.destroy();
				discardRest(reader);
				throw new BodyTooLarge();
			}
			if (!parser.write(value)) await Promise.race([new Promise((drained) => parser.once('drain', drained)), finished]);
		}
		parser.end();
		await finished;
		const read = await Promise.all(entries);
		if (tooLarge) throw new BodyTooLarge();
		for (const [name, value] of read) form.append(name, value);
		return form;
	} catch (error) {
		if (error instanceof BodyTooLarge) throw error;
		if ((error as { status?: number }).status === 413) throw new BodyTooLarge(); // adapter-node's own BODY_SIZE_LIMIT
		parser.destroy();
		discardRest(reader);
		return new FormData(); // Malformed, or the sender went away.
	}
}

/** Bytes read off the wire and dropped before the connection is closed, so the sender sees the answer. */
const discardLimit = 128 * 1024 * 1024;

/**
 * Reads what is left of a refused body and drops it, so the sender, still
 * sending, reads our answer instead of a reset connection. A body longer than
 * any we accept is cut off after that much.
 */
export function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): void {
	void (async () => {
		let dropped = 0;
		try {
			for (;;) {
				const { value, done } = await reader.read();
				if (done) return;
				dropped += value.length;
				if (dropped > discardLimit) return void (await reader.cancel());
			}
		} catch {
			// The sender went away: nothing left to drop.
		}
	})();
}

/** Drops a body nobody will read: one refused before it was read. */
export function discardBody(request: Request): void {
	if (request.body && !request.body.locked) discardRest(request.body.getReader());
}
