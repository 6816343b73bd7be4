// A drawn phone photo of a paper receipt for the demo's charity payments: a 收据 or a 送货单 on a
// desk, slightly askew, its lines written in a CJK font where the machine has one (librsvg falls
// back to boxes where it has none, and the picture still reads as a receipt). Plain JavaScript,
// like produce-photo.js, so a bench or a script can draw one too.
import sharp from 'sharp';

const width = 900;
const height = 1200;
const font = "'Noto Sans CJK SC', 'Noto Serif CJK SC', 'WenQuanYi Micro Hei', 'Source Han Sans SC', sans-serif";

/** @param {string} text */
const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * @typedef {{
 *   title: string,
 *   number: string,
 *   date: string,
 *   lines: [label: string, value: string][],
 *   items?: [name: string, quantity: string, price: string, total: string][],
 *   total: string,
 *   stamp: string
 * }} Receipt
 */

/** @param {Receipt} receipt */
function paper(receipt) {
	const rows = receipt.lines
		.map(([label, value], i) => {
			const y = 250 + i * 64;
			return `<text x="70" y="${y}" font-size="30" fill="#333">${escape(label)}</text><text x="280" y="${y}" font-size="32" fill="#1c2a6b">${escape(value)}</text><path d="M275 ${y + 12} H660" stroke="#999" stroke-width="1.5"/>`;
		})
		.join('');
	const tableTop = 270 + receipt.lines.length * 64;
	const items = (receipt.items ?? [])
		.map(([name, quantity, price, total], i) => {
			const y = tableTop + 80 + i * 52;
			return `<text x="80" y="${y}" font-size="26" fill="#1c2a6b">${escape(name)}</text><text x="340" y="${y}" font-size="26" fill="#1c2a6b">${escape(quantity)}</text><text x="440" y="${y}" font-size="26" fill="#1c2a6b">${escape(price)}</text><text x="560" y="${y}" font-size="26" fill="#1c2a6b">${escape(total)}</text>`;
		})
		.join('');
	const table = receipt.items
		? `<rect x="60" y="${tableTop}" width="620" height="${50 + (receipt.items.length + 1) * 52}" fill="none" stroke="#888" stroke-width="2"/>
			<text x="80" y="${tableTop + 30}" font-size="24" fill="#555">品名</text><text x="340" y="${tableTop + 30}" font-size="24" fill="#555">数量</text><text x="440" y="${tableTop + 30}" font-size="24" fill="#555">单价</text><text x="560" y="${tableTop + 30}" font-size="24" fill="#555">金额</text>${items}`
		: '';
	return `<rect width="740" height="1000" fill="#fdfcf7"/>
		<text x="370" y="110" font-size="52" font-weight="bold" text-anchor="middle" fill="#b3261e" letter-spacing="24">${escape(receipt.title)}</text>
		<path d="M220 135 H520 M220 142 H520" stroke="#b3261e" stroke-width="2"/>
		<text x="70" y="190" font-size="24" fill="#666">${escape(receipt.date)}</text><text x="670" y="190" font-size="24" fill="#b3261e" text-anchor="end">No. ${escape(receipt.number)}</text>
		${rows}${table}
		<text x="70" y="900" font-size="34" fill="#333">合计：</text><text x="180" y="900" font-size="38" fill="#1c2a6b">${escape(receipt.total)}</text>
		<g transform="translate(560 860) rotate(-12)" opacity="0.8">
			<circle r="92" fill="none" stroke="#d0312d" stroke-width="7"/>
			<text y="-18" font-size="40" text-anchor="middle" fill="#d0312d">★</text>
			<text y="38" font-size="20" text-anchor="middle" fill="#d0312d">${escape(receipt.stamp)}</text>
			<text y="66" font-size="18" text-anchor="middle" fill="#d0312d">财务专用章</text>
		</g>`;
}

/**
 * A JPEG of the receipt on a desk, 900x1200, as a cadre's phone might send it.
 * @param {Receipt} receipt
 * @returns {Promise<Buffer>}
 */
export function receiptPhoto(receipt) {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="${font}">
		<defs>
			<linearGradient id="desk" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#8d6e4f"/><stop offset="1" stop-color="#5e4530"/></linearGradient>
			<radialGradient id="light" cx="0.45" cy="0.4" r="0.8"><stop offset="0.5" stop-color="#fff" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.35"/></radialGradient>
			<filter id="shadow"><feDropShadow dx="8" dy="12" stdDeviation="10" flood-opacity="0.45"/></filter>
		</defs>
		<rect width="${width}" height="${height}" fill="url(#desk)"/>
		<g transform="translate(85 110) rotate(-2.5 370 500)" filter="url(#shadow)">${paper(receipt)}</g>
		<rect width="${width}" height="${height}" fill="url(#light)"/>
	</svg>`;
	return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}
