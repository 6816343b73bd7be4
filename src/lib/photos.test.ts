import { describe, expect, it } from 'vitest';
import {
	formatOfExtension,
	formatPhotoSize,
	photoMediaType,
	photoSrcset,
	renditionUrl,
	smallestBytes,
	smallestImageSet,
	thumbnailView,
	toPhotoView,
	type PhotoView
} from './photos';

const id = '0123456789abcdef0123456789abcdef';
// Stored out of order on purpose: helpers must not rely on the order of the list.
const photo: PhotoView = {
	id,
	width: 1024,
	height: 768,
	placeholder: 'data:image/webp;base64,AAAA',
	renditions: [
		{ format: 'jpeg', width: 1024, height: 768, bytes: 30_000 },
		{ format: 'avif', width: 640, height: 480, bytes: 11_000 },
		{ format: 'webp', width: 320, height: 240, bytes: 5_300 },
		{ format: 'avif', width: 320, height: 240, bytes: 4_900 },
		{ format: 'jpeg', width: 320, height: 240, bytes: 5_800 },
		{ format: 'avif', width: 1024, height: 768, bytes: 20_000 }
	]
};

describe('photo helpers', () => {
	it('names files by id, width and format, and maps them back', () => {
		expect(renditionUrl(id, { format: 'jpeg', width: 320 })).toBe(`/media/${id}-320.jpg`);
		expect(renditionUrl(id, { format: 'avif', width: 1024 })).toBe(`/media/${id}-1024.avif`);
		expect(formatOfExtension('jpg')).toBe('jpeg');
		expect(formatOfExtension('jpeg')).toBeUndefined();
		expect(formatOfExtension('svg')).toBeUndefined();
		expect(photoMediaType('avif')).toBe('image/avif');
	});

	it('lists one format per srcset, narrowest first', () => {
		expect(photoSrcset(photo, 'avif')).toBe(`/media/${id}-320.avif 320w, /media/${id}-640.avif 640w, /media/${id}-1024.avif 1024w`);
		expect(photoSrcset(photo, 'jpeg')).toBe(`/media/${id}-320.jpg 320w, /media/${id}-1024.jpg 1024w`);
	});

	it('offers data saver the narrowest files, best format first, and labels the smallest', () => {
		expect(smallestBytes(photo)).toBe(4_900);
		expect(smallestImageSet(photo)).toBe(
			`image-set(url("/media/${id}-320.avif") type("image/avif"), url("/media/${id}-320.webp") type("image/webp"), url("/media/${id}-320.jpg") type("image/jpeg"))`
		);
		expect(formatPhotoSize(4_900)).toBe('5 KB');
		expect(formatPhotoSize(300)).toBe('1 KB');
	});

	it('sends a page only what it shows', () => {
		const row = { ...photo, uploadedBy: 7, createdAt: new Date() };
		expect(Object.keys(toPhotoView(row)).sort()).toEqual(['height', 'id', 'placeholder', 'renditions', 'width']);
	});

	it('keeps only the narrowest renditions for a thumbnail', () => {
		const rendition = (width: number, format: 'avif' | 'jpeg') => ({ width, height: (width * 3) / 4, format, bytes: width * 10 });
		const photo: PhotoView = { id: 'a', width: 640, height: 480, placeholder: '', renditions: [rendition(320, 'avif'), rendition(640, 'avif'), rendition(320, 'jpeg'), rendition(640, 'jpeg')] };
		expect(thumbnailView(photo).renditions.map((r) => `${r.format}-${r.width}`)).toEqual(['avif-320', 'jpeg-320']);
	});
});
