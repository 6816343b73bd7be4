import { mkdirSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import * as m from '$lib/paraglide/messages';
import { generateSecret } from '$lib/server/auth/tokens';
import { databaseUrl } from '$lib/server/db';
import { UserError } from '$lib/server/user-error';
import { photoWidths } from '$lib/photos';

/** Uploaded photos, re-encoded; kept beside the database unless MEDIA_DIR says otherwise. */
export const mediaDir = resolve(process.env.MEDIA_DIR || join(dirname(resolve(databaseUrl)), 'media'));

export const maxUploadBytes = 10 * 1024 * 1024;
/** The largest photo decoded: a 40-megapixel phone camera. More is a decompression bomb or a mistake. */
const maxInputPixels = 40_000_000;

/**
 * Stores an uploaded photo: checks it is a real image, turns it upright, scales
 * it to each served width and re-encodes it as WebP. Re-encoding drops all
 * metadata (GPS position, camera serial): sharp writes none unless asked to.
 * Returns the stem the renditions are named by.
 */
export async function storePhoto(file: File): Promise<string> {
	if (file.size === 0) throw new UserError(m.error_photo_empty());
	if (file.size > maxUploadBytes) throw new UserError(m.error_photo_too_large({ mb: maxUploadBytes / 1024 / 1024 }), 422);
	const stem = generateSecret(80);
	let renditions: Buffer[];
	try {
		const upright = sharp(Buffer.from(await file.arrayBuffer()), { limitInputPixels: maxInputPixels, failOn: 'error' }).rotate();
		renditions = await Promise.all(
			photoWidths.map((width) => upright.clone().resize({ width, withoutEnlargement: true }).webp({ quality: 72 }).toBuffer())
		);
	} catch {
		throw new UserError(m.error_photo_unreadable(), 422);
	}
	mkdirSync(mediaDir, { recursive: true });
	for (const [i, bytes] of renditions.entries()) {
		// Written under a temporary name and renamed, so no reader sees half a file.
		const path = join(mediaDir, `${stem}-${photoWidths[i]}.webp`);
		await writeFile(`${path}.part`, bytes);
		await rename(`${path}.part`, path);
	}
	return stem;
}

const storedName = new RegExp(`^[a-z2-9]{16}-(${photoWidths.join('|')})\\.webp$`);

/** The bytes of one stored rendition, or null for any name this module did not write. */
export async function readPhoto(name: string): Promise<Buffer | null> {
	if (!storedName.test(name)) return null;
	try {
		return await readFile(join(mediaDir, name));
	} catch {
		return null;
	}
}
