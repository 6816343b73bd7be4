import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { renditionFileName } from '$lib/photos';
import { db, noticePhotos, photos, productPhotos, reviews, transaction, villages, type Photo } from '$lib/server/platform/db';
import { findPhoto, mediaDir, storePhoto } from '$lib/server/platform/media';
import { photoReferences, sweepUnusedPhotos, unusedPhotoGraceMs } from '$lib/server/platform/media-sweep';
import { createVillage } from '$lib/server/villages/villages';
import { makeAdmin, makeCadre, makeNotice, makeProduct, makeSeller } from './factories';
import { asFile, hugePng, plainImage } from './image-files';
import { refusal } from './refusal';
import { parseWith } from '$lib/server/platform/forms';
import { villageForm } from '$lib/villages/forms';

const mediaFiles = () => (existsSync(mediaDir) ? readdirSync(mediaDir).sort() : []);
const photoIds = async () => (await db.select({ id: photos.id }).from(photos)).map((row) => row.id).sort();

/** Distinct photos: one colour each, so each is its own row. */
let shade = 0;
async function goodPhoto(): Promise<File> {
	shade += 1;
	const png = await plainImage(400 + shade, 300);
	return asFile(png, `photo-${shade}.png`, 'image/png');
}

async function age(photo: Photo, ms: number): Promise<void> {
	await transaction((tx) => tx.update(photos).set({ createdAt: new Date(Date.now() - ms) }).where(eq(photos.id, photo.id)));
}

const filesOf = (photo: Photo) => photo.renditions.map((rendition) => renditionFileName(photo.id, rendition));

describe('a form with several photos', () => {
	it('checks every photo before storing any: a refused third photo leaves no rows and no files', async () => {
		const { seller, village } = await makeSeller();
		const [rows, files] = [await photoIds(), mediaFiles()];
		const photosPosted = [await goodPhoto(), await goodPhoto(), asFile(hugePng(), 'huge.png', 'image/png')];

		const refused = await refusal(makeProduct(village, seller, {}, { files: photosPosted }));
		expect(refused.status).toBe(422);
		expect(refused.message).toContain('3');
		expect(await photoIds()).toEqual(rows);
		expect(mediaFiles()).toEqual(files);

		const cadre = await makeCadre(village);
		await refusal(makeNotice(village, cadre, {}, { files: photosPosted }));
		expect(await photoIds()).toEqual(rows);
		expect(mediaFiles()).toEqual(files);
	});
});

describe('the sweep of unused photos', () => {
	it('counts every column that holds a photo id', () => {
		expect(photoReferences()).toEqual(
			expect.arrayContaining([productPhotos.photoId, noticePhotos.photoId, reviews.photoId, villages.coverPhoto])
		);
	});

	it('removes a photo nothing has used for a day, rows and files, and keeps used and young ones', async () => {
		const { seller, village } = await makeSeller();
		const cadre = await makeCadre(village);
		const onProduct = await goodPhoto();
		const onNotice = await goodPhoto();
		await makeProduct(village, seller, {}, { files: [onProduct] });
		await makeNotice(village, cadre, {}, { files: [onNotice] });
		const slug = `cover-${Date.now().toString(36)}`;
		const covered = await createVillage((await makeAdmin()).id, parseWith(villageForm, { name: '封面村', slug, county: '巨野县', story: '' }), await goodPhoto());
		const used = await db.select().from(photos);
		expect(used.length).toBeGreaterThanOrEqual(3);
		expect(used.map((photo) => photo.id)).toContain(covered.coverPhoto);
		const orphan = await storePhoto(await goodPhoto(), seller.id);
		const young = await storePhoto(await goodPhoto(), seller.id);
		for (const photo of [...used, orphan]) await age(photo, unusedPhotoGraceMs + 60_000);
		await age(young, unusedPhotoGraceMs - 60_000);
		// Files a crash left without a row: one from two days ago, one from a moment ago.
		const staleFile = join(mediaDir, `${'a'.repeat(32)}-320.webp`);
		const freshFile = join(mediaDir, `${'b'.repeat(32)}-320.webp.0f0e.part`);
		await writeFile(staleFile, 'x');
		await writeFile(freshFile, 'x');
		const twoDaysAgo = new Date(Date.now() - 2 * unusedPhotoGraceMs);
		await utimes(staleFile, twoDaysAgo, twoDaysAgo);

		expect(await sweepUnusedPhotos()).toBe(1);

		expect(await findPhoto(orphan.id)).toBeUndefined();
		for (const name of filesOf(orphan)) expect(existsSync(join(mediaDir, name)), name).toBe(false);
		for (const photo of [...used, young]) {
			expect(await findPhoto(photo.id), photo.id).toBeDefined();
			for (const name of filesOf(photo)) expect(existsSync(join(mediaDir, name)), name).toBe(true);
		}
		expect(existsSync(staleFile)).toBe(false);
		expect(existsSync(freshFile)).toBe(true);
	});

	it('makes a photo sent again young again, so the form about to use it finds it still there', async () => {
		const { seller } = await makeSeller();
		const file = await goodPhoto();
		const first = await storePhoto(file, seller.id);
		await age(first, unusedPhotoGraceMs + 60_000);
		expect((await storePhoto(file, seller.id)).id).toBe(first.id);
		await sweepUnusedPhotos();
		expect(await findPhoto(first.id)).toBeDefined();
		for (const name of filesOf(first)) expect(existsSync(join(mediaDir, name)), name).toBe(true);
	});
});
