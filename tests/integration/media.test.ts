import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import * as m from '$lib/paraglide/messages';
import { renditionFileName } from '$lib/photos';
import { db, photos, type Photo } from '$lib/server/platform/db';
import { samplePhoto } from '../../scripts/demo/sample-photo.js';
import { findPhoto, mediaDir, readPhoto, storePhoto } from '$lib/server/platform/media';
import { createVillage } from '$lib/server/villages/villages';
import { makeAdmin } from './factories';
import { animated, animatedPng, asFile, gzipBomb, hevcHeic, hugePng, plainImage, sidewaysPhoneJpeg } from './image-files';
import { refusal } from './refusal';
import { parseWith } from '$lib/server/platform/forms';
import { villageForm } from '$lib/villages/forms';

/** Every stored file with its bytes, as the media route would serve it. */
async function storedFiles(photo: Photo) {
	return Promise.all(
		photo.renditions.map(async (rendition) => {
			const stored = await readPhoto(renditionFileName(photo.id, rendition));
			expect(stored, `${rendition.format} ${rendition.width}`).not.toBeNull();
			return { rendition, bytes: stored!.bytes };
		})
	);
}

function mediaFiles(): string[] {
	return existsSync(mediaDir) ? readdirSync(mediaDir).sort() : [];
}

async function photoRows(): Promise<number> {
	return (await db.select().from(photos)).length;
}

/** Refused with this message, and nothing written: no file (not even a temporary one), no row. */
async function refusedWith(upload: File, message: string): Promise<void> {
	const [files, rows] = [mediaFiles(), await photoRows()];
	expect((await refusal(storePhoto(upload, null))).message).toBe(message);
	expect(mediaFiles()).toEqual(files);
	expect(await photoRows()).toBe(rows);
}

