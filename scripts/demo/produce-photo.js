// Drawn (not photographed) pictures of the demo county's produce: one simple SVG scene per
// kind, rasterised by sharp at 800x600 so the seed stays quick, then stored through the real
// upload pipeline like any seller's photo. Plain JavaScript, like sample-photo.js, so a bench
// or a script can draw them too.
import sharp from 'sharp';

export const produceKinds = /** @type {const} */ ([
	'cherries',
	'cherry-box',
	'yellow-cherries',
	'chicken',
	'eggs',
	'bird-cage',
	'honey',
	'millet',
	'flour',
	'cornmeal',
	'peony',
	'garlic',
	'garlic-scapes',
	'yam',
	'sick-leaf',
	'credential'
]);
/** @typedef {(typeof produceKinds)[number]} ProduceKind */

const width = 800;
const height = 600;

/**
 * The same scene every run.
 * @param {number} seed
 */
function random(seed) {
	let state = seed;
	return () => {
		state = (state * 1664525 + 1013904223) % 4294967296;
		return state / 4294967296;
	};
}

/** A table top under soft, out-of-focus greenery: the stage most scenes stand on. */
function table(wood = ['#9a6a3c', '#7a4e2a'], back = ['#c9d9a6', '#6f8f4a']) {
	return `<defs>
		<linearGradient id="back" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${back[0]}"/><stop offset="1" stop-color="${back[1]}"/></linearGradient>
		<linearGradient id="wood" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${wood[0]}"/><stop offset="1" stop-color="${wood[1]}"/></linearGradient>
		<radialGradient id="shade" cx="0.5" cy="0.45" r="0.75"><stop offset="0.6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.35"/></radialGradient>
	</defs>
	<rect width="${width}" height="${height}" fill="url(#back)"/>
	<rect y="${height * 0.55}" width="${width}" height="${height * 0.45}" fill="url(#wood)"/>
	${Array.from({ length: 6 }, (_, i) => `<path d="M0 ${height * 0.6 + i * 42} C 300 ${height * 0.58 + i * 44} 500 ${height * 0.63 + i * 40} ${width} ${height * 0.6 + i * 43}" stroke="#5e3a1c" stroke-opacity="0.25" stroke-width="3" fill="none"/>`).join('')}`;
}

const vignette = `<rect width="${width}" height="${height}" fill="url(#shade)"/>`;

/** @param {() => number} next @param {number} cx @param {number} cy @param {number} count @param {string[]} colours */
function cherryHeap(next, cx, cy, count, colours) {
	let out = '';
	for (let i = 0; i < count; i++) {
		const x = cx + (next() - 0.5) * 380;
		const y = cy + (next() - 0.5) * 110 - Math.abs(x - cx) * 0.1;
		const r = 26 + next() * 10;
		const colour = colours[Math.floor(next() * colours.length)];
		out += `<path d="M${x} ${y - r * 0.8} q ${12 + next() * 25} -55 ${20 + next() * 35} -85" stroke="#5b4a1c" stroke-width="4" fill="none"/>`;
		out += `<circle cx="${x}" cy="${y}" r="${r}" fill="${colour}"/><ellipse cx="${x - r * 0.35}" cy="${y - r * 0.35}" rx="${r * 0.25}" ry="${r * 0.15}" fill="#fff" opacity="0.55"/>`;
	}
	return out;
}

/** @param {number} x @param {number} y @param {number} angle @param {number} [scale] */
function leaf(x, y, angle, scale = 1) {
	return `<g transform="translate(${x} ${y}) rotate(${angle}) scale(${scale})"><ellipse rx="70" ry="24" fill="#4f8a2c"/><path d="M-66 0 L66 0" stroke="#b9d68a" stroke-width="2"/></g>`;
}

