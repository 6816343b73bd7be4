// Photos on disk for file inputs: a landscape and a portrait phone-like picture in a temporary folder.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { samplePhoto } from '../../../scripts/demo/sample-photo.js';

/** The drawn scenes, kept between test files and runs (keyed by the drawing itself); each photo still gets its own noise. */
const sceneCache = join(tmpdir(), 'village-square-test-scenes');

export type PhotoFiles = { paths: string[]; remove: () => Promise<void> };

export async function writePhotoFiles(prefix: string): Promise<PhotoFiles> {
	const dir = await mkdtemp(join(tmpdir(), `village-square-${prefix}-`));
	const paths: string[] = [];
	for (const [w, h] of [
		[800, 600],
		[600, 800]
	]) {
		const path = join(dir, `photo-${w}.jpg`);
		await writeFile(path, await samplePhoto(w, h, { cacheDir: sceneCache }));
		paths.push(path);
	}
	return { paths, remove: () => rm(dir, { recursive: true, force: true }) };
}