describe('the photo pipeline', () => {
	it('stores a phone photo upright, with no EXIF, GPS, ICC or XMP left in any file', async () => {
		const original = await sidewaysPhoneJpeg();
		const originalMeta = await sharp(original).metadata();
		expect(originalMeta.exif && originalMeta.icc && originalMeta.xmp).toBeTruthy();
		for (const secret of ['PhoneMakerCo', 'WGS-84-secret', 'XmpSecretNote']) expect(original.includes(secret)).toBe(true);

		const photo = await storePhoto(asFile(original, 'IMG_0001.jpg'), null);
		expect(photo.renditions.map((r) => `${r.format} ${r.width}x${r.height}`)).toEqual(
			['320x427', '640x853', '1024x1365'].flatMap((size) => [`avif ${size}`, `webp ${size}`, `jpeg ${size}`])
		);
		for (const { rendition, bytes } of await storedFiles(photo)) {
			const meta = await sharp(bytes).metadata();
			expect(meta.format).toBe(rendition.format === 'avif' ? 'heif' : rendition.format);
			expect([meta.width, meta.height]).toEqual([rendition.width, rendition.height]);
			expect(bytes.length).toBe(rendition.bytes);
			expect([meta.exif, meta.icc, meta.xmp, meta.iptc, meta.orientation]).toEqual([undefined, undefined, undefined, undefined, undefined]);
			for (const secret of ['PhoneMakerCo', 'WGS-84-secret', 'XmpSecretNote', 'Exif\0\0']) expect(bytes.includes(secret)).toBe(false);

			// Turned upright: the stored top half (red) is now on the right.
			const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
			const pixel = (x: number) => data.subarray((Math.floor(info.height / 2) * info.width + x) * info.channels);
			expect([pixel(Math.floor(info.width * 0.75))[0] > 200, pixel(Math.floor(info.width * 0.25))[2] > 200]).toEqual([true, true]);
		}
	});

	it('makes a typical 4000x3000 produce photo into 320, 640 and 1024 px files in each format', { timeout: 60_000 }, async () => {
		const photo = await storePhoto(asFile(await samplePhoto(4000, 3000), 'cherries.jpg'), null);
		expect([photo.width, photo.height]).toEqual([1024, 768]);
		const sizes = photo.renditions.map(({ format, width, height, bytes }) => ({ format, size: `${width}x${height}`, kB: +(bytes / 1024).toFixed(1) }));
		console.log('typical produce photo, stored files:', sizes);
		expect(sizes.map((s) => `${s.format} ${s.size}`)).toEqual(
			['320x240', '640x480', '1024x768'].flatMap((size) => [`avif ${size}`, `webp ${size}`, `jpeg ${size}`])
		);
		// A sanity bound, far above the tuned sizes: a lost quality setting would cross it.
		for (const { rendition, bytes } of await storedFiles(photo)) {
			expect(bytes.length).toBeLessThan(rendition.width * 60);
		}
		expect(photo.placeholder).toMatch(/^data:image\/webp;base64,[A-Za-z0-9+/]+=*$/);
		expect(photo.placeholder.length).toBeLessThanOrEqual(300);
		expect((await sharp(Buffer.from(photo.placeholder.split(',')[1], 'base64')).metadata()).width).toBe(16);
	});

	it('never enlarges: a narrow photo gets only the widths it fills, a tiny one its own width', async () => {
		const narrow = await storePhoto(asFile(await plainImage(700, 500), 'narrow.png', 'image/png'), null);
		expect([...new Set(narrow.renditions.map((r) => r.width))]).toEqual([320, 640]);
		expect([narrow.width, narrow.height]).toEqual([640, 457]);
		const tiny = await storePhoto(asFile(await plainImage(200, 150, 'jpeg'), 'tiny.jpg'), null);
		expect(tiny.renditions.map((r) => `${r.format} ${r.width}x${r.height}`)).toEqual(['avif 200x150', 'webp 200x150', 'jpeg 200x150']);
	});

	it('stores the same photo once, even when it arrives twice at the same moment', async () => {
		const bytes = await sidewaysPhoneJpeg(800, 600);
		const rows = await photoRows();
		const [first, second] = await Promise.all([storePhoto(asFile(bytes, 'a.jpg'), null), storePhoto(asFile(bytes, 'b.jpg'), null)]);
		const third = await storePhoto(asFile(bytes, 'c.jpg'), null);
		expect(first.id).toMatch(/^[0-9a-f]{32}$/);
		expect([second.id, third.id]).toEqual([first.id, first.id]);
		expect(await photoRows()).toBe(rows + 1);
		expect(mediaFiles().filter((name) => !/^[0-9a-f]{32}-\d+\.(avif|webp|jpg)$/.test(name))).toEqual([]);
	});

	it('refuses what is not a still photo it can read, with a message, storing nothing', { timeout: 30_000 }, async () => {
		const unreadable = m.error_photo_unreadable();
		await refusedWith(asFile('', 'empty.jpg'), m.error_photo_empty());
		await refusedWith(asFile(Buffer.alloc(10 * 1024 * 1024 + 1), 'huge.jpg'), m.error_photo_too_large({ mb: 10 }));
		await refusedWith(asFile(hugePng(), 'big.png', 'image/png'), m.photo_error_too_many_pixels({ megapixels: 40 }));
		const jpeg = await samplePhoto(800, 600);
		await refusedWith(asFile(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'truncated.jpg'), unreadable);
		const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="red"/></svg>';
		await refusedWith(asFile(svg, 'drawing.jpg'), unreadable);
		await refusedWith(asFile('this is not a photo', 'notes.jpg'), unreadable);
		await refusedWith(asFile(gzipBomb(), 'archive.png', 'image/png'), unreadable);
		await refusedWith(asFile(await plainImage(64, 48, 'gif'), 'still.gif', 'image/gif'), unreadable);
		await refusedWith(asFile(await animated('gif'), 'moving.gif', 'image/gif'), unreadable);
		await refusedWith(asFile(await animated('webp'), 'moving.webp', 'image/webp'), m.photo_error_animated());
		await refusedWith(asFile(await animatedPng(), 'moving.png', 'image/png'), m.photo_error_animated());
		await refusedWith(asFile(hevcHeic(), 'IMG_0002.HEIC', 'image/heic'), m.photo_error_heic());
	});

	it('accepts AVIF (AV1-coded HEIF), whatever the file is called', async () => {
		const avif = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#c8553d' } }).avif().toBuffer();
		const photo = await storePhoto(asFile(avif, 'photo.heic', 'application/octet-stream'), null);
		expect(photo.renditions).toHaveLength(3);
	});

	it('serves only files it wrote and recorded', async () => {
		const photo = await storePhoto(asFile(await plainImage(400, 300), 'p.png', 'image/png'), null);
		const name = renditionFileName(photo.id, photo.renditions[0]);
		expect((await readPhoto(name))?.format).toBe('avif');
		// A file nobody recorded, though its name has the right shape.
		const stray = `${'0'.repeat(32)}-320.avif`;
		await writeFile(join(mediaDir, stray), 'not ours');
		for (const foreign of [stray, '../test.db', `../media/${name}`, `${name}/..`, name.toUpperCase(), `${photo.id}-321.avif`, `${photo.id}-320.gif`, `${name}.part`, '']) {
			expect(await readPhoto(foreign), foreign).toBeNull();
		}
	});

	it('a village gets its cover photo, uploaded by the admin; a refused village form stores nothing', async () => {
		const admin = await makeAdmin();
		const [files, rows] = [mediaFiles(), await photoRows()];
		const cover = await sidewaysPhoneJpeg(640, 480);
		await refusal(() => createVillage(admin.id, parseWith(villageForm, { name: '', slug: 'no-name', county: '巨野县' }), asFile(cover, 'cover.jpg')));
		expect([mediaFiles(), await photoRows()]).toEqual([files, rows]);

		const village = await createVillage(admin.id, parseWith(villageForm, { name: '照片村', slug: 'photo-village', county: '巨野县' }), asFile(cover, 'cover.jpg'));
		expect((await findPhoto(village.coverPhoto!))?.uploadedBy).toBe(admin.id);
	});
});
