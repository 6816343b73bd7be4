// Bytes and encode time of each stored file for a typical produce photo, with the upload
// pipeline's own settings (src/lib/server/photo-encoding.js). Goal: at most 8 KB at 320 px
// and 40 KB at 1024 px. Saves the 320 px WebP and JPEG as PNG, to look at them.
//   node bench/photo-sizes.js [--width 4000 --height 3000] [--save DIR]
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { samplePhoto } from '../scripts/demo/sample-photo.js';
import { decodeUpright, encodePlaceholder, encodeRendition, encoderOptions, photoFormats, renditionWidths } from '../src/lib/server/platform/photo-encoding.js';

const { values } = parseArgs({
	options: { width: { type: 'string', default: '4000' }, height: { type: 'string', default: '3000' }, save: { type: 'string' } }
});
const goals = new Map([
	[320, 8 * 1024],
	[1024, 40 * 1024]
]);

/** @template T @param {() => Promise<T>} work @returns {Promise<[T, number]>} */
async function timed(work) {
	const start = performance.now();
	const result = await work();
	return [result, Math.round(performance.now() - start)];
}

const original = await samplePhoto(Number(values.width), Number(values.height));
console.log(`photo ${values.width}x${values.height}, ${(original.length / 1024).toFixed(0)} KB as uploaded; settings ${JSON.stringify(encoderOptions)}`);

const [upright, decodeMs] = await timed(() => decodeUpright(original));
console.log(`decode, turn upright, scale to ${upright.info.width}x${upright.info.height}: ${decodeMs} ms`);

const rows = [];
let totalMs = decodeMs;
for (const width of renditionWidths(upright.info.width)) {
	for (const format of photoFormats) {
		// One at a time, so each time is that encode's alone (uploads run them side by side).
		const [rendition, ms] = await timed(() => encodeRendition(upright, format, width));
		totalMs += ms;
		const goal = goals.get(width);
		rows.push({ format, size: `${rendition.width}x${rendition.height}`, KB: +(rendition.data.length / 1024).toFixed(1), ms, goal: goal ? (rendition.data.length <= goal ? 'ok' : 'OVER') : '' });
		if (values.save && width === 320 && format !== 'avif') {
			await mkdir(values.save, { recursive: true });
			await sharp(rendition.data).png().toFile(join(values.save, `photo-320-${format}.png`));
		}
	}
}
const [placeholder, placeholderMs] = await timed(() => encodePlaceholder(upright));
console.table(rows);
console.log(`placeholder: ${placeholder.length} bytes as a data: URI, ${placeholderMs} ms; all encodes one after another: ${totalMs + placeholderMs} ms`);
