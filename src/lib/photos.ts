// What a page needs to show a stored photo, and the pure helpers <Photo> and the server share.
// It also runs in the browser, so it imports nothing from the server.
import type { PhotoFormat, Rendition } from './media-types';

/** A photo as sent to a page: no uploader or upload time. */
export type PhotoView = {
	id: string;
	/** Of the largest rendition, so the page reserves the right box before it loads. */
	width: number;
	height: number;
	/** A tiny blurred image as a data: URI, shown while the photo loads. */
	placeholder: string;
	renditions: Rendition[];
};

export function toPhotoView({ id, width, height, placeholder, renditions }: PhotoView): PhotoView {
	return { id, width, height, placeholder, renditions };
}

/** Best first: pages offer the formats in this order and browsers take the first they can show. */
const fileTypes: Record<PhotoFormat, { extension: string; mediaType: string }> = {
	avif: { extension: 'avif', mediaType: 'image/avif' },
	webp: { extension: 'webp', mediaType: 'image/webp' },
	jpeg: { extension: 'jpg', mediaType: 'image/jpeg' }
};

export function photoMediaType(format: PhotoFormat): string {
	return fileTypes[format].mediaType;
}

const formats = Object.keys(fileTypes) as PhotoFormat[];

/** The format a stored file name ends in, e.g. `jpg` → `jpeg`. */
export function formatOfExtension(extension: string): PhotoFormat | undefined {
	return formats.find((format) => fileTypes[format].extension === extension);
}

/** The stored file's name: the photo id (a content hash), its width and format. */
export function renditionFileName(id: string, { width, format }: Pick<Rendition, 'width' | 'format'>): string {
	return `${id}-${width}.${fileTypes[format].extension}`;
}

export function renditionUrl(id: string, rendition: Pick<Rendition, 'width' | 'format'>): string {
	return `/media/${renditionFileName(id, rendition)}`;
}

/** `srcset` for one format, narrowest first: the browser picks by layout width and screen density. */
export function photoSrcset(photo: PhotoView, format: PhotoFormat): string {
	return photo.renditions
		.filter((r) => r.format === format)
		.sort((a, b) => a.width - b.width)
		.map((r) => `${renditionUrl(photo.id, r)} ${r.width}w`)
		.join(', ');
}

/** The narrowest renditions, one per format: all a data-saver tap loads. */
function smallestRenditions(photo: PhotoView): Rendition[] {
	const width = Math.min(...photo.renditions.map((r) => r.width));
	return photo.renditions.filter((r) => r.width === width);
}

export function smallestUrl(photo: PhotoView, format: PhotoFormat): string {
	const rendition = smallestRenditions(photo).find((r) => r.format === format);
	if (!rendition) throw new Error(`Photo ${photo.id} has no ${format} rendition`);
	return renditionUrl(photo.id, rendition);
}

/** The widest rendition in one format: what "tap for larger" opens. */
export function largestUrl(photo: PhotoView, format: PhotoFormat): string {
	const widest = photo.renditions.filter((r) => r.format === format).sort((a, b) => b.width - a.width)[0];
	if (!widest) throw new Error(`Photo ${photo.id} has no ${format} rendition`);
	return renditionUrl(photo.id, widest);
}

/** What a tap costs in data-saver mode: the smallest file at the smallest width (usually the AVIF). */
export function smallestBytes(photo: PhotoView): number {
	return Math.min(...smallestRenditions(photo).map((r) => r.bytes));
}

/** A CSS `image-set()` of the narrowest renditions, best format first: the browser takes the first it can show. */
export function smallestImageSet(photo: PhotoView): string {
	const options = formats.map((format) => `url("${smallestUrl(photo, format)}") type("${photoMediaType(format)}")`);
	return `image-set(${options.join(', ')})`;
}

/** `12 KB`: whole kilobytes, never 0; a data-saver rendition is a few kilobytes. */
export function formatPhotoSize(bytes: number): string {
	return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A photo shown as a small thumbnail: only its narrowest renditions, so a list's HTML does not list every width. */
export function thumbnailView(photo: PhotoView): PhotoView {
	const narrowest = Math.min(...photo.renditions.map((r) => r.width));
	return { ...photo, renditions: photo.renditions.filter((r) => r.width === narrowest) };
}
