import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import sharp from 'sharp';
import { mediaDir, readPhoto, storePhoto } from '$lib/server/media';
import { createVillage } from '$lib/server/villages/villages';
import { makeAdmin } from './factories';
import { refusal } from './refusal';

/** A camera-like JPEG: sideways (EXIF orientation 6) and carrying a GPS position. */
async function phonePhoto(width = 1600, height = 1200): Promise<File> {
	const bytes = await sharp({ create: { width, height, channels: 3, background: '#c8553d' } })
		.jpeg()
		.withMetadata({ orientation: 6 })
		.withExif({ IFD0: { Make: 'PhoneMaker' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 23/1 0/1' } })
		.toBuffer();
	return new File([new Uint8Array(bytes)], 'IMG_0001.jpg', { type: 'image/jpeg' });
}


describe('photos', () => {
	it('re-encodes to WebP at each width, upright, with no metadata left', async () => {
		const original = await phonePhoto();
		const originalBytes = Buffer.from(await original.arrayBuffer());
		expect((await sharp(originalBytes).metadata()).exif).toBeDefined();
		expect(originalBytes.includes(Buffer.from('PhoneMaker'))).toBe(true);
		const stem = await storePhoto(original);
		for (const width of [480, 960]) {
			const bytes = await readPhoto(`${stem}-${width}.webp`);
			expect(bytes).not.toBeNull();
			const meta = await sharp(bytes!).metadata();
			expect(meta.format).toBe('webp');
			// Turned upright: the sideways 1600x1200 landscape is a portrait now.
			expect(meta.width).toBe(width);
			expect(meta.height).toBeGreaterThan(width);
			expect(meta.exif).toBeUndefined();
			expect(meta.icc).toBeUndefined();
			expect(bytes!.includes(Buffer.from('PhoneMaker'))).toBe(false);
		}
	});

	it('refuses what is not a photo, is empty or too large, with a message', async () => {
		const before = readdirSync(mediaDir).length;
		await refusal(storePhoto(new File(['<?php echo 1; ?>'], 'photo.jpg', { type: 'image/jpeg' })));
		await refusal(storePhoto(new File([], 'empty.jpg')));
		await refusal(storePhoto(new File([new Uint8Array(11 * 1024 * 1024)], 'huge.jpg')));
		expect(readdirSync(mediaDir).length).toBe(before);
	});

	it('serves only names it wrote', async () => {
		expect(await readPhoto('../test.db')).toBeNull();
		expect(await readPhoto('abc-480.webp')).toBeNull();
		expect(await readPhoto('aaaaaaaaaaaaaaaa-480.webp')).toBeNull();
	});

	it('a village gets a cover photo; a refused village form stores no file', async () => {
		const admin = await makeAdmin();
		const before = readdirSync(mediaDir).length;
		await refusal(createVillage(admin.id, { name: '', slug: 'no-name', county: '巨野县' }, await phonePhoto(800, 600)));
		expect(readdirSync(mediaDir).length).toBe(before);
		const village = await createVillage(admin.id, { name: '照片村', slug: 'photo-village', county: '巨野县' }, await phonePhoto(800, 600));
		expect(village.coverPhoto).toMatch(/^[a-z2-9]{16}$/);
		expect(await readPhoto(`${village.coverPhoto}-480.webp`)).not.toBeNull();
	});
});
