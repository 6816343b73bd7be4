// What a stored photo is made of, for the server and the pages that show it.

/** The encoder's list (photo-encoding.js) is the one the server runs; this names them for types. */
export type PhotoFormat = 'avif' | 'webp' | 'jpeg';
/** One stored file of a photo: a format at a width, and its size in bytes (shown in data-saver mode). */
export type Rendition = { format: PhotoFormat; width: number; height: number; bytes: number };
