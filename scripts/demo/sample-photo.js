// A made-up but photo-like picture of cherries on a table: a blurred background, textured
// fruit, leaves and wood, sensor noise on top, so encoders meet what a phone photo gives them.
// Plain JavaScript so the demo seed, the tests and `node bench/photo-sizes.js` share it.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** The scene's width in SVG units; it is rasterised at 1600 px, scaled up, then noise is added at full size. */
const sceneWidth = 800;

/**
 * A repeatable pseudo-random sequence, so every run draws the same scene (only the noise differs).
 * @param {number} seed
 */
function random(seed) {
	let state = seed;
	return () => {
		state = (state * 1664525 + 1013904223) % 4294967296;
		return state / 4294967296;
	};
}

/** @param {number} width @param {number} height */
function sceneSvg(width, height) {
	const next = random(7);
	const blobs = Array.from({ length: 14 }, () => {
		const green = ['#3f6b2a', '#5d8a36', '#2c4f22', '#8fae5a', '#d9e2b0'][Math.floor(next() * 5)];
		return `<circle cx="${next() * width}" cy="${next() * height * 0.55}" r="${40 + next() * 110}" fill="${green}" opacity="0.8"/>`;
	}).join('');
	const leaves = Array.from({ length: 6 }, (_, i) => {
		const x = width * (0.12 + i * 0.15);
		const y = height * (0.52 + next() * 0.1);
		const angle = -40 + next() * 80;
		return `<g transform="translate(${x} ${y}) rotate(${angle})"><ellipse rx="70" ry="26" fill="url(#leaf)"/><path d="M-66 0 L66 0" stroke="#c9dc9a" stroke-width="2"/></g>`;
	}).join('');
	const cherries = Array.from({ length: 40 }, () => {
		const x = width * (0.18 + next() * 0.64);
		const y = height * (0.6 + next() * 0.22);
		const r = 26 + next() * 12;
		return `<path d="M${x} ${y - r * 0.8} q ${10 + next() * 30} -60 ${20 + next() * 40} -90" stroke="#5b4a1c" stroke-width="4" fill="none"/><circle cx="${x}" cy="${y}" r="${r}" fill="url(#cherry)"/>`;
	}).join('');
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
		<defs>
			<filter id="bokeh"><feGaussianBlur stdDeviation="28"/></filter>
			<filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.004 0.09" numOctaves="3" seed="3"/><feColorMatrix values="0 0 0 0 0.3  0 0 0 0 0.18  0 0 0 0 0.08  0 0 0 0.9 0"/><feComposite in2="SourceGraphic" operator="in"/></filter>
			<filter id="texture"><feTurbulence type="fractalNoise" baseFrequency="0.15" numOctaves="3" seed="5"/><feColorMatrix values="0.8 0 0 0 0.42  0.8 0 0 0 0.42  0.8 0 0 0 0.42  0 0 0 0 1"/><feBlend in="SourceGraphic" mode="multiply"/><feComposite in2="SourceGraphic" operator="in"/></filter>
			<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#b7cf8a"/><stop offset="1" stop-color="#4b6e2f"/></linearGradient>
			<linearGradient id="wood" x1="0" y1="0" x2="1" y2="0.3"><stop offset="0" stop-color="#8a5a32"/><stop offset="0.5" stop-color="#a87445"/><stop offset="1" stop-color="#6e4424"/></linearGradient>
			<radialGradient id="cherry" cx="0.35" cy="0.3" r="0.75"><stop offset="0" stop-color="#ffd2cc"/><stop offset="0.15" stop-color="#e0323a"/><stop offset="0.7" stop-color="#9b0f1e"/><stop offset="1" stop-color="#4a0610"/></radialGradient>
			<linearGradient id="leaf" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7fb046"/><stop offset="1" stop-color="#3a6a22"/></linearGradient>
		</defs>
		<rect width="100%" height="100%" fill="url(#sky)"/>
		<g filter="url(#bokeh)">${blobs}</g>
		<g filter="url(#texture)">
			<rect y="${height * 0.58}" width="100%" height="${height * 0.42}" fill="url(#wood)"/>
			<rect y="${height * 0.58}" width="100%" height="${height * 0.42}" filter="url(#grain)" opacity="0.8"/>
			${leaves}${cherries}
		</g>
	</svg>`;
}

/**
 * The scene rasterised at twice its size (texture fine enough for a 1024 px rendition to show):
 * resizing the SVG itself would render its filters at full size, slowly. It is the same for a
 * given shape every time, and takes seconds; `cacheDir` keeps it on disk for the next process
 * (the browser tests draw photos in every file), written under a temporary name and renamed,
 * so processes drawing at once never read half a file.
 * @param {number} sceneHeight
 * @param {string | undefined} cacheDir
 * @returns {Promise<Buffer>}
 */
async function rasterScene(sceneHeight, cacheDir) {
	const svg = sceneSvg(sceneWidth, sceneHeight);
	const draw = () => sharp(Buffer.from(svg), { density: 144 }).png().toBuffer();
	if (!cacheDir) return draw();
	const file = join(cacheDir, `scene-${createHash('sha256').update(svg).digest('hex').slice(0, 16)}.png`);
	const cached = await readFile(file).catch(() => undefined);
	if (cached) return cached;
	const drawn = await draw();
	await mkdir(cacheDir, { recursive: true });
	const partial = `${file}.${process.pid}-${Date.now()}`;
	await writeFile(partial, drawn);
	await rename(partial, file);
	return drawn;
}

/**
 * A JPEG as a phone would save it (quality 90), `width` x `height` pixels. The noise is new
 * each time, so no two photos are the same picture.
 * @param {number} width
 * @param {number} height
 * @param {{ cacheDir?: string }} [options]
 * @returns {Promise<Buffer>}
 */
export async function samplePhoto(width, height, { cacheDir } = {}) {
	const sceneHeight = Math.round((sceneWidth * height) / width);
	const scene = await sharp(await rasterScene(sceneHeight, cacheDir)).resize(width, height).toBuffer();
	/** @type {import('sharp').Create} */
	const noise = { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 14 } };
	return sharp(scene).composite([{ input: { create: noise }, blend: 'soft-light' }]).jpeg({ quality: 90 }).toBuffer();
}
