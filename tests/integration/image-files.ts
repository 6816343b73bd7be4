// Uploads for the photo pipeline's tests: what phones send, and what attackers and accidents send.
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import sharp from 'sharp';

export function asFile(bytes: Buffer | string, name: string, type = 'image/jpeg'): File {
	return new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type });
}

/**
 * A camera JPEG stored sideways (EXIF orientation 6: turn 90° clockwise to view), red on
 * its stored top half and blue below, carrying a GPS position, a camera make, an ICC
 * profile and XMP.
 */
export async function sidewaysPhoneJpeg(width = 1600, height = 1200): Promise<Buffer> {
	const half = { width, height: height / 2, channels: 3 } as const;
	return sharp({ create: { ...half, height, background: '#0000ff' } })
		.composite([{ input: { create: { ...half, background: '#ff0000' } }, top: 0, left: 0 }])
		.jpeg()
		.withMetadata({ orientation: 6 })
		.withExif({ IFD0: { Make: 'PhoneMakerCo', Model: 'Pocket 9' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 23/1 0/1', GPSMapDatum: 'WGS-84-secret' } })
		.withIccProfile('p3')
		.withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>XmpSecretNote</rdf:Description></rdf:RDF></x:xmpmeta>')
		.toBuffer();
}

export function plainImage(width: number, height: number, format: 'png' | 'gif' | 'jpeg' = 'png'): Promise<Buffer> {
	return sharp({ create: { width, height, channels: 3, background: '#6b8f3a' } })
		.toFormat(format)
		.toBuffer();
}

/** Two differently coloured frames: an animated GIF, or an animated WebP. */
export async function animated(format: 'gif' | 'webp'): Promise<Buffer> {
	const frame = (background: string) => sharp({ create: { width: 64, height: 48, channels: 3, background } }).png().toBuffer();
	return sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } })
		.toFormat(format)
		.toBuffer();
}

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
const u32 = (n: number) => {
	const bytes = Buffer.alloc(4);
	bytes.writeUInt32BE(n);
	return bytes;
};

/** A PNG chunk: length, type, data, CRC of type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
	const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	return Buffer.concat([u32(data.length), typed, u32(crc32(typed))]);
}

/** An animated PNG (APNG): a plain PNG plus the animation-control chunk before its image data. sharp cannot write one. */
export async function animatedPng(): Promise<Buffer> {
	const png = await plainImage(64, 48);
	const afterHeader = 8 + 25; // signature, then the IHDR chunk
	const animationControl = pngChunk('acTL', Buffer.concat([u32(2), u32(0)]));
	return Buffer.concat([png.subarray(0, afterHeader), animationControl, png.subarray(afterHeader)]);
}

/** An ISO base media box: size, type, body. */
function box(type: string, ...body: Buffer[]): Buffer {
	const content = Buffer.concat(body);
	return Buffer.concat([u32(8 + content.length), Buffer.from(type, 'latin1'), content]);
}
const fullBox = (type: string, version: number, ...body: Buffer[]) => box(type, u32(version << 24), ...body);

/**
 * A HEIC as an iPhone saves it, in structure: one HEVC-coded image item with its decoder
 * configuration and size. The coded data is filler: sharp's libvips has no HEVC decoder,
 * so like a real HEIC it reads the header and cannot decode the pixels.
 */
export function hevcHeic(width = 4032, height = 3024): Buffer {
	const coded = Buffer.alloc(256, 0x42);
	const hevcConfig = box('hvcC', u8(1), u8(1), u32(0x60000000), Buffer.from([0x90, 0, 0, 0, 0, 0]), u8(90), u16(0xf000), u8(0xfc), u8(0xfd), u8(0xf8), u8(0xf8), u16(0), u8(0x0f), u8(0));
	const meta = (dataOffset: number) =>
		fullBox(
			'meta',
			0,
			fullBox('hdlr', 0, u32(0), Buffer.from('pict'), Buffer.alloc(12), u8(0)),
			fullBox('pitm', 0, u16(1)),
			fullBox('iloc', 0, u8(0x44), u8(0x40), u16(1), u16(1), u16(0), u32(0), u16(1), u32(dataOffset), u32(coded.length)),
			fullBox('iinf', 0, u16(1), fullBox('infe', 2, u16(1), u16(0), Buffer.from('hvc1'), u8(0))),
			box('iprp', box('ipco', hevcConfig, fullBox('ispe', 0, u32(width), u32(height))), fullBox('ipma', 0, u32(1), u16(1), u8(2), u8(0x81), u8(0x02)))
		);
	const fileType = box('ftyp', Buffer.from('heic'), u32(0), Buffer.from('mif1heic'));
	const dataOffset = fileType.length + meta(0).length + 8;
	return Buffer.concat([fileType, meta(dataOffset), box('mdat', coded)]);
}

/**
 * A complete, valid black-and-white PNG of 20,000 x 20,000 pixels (400 megapixels) in about
 * 50 KB: a decompression bomb that would take 1.2 GB once decoded to colour.
 */
export function hugePng(width = 20_000, height = 20_000): Buffer {
	const header = Buffer.concat([u32(width), u32(height), u8(1), u8(0), u8(0), u8(0), u8(0)]); // 1 bit grey
	const rows = Buffer.alloc(height * (1 + Math.ceil(width / 8))); // each row: filter byte 0, then black pixels
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

/** 50 MB of zeros gzipped to 50 KB: an archive bomb, named like a photo. */
export function gzipBomb(): Buffer {
	return gzipSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 });
}
