import { readdir, rm, stat } from 'node:fs/promises';
import * as m from '$lib/paraglide/messages';
import type { Job } from '$lib/server/platform/jobs';
import { join } from 'node:path';
import { and, eq, is, lt, notExists, Table, type Column, type SQLWrapper } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { renditionFileName } from '$lib/photos';
import * as database from '$lib/server/platform/db';
import { db, engine, photos, transaction } from '$lib/server/platform/db';
import { mediaDir } from './media';

/**
 * A photo nothing uses is kept this long: a form may store its photos a moment
 * before the row that uses them, and a refused or crashed save leaves them behind.
 */
export const unusedPhotoGraceMs = 24 * 60 * 60 * 1000;

/** The foreign keys of a table, read the way its engine's dialect stores them. */
const foreignKeysOf = (table: Table) =>
	engine === 'postgres' ? pgTableConfig(table as PgTable).foreignKeys : sqliteTableConfig(table as unknown as SQLiteTable).foreignKeys;

/** Each foreign key to photos among the tables the database module serves: a new table that uses photos is counted unlisted. */
const foreignKeyReferences: Column[] = (Object.values(database) as unknown[])
	.flatMap((value) => (is(value, Table) ? foreignKeysOf(value).map((key) => key.reference()) : []))
	.filter((reference) => reference.foreignTable === photos)
	.flatMap((reference) => reference.columns as Column[]);

/** Columns that hold a photo id without a foreign key (a village's cover), registered by the pillar that writes them. */
const registeredReferences = new Set<Column>();

export function registerPhotoReferences(...columns: Column[]): void {
	for (const column of columns) registeredReferences.add(column);
}

/** Every column that holds a photo id. */
export function photoReferences(): Column[] {
	return [...foreignKeyReferences, ...registeredReferences];
}

/** The form of every name media.ts writes, a finished file or a temporary one. */
const mediaFileName = /^([0-9a-f]{32})-/;

/**
 * Removes photos that nothing has used for a day: their rows, their files, and
 * files whose row never came (a crash between writing and recording). Returns
 * how many photos went.
 */
export async function sweepUnusedPhotos(now = new Date()): Promise<number> {
	const before = new Date(now.getTime() - unusedPhotoGraceMs);
	const unused: SQLWrapper[] = photoReferences().map((column) => notExists(db.select().from(column.table).where(eq(column, photos.id))));
	// One statement: a photo that gained a use a moment ago is not deleted. Its files go once that has committed.
	const removed = await transaction((tx) =>
		tx
			.delete(photos)
			.where(and(lt(photos.createdAt, before), ...unused))
			.returning({ id: photos.id, renditions: photos.renditions })
	);
	for (const photo of removed) {
		await Promise.all(photo.renditions.map((rendition) => rm(join(mediaDir, renditionFileName(photo.id, rendition)), { force: true })));
	}
	await removeUnrecordedFiles(before);
	return removed.length;
}

async function removeUnrecordedFiles(before: Date): Promise<void> {
	let names: string[];
	try {
		names = await readdir(mediaDir);
	} catch {
		return; // No photo was ever stored.
	}
	for (const name of names) {
		const id = mediaFileName.exec(name)?.[1];
		if (!id || (await db.select({ id: photos.id }).from(photos).where(eq(photos.id, id)).limit(1)).length > 0) continue;
		const path = join(mediaDir, name);
		const { mtime } = await stat(path).catch(() => ({ mtime: new Date() }));
		if (mtime < before) await rm(path, { force: true });
	}
}

/** Photos nothing has used for a day, removed once an hour by one process. */
export const mediaSweepJob: Job = {
	name: 'media.sweep-unused-photos',
	label: m.job_media_sweep_unused_photos,
	everyMs: 60 * 60 * 1000, run: async (now) => void (await sweepUnusedPhotos(now)) };
