import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as m from '$lib/paraglide/messages';
import { registeredUploadRoutes, uploadPhotosFor } from '$lib/server/platform/body-limits';
import { connectPillars } from '$lib/server/startup';
import { maxUploadBytes, storePhotos } from '$lib/server/platform/media';
import { BodyTooLarge, formLimits, postedForm, type BodyLimits } from '$lib/server/platform/posted-form';
import { readFormWithFiles } from '$lib/server/platform/forms';
import { fingerprintWrite } from '$lib/server/platform/offline/idempotency';
import { idempotencyField } from '$lib/offline';
import { maxNoticePhotos } from '$lib/notices/vocabulary';
import { makeUser } from './factories';
import { asFile, plainImage } from './image-files';
import { refusal } from './refusal';

const photoLimits: BodyLimits = { bytes: 3 * maxUploadBytes + 1024 * 1024, fieldBytes: 1024 * 1024, files: 3, fileBytes: maxUploadBytes };

/** A posted body sent in chunks with no length (`Transfer-Encoding: chunked`) that never ends. */
function endlessRequest(type: string) {
	const chunk = new TextEncoder().encode('a=' + 'x'.repeat(1024 * 1024));
	const body = new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(chunk) });
	return new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': type }, body, duplex: 'half' } as RequestInit);
}

function multipart(form: FormData): Promise<Request> {
	const encoded = new Request('http://localhost/x', { method: 'POST', body: form });
	return Promise.resolve(encoded);
}

describe('a posted form', () => {
	it('is parsed once, in order, for both the idempotency fingerprint and the action', async () => {
		const form = new FormData();
		form.append('title', '通知');
		form.append('photos', new File([new Uint8Array([1, 2, 3])], 'a.jpg', { type: 'image/jpeg' }));
		form.append('body', '第一行 第二行');
		form.append('photos', new File([], ''));
		form.append(idempotencyField, 'k'.repeat(32));
		const request = await multipart(form);

		const parsed = await postedForm(request, photoLimits); // as the hook reads it, with the route's limits
		expect(request.bodyUsed).toBe(true);
		const fingerprint = await fingerprintWrite(request, new URL(request.url));
		const posted = await readFormWithFiles(request);
		expect(posted.fields).toEqual({ title: '通知', body: '第一行 第二行', [idempotencyField]: 'k'.repeat(32) });
		expect(posted.files.photos.map((file) => [file.name, file.size])).toEqual([['a.jpg', 3]]);
		expect(await postedForm(request)).toBe(parsed);
		expect([...parsed.keys()]).toEqual(['title', 'photos', 'body', 'photos', idempotencyField]);
		expect(fingerprint?.key).toBe('k'.repeat(32));
	});

	it('reads a url-encoded form as the browser meant it', async () => {
		const request = new Request('http://localhost/x', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'name=%E9%99%88+%E5%85%88%E7%94%9F&a=1&a=2&empty='
		});
		const form = await postedForm(request);
		expect([...form]).toEqual([
			['name', '陈 先生'],
			['a', '1'],
			['a', '2'],
			['empty', '']
		]);
	});

	it('refuses a chunked body over the limit as it streams, never waiting for its end', async () => {
		for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
			await expect(postedForm(endlessRequest(type), formLimits)).rejects.toBeInstanceOf(BodyTooLarge);
		}
	});

	it('refuses one field longer than a form without files may carry', async () => {
		const request = new Request('http://localhost/x', {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `note=${'x'.repeat(formLimits.fieldBytes + 1)}`
		});
		await expect(postedForm(request, { ...formLimits, bytes: 10 * formLimits.bytes })).rejects.toBeInstanceOf(BodyTooLarge);
	});

	it('keeps no file on a form that takes none', async () => {
		const form = new FormData();
		form.append('username', 'a');
		form.append('photo', new File([new Uint8Array(1000)], 'p.jpg'));
		const posted = await readFormWithFiles(await multipart(form));
		expect(posted).toEqual({ fields: { username: 'a' }, files: {} });
	});

	it('cuts a file over the cap as it streams, so the photo pipeline refuses it with its message', async () => {
		const user = await makeUser();
		const form = new FormData();
		form.append('photos', asFile(await plainImage(64, 48), 'small.png', 'image/png'));
		form.append('photos', new File([new Uint8Array(maxUploadBytes + 5 * 1024 * 1024)], 'huge.jpg', { type: 'image/jpeg' }));
		const request = await multipart(form);
		const parsed = await postedForm(request, photoLimits);
		const files = parsed.getAll('photos') as File[];
		expect(files.map((file) => file.size)).toEqual([files[0].size, maxUploadBytes + 1]);
		const refused = await refusal(storePhotos(files, user.id));
		expect(refused.message).toBe(
			m.error_photo_refused_numbered({ n: 2, reason: m.error_photo_too_large({ mb: maxUploadBytes / 1024 / 1024 }) })
		);
	});

	it('reads a malformed body as an empty form, so the action says what is missing', async () => {
		for (const [type, body] of [
			['multipart/form-data', 'no boundary'],
			['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data\r\n\r\nnever closed']
		]) {
			const request = new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': type }, body });
			expect([...(await postedForm(request))]).toEqual([]);
		}
	});
});

describe('the pages that take photos', () => {
	// The pillars name their upload pages when the server starts.
	beforeAll(connectPillars);
	const routes = resolve('src/routes');
	const pages = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
			entry.isDirectory() ? pages(join(dir, entry.name)) : entry.name === '+page.svelte' ? [join(dir, entry.name)] : []
		);
	/** The page and the components it imports from beside it, as one text. */
	const withComponents = (page: string) => {
		const text = readFileSync(page, 'utf8');
		const imported = [...text.matchAll(/from '(\.{1,2}\/[^']+\.svelte)'/g)].map((match) => readFileSync(resolve(dirname(page), match[1]), 'utf8'));
		return [text, ...imported].join('\n');
	};
	/** A named file input: one a form sends (the ledger checker's, unnamed, is read in the browser and never posted). */
	const postsFiles = (page: string) => [...withComponents(page).matchAll(/<input\b[^>]*type="file"[^>]*>/g)].some((input) => /\sname=/.test(input[0]));
	const routeId = (page: string) => '/' + relative(routes, dirname(page)).split('/').filter((part) => !/^\(.*\)$/.test(part)).join('/');

	it('are exactly the pages with a file input: only they may receive large bodies', () => {
		const withFileInputs = pages(routes)
			.filter(postsFiles)
			.map((page) => routeId(page).replace(/\/$/, '') || '/')
			.sort();
		expect(withFileInputs.length).toBeGreaterThan(0);
		expect(registeredUploadRoutes().sort()).toEqual(withFileInputs);
	});

	it('get their photos by the route id SvelteKit gives them, route group and all', () => {
		const kitIds = pages(routes)
			.filter(postsFiles)
			.map((page) => '/' + relative(routes, dirname(page)));
		expect(kitIds.some((id) => id.includes('/('))).toBe(true);
		for (const id of kitIds) expect([id, uploadPhotosFor(id)]).toEqual([id, expect.any(Number)]);
		expect(uploadPhotosFor('/(notices)/committee/notices/new')).toBe(maxNoticePhotos);
		expect(uploadPhotosFor('/(market)/market')).toBeUndefined();
		expect(uploadPhotosFor(null)).toBeUndefined();
	});
});
