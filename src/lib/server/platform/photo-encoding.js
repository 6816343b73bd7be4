// How an accepted photo becomes the files we serve: decoded once, upright, then scaled and
// encoded per width and format. Plain JavaScript so `node bench/photo-sizes.js` measures
// exactly what uploads get; media.ts adds the checks, the names and the storage.
import sharp from 'sharp';

/** Served widths: a 360 px phone at 1x, at 2x (or a small card), and wider screens. */
const photoWidths = [320, 640, 1024];

/** The largest photo decoded: a 40-megapixel phone camera. More is a decompression bomb or a mistake. */
export const maxInputPixels = 40_000_000;

/** A very tall image (a long screenshot) is kept to 4 times its width, so no rendition is huge. */
const maxAspect = 4;

/**
 * Tuned on a 4000x3000 produce photo (bench/photo-sizes.js) for about 5 KB at 320 px and at
 * most 40 KB at 1024 px while still looking sharp. AVIF effort 3 is four times faster than
 * the default 4 on two cores for a few percent more bytes; sharp's AVIF default of 4:4:4
 * chroma spends bytes nobody sees in a photo.
 */
export const encoderOptions = {
	avif: { quality: 55, effort: 3, chromaSubsampling: '4:2:0' },
	webp: { quality: 65, effort: 5 },
	jpeg: { quality: 62, mozjpeg: true }
};

/** @typedef {keyof typeof encoderOptions} PhotoFormat */
/** Best first, as pages offer them. */
export const photoFormats = /** @type {PhotoFormat[]} */ (Object.keys(encoderOptions));
/** @typedef {{ data: Buffer, info: import('sharp').OutputInfo }} UprightPixels */
/** @typedef {{ format: PhotoFormat, width: number, height: number, data: Buffer }} EncodedRendition */

/**
 * Decodes once: turned upright by its EXIF orientation, transparency flattened onto white
 * (JPEG has none), in sRGB, and no larger than the largest served width. A truncated or
 * corrupt file throws here.
 * @param {Buffer} input
 * @returns {Promise<UprightPixels>}
 */
export function decodeUpright(input) {
	const largest = photoWidths[photoWidths.length - 1];
	return sharp(input, { limitInputPixels: maxInputPixels, failOn: 'error' })
		.rotate()
		.flatten({ background: '#ffffff' })
		.resize({ width: largest, height: largest * maxAspect, fit: 'inside', withoutEnlargement: true })
		.toColourspace('srgb')
		.raw({ depth: 'uchar' })
		.toBuffer({ resolveWithObject: true });
}

/**
 * The widths to store for an upright image `width` px wide: every served width it fills,
 * never enlarged; an image narrower than all of them is kept at its own width.
 * @param {number} width
 * @returns {number[]}
 */
export function renditionWidths(width) {
	const fitting = photoWidths.filter((w) => w <= width);
	return fitting.length > 0 ? fitting : [width];
}

/**
 * One stored file. Re-encoding writes no metadata (EXIF, GPS, ICC, XMP): sharp adds none unless asked.
 * @param {UprightPixels} upright
 * @param {PhotoFormat} format
 * @param {number} width
 * @returns {Promise<EncodedRendition>}
 */
export async function encodeRendition(upright, format, width) {
	const scaled = sharp(upright.data, { raw: rawOf(upright) }).resize({ width });
	const encoder =
		format === 'avif'
			? scaled.avif(encoderOptions.avif)
			: format === 'webp'
				? scaled.webp(encoderOptions.webp)
				: scaled.jpeg(encoderOptions.jpeg);
	const { data, info } = await encoder.toBuffer({ resolveWithObject: true });
	return { format, width: info.width, height: info.height, data };
}

/**
 * A 16 px WebP as a data: URI, shown (scaled up, so blurred) while the photo loads. At most
 * 16x16 pixels at this quality stays under 300 bytes even for pure noise (about 260).
 * @param {UprightPixels} upright
 * @returns {Promise<string>}
 */
export async function encodePlaceholder(upright) {
	const bytes = await sharp(upright.data, { raw: rawOf(upright) })
		.resize({ width: 16, height: 16, fit: 'inside' })
		.webp({ quality: 40, effort: 6 })
		.toBuffer();
	return `data:image/webp;base64,${bytes.toString('base64')}`;
}

/** @param {UprightPixels} upright */
function rawOf({ info }) {
	return { width: info.width, height: info.height, channels: info.channels };
}