/** @type {Record<ProduceKind, (next: () => number) => string>} */
const scenes = {
	cherries: (next) =>
		`${table()}${leaf(180, 330, -20)}${leaf(620, 320, 25)}${leaf(420, 300, 5, 0.8)}${cherryHeap(next, 400, 420, 34, ['#c81e2c', '#a3101f', '#d8333a'])}${vignette}`,
	'cherry-box': (next) =>
		`${table()}<path d="M170 300 L630 300 L660 520 L140 520 Z" fill="#c9a26b"/><path d="M170 300 L630 300 L600 340 L200 340 Z" fill="#a9824f"/>
		${cherryHeap(next, 400, 350, 30, ['#c81e2c', '#a3101f', '#d8333a'])}<rect x="300" y="440" width="200" height="50" rx="6" fill="#fff" opacity="0.9"/>
		<path d="M320 465 h160" stroke="#b3261e" stroke-width="10" stroke-linecap="round"/>${vignette}`,
	'yellow-cherries': (next) =>
		`${table(['#b98b5a', '#8a6238'])}${leaf(200, 340, -30)}${leaf(600, 330, 20)}${cherryHeap(next, 400, 430, 30, ['#f2c14e', '#f08a4b', '#f5d470'])}${vignette}`,
	chicken: () =>
		`${table(['#86a95a', '#4e7a32'], ['#dfe8c8', '#9dbb7a'])}
		<g transform="translate(400 360)">
			${Array.from({ length: 16 }, (_, i) => `<circle cx="${Math.cos(i * 0.4) * 120 - 10}" cy="${Math.sin(i * 0.4) * 60}" r="${70 - (i % 4) * 6}" fill="#f4f1ea"/>`).join('')}
			<circle cx="-150" cy="-95" r="62" fill="#f6f3ee"/><circle cx="-150" cy="-150" r="40" fill="#f8f6f1"/>
			<circle cx="-178" cy="-100" r="11" fill="#1c1f3a"/><path d="M-215 -88 l-28 10 l28 8 z" fill="#2d3050"/>
			<path d="M-140 -195 q15 -25 30 0 q15 -25 30 0" fill="#4a2f5e"/>
			<path d="M-40 60 l-15 90 M10 60 l15 90" stroke="#2b2d44" stroke-width="12" stroke-linecap="round"/>
			<path d="M110 -40 q90 -80 60 20 q60 -30 20 60" fill="#efebe2"/>
		</g>${vignette}`,
	eggs: (next) =>
		`${table()}<ellipse cx="400" cy="440" rx="300" ry="110" fill="#8a5a2b"/>
		${Array.from({ length: 9 }, (_, i) => `<path d="M${120 + i * 70} 370 q 10 120 0 170" stroke="#6b4420" stroke-width="6" fill="none"/>`).join('')}
		<ellipse cx="400" cy="380" rx="290" ry="70" fill="#6b4420"/>
		${Array.from({ length: 16 }, () => {
			const x = 160 + next() * 480;
			const y = 350 + next() * 60;
			const colour = ['#e9d8c0', '#d9c2a0', '#cdd8c4', '#efe3d0'][Math.floor(next() * 4)];
			return `<ellipse cx="${x}" cy="${y}" rx="38" ry="50" transform="rotate(${(next() - 0.5) * 60} ${x} ${y})" fill="${colour}" stroke="#b9a383" stroke-width="2"/>`;
		}).join('')}${vignette}`,
	'bird-cage': () =>
		`${table(['#7a5634', '#553820'], ['#ece4d2', '#cbbd9e'])}
		<g transform="translate(400 0)">
			<path d="M0 40 v40" stroke="#6e4a22" stroke-width="8"/><circle cx="0" cy="34" r="16" fill="none" stroke="#6e4a22" stroke-width="6"/>
			${Array.from({ length: 19 }, (_, i) => {
				const x = -190 + i * 21;
				return `<path d="M${x} 470 L${x} 230 Q ${x * 0.6} 90 0 82" stroke="#b07f45" stroke-width="5" fill="none"/>`;
			}).join('')}
			<ellipse cx="0" cy="230" rx="192" ry="22" fill="none" stroke="#8a5a2b" stroke-width="9"/>
			<ellipse cx="0" cy="360" rx="192" ry="22" fill="none" stroke="#8a5a2b" stroke-width="7"/>
			<rect x="-205" y="460" width="410" height="44" rx="10" fill="#6e4a22"/>
			<path d="M-150 330 h300" stroke="#8a5a2b" stroke-width="8"/>
		</g>${vignette}`,
	honey: () =>
		`${table()}<defs><linearGradient id="honey" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#c97a0a"/><stop offset="0.45" stop-color="#f5b731"/><stop offset="1" stop-color="#b86a06"/></linearGradient></defs>
		<rect x="280" y="220" width="240" height="300" rx="40" fill="url(#honey)" stroke="#fff" stroke-opacity="0.6" stroke-width="6"/>
		<rect x="300" y="180" width="200" height="55" rx="10" fill="#c0392b"/><rect x="320" y="330" width="160" height="100" rx="8" fill="#fffaf0"/>
		<path d="M345 380 h110 M360 405 h80" stroke="#8a5a2b" stroke-width="8" stroke-linecap="round"/><rect x="300" y="250" width="22" height="240" rx="11" fill="#fff" opacity="0.35"/>
		${Array.from({ length: 14 }, (_, i) => `<circle cx="${600 + (i % 4) * 22}" cy="${300 + Math.floor(i / 4) * 30 + (i % 2) * 10}" r="14" fill="#fbfaf3"/>`).join('')}${leaf(640, 260, -60, 0.6)}${vignette}`,
	millet: (next) =>
		`${table()}<ellipse cx="400" cy="430" rx="230" ry="70" fill="#f0c43c"/><path d="M170 430 q 230 210 460 0" fill="#3d6b8c"/>
		${Array.from({ length: 160 }, () => `<circle cx="${220 + next() * 360}" cy="${395 + next() * 60}" r="4" fill="${next() > 0.5 ? '#e3a91f' : '#f7d56a'}"/>`).join('')}
		${[0, 1, 2].map((i) => `<path d="M${560 + i * 40} 350 q 60 -120 140 -170" stroke="#b48a2a" stroke-width="26" stroke-linecap="round" stroke-dasharray="6 4" fill="none"/>`).join('')}${vignette}`,
	flour: (next) =>
		`${table()}<path d="M230 520 q -30 -200 40 -300 l 260 0 q 70 100 40 300 z" fill="#e9e0cb"/><path d="M270 220 q 130 -40 260 0" stroke="#b9a383" stroke-width="8" fill="none"/>
		<rect x="300" y="330" width="200" height="90" fill="#fff" opacity="0.7"/><path d="M330 375 h140" stroke="#2f6b3a" stroke-width="12" stroke-linecap="round"/>
		<ellipse cx="620" cy="500" rx="120" ry="40" fill="#fbf8f1"/>
		${Array.from({ length: 5 }, (_, i) => `<path d="M${110 + i * 18} 540 L${140 + i * 30} ${220 + next() * 40}" stroke="#d3a94b" stroke-width="5"/><ellipse cx="${140 + i * 30}" cy="${230 + next() * 30}" rx="10" ry="32" fill="#e0b552"/>`).join('')}${vignette}`,
	cornmeal: (next) =>
		`${table()}<ellipse cx="360" cy="430" rx="220" ry="70" fill="#f2b233"/><path d="M140 430 q 220 210 440 0" fill="#f3efe6" stroke="#c9bfa8" stroke-width="4"/>
		${Array.from({ length: 140 }, () => `<rect x="${200 + next() * 320}" y="${395 + next() * 60}" width="7" height="6" fill="${next() > 0.5 ? '#e08e12' : '#f7c757'}"/>`).join('')}
		<g transform="translate(640 380) rotate(-25)"><ellipse rx="70" ry="170" fill="#f1b531"/>${Array.from({ length: 8 }, (_, i) => `<path d="M-60 ${-140 + i * 36} h120" stroke="#d08f10" stroke-width="4"/>`).join('')}<path d="M-70 100 q -40 60 -10 120 M70 100 q 30 60 0 120" stroke="#b9c47a" stroke-width="16" fill="none"/></g>${vignette}`,
	peony: () =>
		`<rect width="${width}" height="${height}" fill="#5a3a22"/><rect x="60" y="40" width="680" height="520" fill="#f4ead3"/>
		<g transform="translate(400 300)">
			${leaf(-150, 90, 30, 1.4)}${leaf(160, 110, -20, 1.3)}${leaf(-60, 170, 80, 1.1)}
			${[150, 120, 90, 60, 35].map((r, i) => Array.from({ length: 9 }, (_, k) => `<ellipse cx="${Math.cos(k * 0.7 + i) * r * 0.5}" cy="${Math.sin(k * 0.7 + i) * r * 0.35 - 20}" rx="${r * 0.55}" ry="${r * 0.38}" transform="rotate(${k * 40 + i * 12})" fill="${['#e68aa6', '#ee9fb6', '#f3b4c6', '#f7c9d5', '#fbdde5'][i]}" stroke="#c2577a" stroke-width="2"/>`).join('')).join('')}
			<circle cx="0" cy="-20" r="18" fill="#f2c14e"/>
		</g>
		<rect x="620" y="420" width="36" height="36" fill="#b3261e"/>${''}`,
	garlic: (next) =>
		`${table()}${Array.from({ length: 7 }, (_, i) => {
			const x = 170 + i * 75 + next() * 20;
			const y = 420 + (i % 2) * 40;
			return `<g transform="translate(${x} ${y})"><path d="M0 -95 C 70 -70 80 40 0 60 C -80 40 -70 -70 0 -95 z" fill="#f4efe6" stroke="#cdbfa9" stroke-width="3"/><path d="M0 -90 C 25 -40 25 30 0 58 M0 -90 C -25 -40 -25 30 0 58" stroke="#b58aa8" stroke-width="5" fill="none"/><path d="M-14 60 l-8 20 M0 60 v22 M14 60 l8 20" stroke="#d9cdb7" stroke-width="3"/></g>`;
		}).join('')}${vignette}`,
	'garlic-scapes': (next) =>
		`${table()}${Array.from({ length: 22 }, () => {
			const y = 360 + next() * 120;
			return `<path d="M90 ${y} C 300 ${y - 60 + next() * 40} 500 ${y + 40 - next() * 60} 700 ${y - 80 + next() * 60} q 40 -20 30 -60" stroke="${next() > 0.5 ? '#4f8a2c' : '#6aa33c'}" stroke-width="${8 + next() * 5}" stroke-linecap="round" fill="none"/>`;
		}).join('')}<rect x="380" y="340" width="26" height="150" rx="6" fill="#c0392b"/>${vignette}`,
	// Not produce: what a farmer photographs for an expert (a cherry leaf with brown spots), and an expert's certificate.
	'sick-leaf': (next) =>
		`${table(['#6f5a3c', '#4e3d26'])}<g transform="translate(400 290) rotate(-18)"><path d="M-300 0 C -150 -190 150 -190 300 0 C 150 190 -150 190 -300 0 Z" fill="#4f8a2c"/><path d="M-300 0 L 300 0" stroke="#35611c" stroke-width="7"/>${Array.from({ length: 9 }, (_, i) => `<path d="M${-220 + i * 55} 0 q 30 ${i % 2 ? 70 : -70} 70 ${i % 2 ? 110 : -110}" stroke="#35611c" stroke-width="3" fill="none"/>`).join('')}${Array.from({ length: 26 }, () => {
			const x = -230 + next() * 460;
			const y = (next() - 0.5) * 200 * (1 - Math.abs(x) / 320);
			const r = 6 + next() * 14;
			return `<circle cx="${x}" cy="${y}" r="${r + 5}" fill="#c9b24a" opacity="0.7"/><circle cx="${x}" cy="${y}" r="${r}" fill="#6b3d1e"/>`;
		}).join('')}</g>${vignette}`,
	credential: () =>
		`${table(['#8a8a80', '#6a6a60'], ['#e8e4da', '#cfc9bb'])}<rect x="150" y="90" width="500" height="420" fill="#fdfbf4" stroke="#b0302a" stroke-width="14"/><circle cx="400" cy="200" r="46" fill="none" stroke="#b0302a" stroke-width="8"/>${Array.from({ length: 6 }, (_, i) => `<rect x="220" y="${280 + i * 34}" width="${360 - (i % 3) * 60}" height="12" fill="#8a8378"/>`).join('')}<circle cx="540" cy="440" r="44" fill="#d0463e" opacity="0.8"/>${vignette}`,
	yam: (next) =>
		`${table(['#a57a4a', '#7a5430'])}${Array.from({ length: 6 }, (_, i) => {
			const y = 300 + i * 40;
			const bumps = Array.from({ length: 14 }, (_, k) => `<circle cx="${-300 + k * 46}" cy="${(next() - 0.5) * 10}" r="2.5" fill="#3d2a18"/>`).join('');
			return `<g transform="translate(400 ${y}) rotate(${-12 + next() * 8})"><rect x="-330" y="-15" width="660" height="30" rx="15" fill="${i % 2 ? '#8b6a4a' : '#7a5a3c'}"/>${bumps}</g>`;
		}).join('')}<g transform="translate(610 480)"><ellipse rx="60" ry="32" fill="#f6f1e6"/><ellipse rx="46" ry="22" fill="#fffdf7"/></g>${vignette}`
};

/**
 * A JPEG of one kind of produce, 800x600, as a seller's phone might send it.
 * @param {ProduceKind} kind
 * @returns {Promise<Buffer>}
 */
export function producePhoto(kind) {
	const seed = [...kind].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 7) % 100000;
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${scenes[kind](random(seed))}</svg>`;
	return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}
