// The photo boxes of a form with photos (notices, questions): photos kept from a refused try
// (platform/held-photos.ts) and photos ticked to leave out.
const heldPrefix = 'held-';
const removePrefix = 'remove-';

/** Which photos a form with photos keeps: each photo shown on it has a box named by its id. */
export type PhotoChoices = {
	/** Photos held from a refused try (`held-<id>`), less those ticked to leave out. */
	held: string[];
	/** Photos ticked to leave out (`remove-<id>`): of the thing edited, or held ones. */
	removed: string[];
};

/** The names of these boxes are the photos' ids, so they are read by prefix rather than by a fixed schema. */
export function parsePhotoChoices(fields: Record<string, string>): PhotoChoices {
	const named = (prefix: string) =>
		Object.keys(fields)
			.filter((name) => name.startsWith(prefix))
			.map((name) => name.slice(prefix.length));
	const removed = named(removePrefix);
	return { held: named(heldPrefix).filter((id) => fields[removePrefix + id] === undefined), removed };
}
