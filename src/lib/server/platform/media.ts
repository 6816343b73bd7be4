import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { eq, inArray, sql, type Column } from 'drizzle-orm';
import sharp from 'sharp';
import * as m from '$lib/paraglide/messages';
import { db, databaseUrl, photos, transaction, unwitnessed, type Photo, type Tx, type PhotoFormat } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import { formatOfExtension, renditionFileName, toPhotoView, type PhotoView } from '$lib/photos';
import {
	decodeUpright,
	encodePlaceholder,
	encodeRendition,
	maxInputPixels,
	photoFormats,
	renditionWidths,
	type EncodedRendition,
	type UprightPixels
} from './photo-encoding.js';

/** Uploaded photos, re-encoded; kept beside the database unless MEDIA_DIR says otherwise. */
export const mediaDir = resolve(process.env.MEDIA_DIR || join(dirname(resolve(databaseUrl)), 'media'));

export const maxUploadBytes = 10 * 1024 * 1024;

/** What sharp's metadata calls the formats we take; HEIF covers AVIF and HEIC. Never the name or Content-Type. */
const acceptedFormats = new Set(['jpeg', 'png', 'webp', 'heif']);

const refuse = (message: string) => new UserError(message, 422);

/** A checked photo: one already stored, or encoded and ready to store (nothing of it written yet). */
type PreparedPhoto = { existing: Photo } | { id: string; encoded: EncodedRendition[]; placeholder: string };

/**
 * Stores an uploaded photo: checks by its content that it is a still photo we can read,
 * turns it upright, and stores it at each served width as AVIF, WebP and JPEG with no
 * metadata (GPS position, camera serial). The id is a hash of the upright pixels, so the
 * same photo uploaded twice is stored once. A refusal is a UserError and writes nothing.
 */
export async function storePhoto(file: File, uploadedBy: number | null): Promise<Photo> {
	return savePrepared(await preparePhoto(file, uploadedBy), uploadedBy);
}

/** The same picture chosen twice (its id is a hash of its pixels) is one photo of what it is attached to. */
export function distinctPhotos(list: Photo[]): Photo[] {
	return [...new Map(list.map((photo) => [photo.id, photo])).values()];
}

/**
 * Stores a form's photos. Every photo is checked and encoded before the first is
 * stored, so a refused photo (which the message names) leaves none of the others
 * behind. One after another: sharp already uses both cores for one photo.
 */
export async function storePhotos(files: File[], uploadedBy: number): Promise<Photo[]> {
	const prepared: PreparedPhoto[] = [];
	for (const [index, file] of files.entries()) {
		try {
			prepared.push(await preparePhoto(file, uploadedBy));
		} catch (error) {
			if (error instanceof UserError) throw new UserError(m.error_photo_refused_numbered({ n: index + 1, reason: error.message }), error.status);
			throw error;
		}
	}
	const stored: Photo[] = [];
	for (const photo of prepared) stored.push(await savePrepared(photo, uploadedBy));
	return stored;
}

/**
 * A photo's row is not the write of the form that sends it: a keyed form whose
 * process dies after storing its photos, before its own write, has written
 * nothing a replay should answer for (the sweep removes the unused photos).
 */
const bookkeeping = <T>(work: (tx: Tx) => Promise<T>): Promise<T> => unwitnessed(() => transaction(work));

/** Checks, decodes and encodes one upload in memory, writing no file; a refusal is a UserError. */
async function preparePhoto(file: File, uploadedBy: number | null): Promise<PreparedPhoto> {
	if (file.size === 0) throw refuse(m.error_photo_empty());
	if (file.size > maxUploadBytes) throw refuse(m.error_photo_too_large({ mb: maxUploadBytes / 1024 / 1024 }));
	const input = Buffer.from(await file.arrayBuffer());
	const upright = await decodeAccepted(input);
	// A hash of the upright pixels, not of the file: the same picture sent again, with or without its metadata, is one photo.
	const id = createHash('sha256')
		.update(`${upright.info.width}x${upright.info.height}:`)
		.update(upright.data)
		.digest('hex')
		.slice(0, 32);
	// Sent again: made young again, so the sweep of unused photos leaves it to the form about to use it,
	// and the sender's: whoever last sent these pixels has them, and may hold them on a refused form
	// (held-photos.ts) even when someone else sent the same picture first.
	const again = uploadedBy === null ? { createdAt: new Date() } : { createdAt: new Date(), uploadedBy };
	const [existing] = await bookkeeping((tx) => tx.update(photos).set(again).where(eq(photos.id, id)).returning());
	if (existing) return { existing };
	const encoded = await Promise.all(
		renditionWidths(upright.info.width).flatMap((width) => photoFormats.map((format) => encodeRendition(upright, format, width)))
	);
	return { id, encoded, placeholder: await encodePlaceholder(upright) };
}

