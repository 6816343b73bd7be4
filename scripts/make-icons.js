// Draws the app icons in static/icons/ from the same house shape as favicon.svg.
// Run again after changing the design: node scripts/make-icons.js
import sharp from 'sharp';

const house = '<path d="M6 15 16 7l10 8v10H6z" fill="#f4efe3"/><path d="M13 25v-6h6v6" fill="#c8553d"/>';

/** @param {number} inset share of the side left empty around the house (maskable icons are cropped to a circle) */
function svg(inset, rounded) {
	const scale = 1 - 2 * inset;
	const offset = 32 * inset;
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="${rounded ? 7 : 0}" fill="#2f6b3a"/><g transform="translate(${offset} ${offset}) scale(${scale})">${house}</g></svg>`;
}

const icons = [
	{ file: 'icon-192.png', size: 192, inset: 0, rounded: true },
	{ file: 'icon-512.png', size: 512, inset: 0, rounded: true },
	// The safe zone of a maskable icon is the inner 80% circle.
	{ file: 'maskable-512.png', size: 512, inset: 0.14, rounded: false },
	{ file: 'apple-touch-icon.png', size: 180, inset: 0.06, rounded: false }
];

for (const icon of icons) {
	await sharp(Buffer.from(svg(icon.inset, icon.rounded)), { density: (72 * icon.size) / 32 })
		.resize(icon.size, icon.size)
		.png({ palette: true, compressionLevel: 9 })
		.toFile(new URL(`../static/icons/${icon.file}`, import.meta.url).pathname);
	console.log(icon.file);
}