async function savePrepared(prepared: PreparedPhoto, uploadedBy: number | null): Promise<Photo> {
	if ('existing' in prepared) return prepared.existing;
	const { id, encoded, placeholder } = prepared;
	// The files first, then the row that lists them: a reader never finds a listed photo without its files.
	await writeRenditions(id, encoded);
	const largest = encoded[encoded.length - 1];
	const [stored] = await bookkeeping((tx) =>
		tx
			.insert(photos)
			.values({
				id,
				width: largest.width,
				height: largest.height,
				placeholder,
				renditions: encoded.map(({ format, width, height, data }) => ({ format, width, height, bytes: data.length })),
				uploadedBy
			})
			// The same photo, uploaded at the same moment by someone else: theirs is as good.
			.onConflictDoNothing()
			.returning()
	);
	return stored ?? (await findPhoto(id))!;
}

/** Reads the header first, so a refused file is never decoded; then decodes it once. */
async function decodeAccepted(input: Buffer): Promise<UprightPixels> {
	let meta: sharp.Metadata;
	try {
		// The header only, so no pixel limit yet: the check below refuses with its own message.
		meta = await sharp(input, { limitInputPixels: false }).metadata();
	} catch {
		throw refuse(m.error_photo_unreadable());
	}
	// sharp's libvips decodes HEIF only when AV1-coded (AVIF); an iPhone's HEIC is HEVC-coded.
	if (meta.format === 'heif' && meta.compression !== 'av1') throw refuse(m.photo_error_heic());
	if (!meta.format || !acceptedFormats.has(meta.format)) throw refuse(m.error_photo_unreadable());
	if ((meta.pages ?? 1) > 1 || (meta.format === 'png' && isAnimatedPng(input))) throw refuse(m.photo_error_animated());
	if ((meta.width ?? 0) * (meta.height ?? 0) > maxInputPixels) {
		throw refuse(m.photo_error_too_many_pixels({ megapixels: maxInputPixels / 1_000_000 }));
	}
	try {
		return await decodeUpright(input);
	} catch {
		throw refuse(m.error_photo_unreadable());
	}
}

/** libvips shows only the first frame of an animated PNG, so look for its animation chunk, which comes before the image data. */
function isAnimatedPng(png: Buffer): boolean {
	for (let at = 8; at + 8 <= png.length; at += 12 + png.readUInt32BE(at)) {
		const type = png.toString('latin1', at + 4, at + 8);
		if (type === 'acTL') return true;
		if (type === 'IDAT') return false;
	}
	return false;
}

/** Each file under a temporary name first, so no reader ever gets half a photo. */
async function writeRenditions(id: string, encoded: EncodedRendition[]): Promise<void> {
	await mkdir(mediaDir, { recursive: true });
	await Promise.all(
		encoded.map(async (rendition) => {
			const path = join(mediaDir, renditionFileName(id, rendition));
			// Unique, because two uploads of one photo may write the same file at once.
			const temporary = `${path}.${randomUUID()}.part`;
			try {
				await writeFile(temporary, rendition.data);
				await rename(temporary, path);
			} finally {
				await rm(temporary, { force: true });
			}
		})
	);
}

/** The photos with these ids (nulls and repeats skipped) as pages show them, by id: one query. */
export async function photoViewsById(ids: (string | null)[]): Promise<Map<string, PhotoView>> {
	const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
	const found = wanted.length > 0 ? await db.select().from(photos).where(inArray(photos.id, wanted)) : [];
	return new Map(found.map((photo) => [photo.id, toPhotoView(photo)]));
}

export async function findPhoto(id: string): Promise<Photo | undefined> {
	const [photo] = await db.select().from(photos).where(eq(photos.id, id)).limit(1);
	return photo;
}

/** The form of every name this module writes: the photo id, a width, a format's extension. */
const storedName = /^([0-9a-f]{32})-([1-9][0-9]{0,3})\.([a-z]+)$/;

/** Columns whose photos only their own guarded route serves (an expert's credential: admins only). */
const privateColumns = new Set<Column>();

export function registerPrivatePhotos(...columns: Column[]): void {
	for (const column of columns) privateColumns.add(column);
}

async function isPrivatePhoto(id: string): Promise<boolean> {
	for (const column of privateColumns) {
		const [row] = await db.select({ id: sql`1` }).from(column.table).where(eq(column, id)).limit(1);
		if (row) return true;
	}
	return false;
}

/**
 * One stored rendition and its format, or null for any name this module did not write and
 * record: a path, a name of another shape, or a file the photos table does not list; and,
 * unless `includePrivate` (a route that checked who asks), a photo a private column holds.
 */
export async function readPhoto(name: string, { includePrivate = false } = {}): Promise<{ bytes: Buffer; format: PhotoFormat } | null> {
	const [, id, width, extension] = storedName.exec(name) ?? [];
	const format = formatOfExtension(extension ?? '');
	const listed = format && (await findPhoto(id))?.renditions.some((r) => r.format === format && r.width === Number(width));
	if (!listed || (!includePrivate && (await isPrivatePhoto(id)))) return null;
	try {
		return { bytes: await readFile(join(mediaDir, name)), format };
	} catch {
		return null;
	}
}
