/** Widths every uploaded photo is stored at: a 360 px phone at 1x-2x density, and wider screens. */
export const photoWidths = [480, 960] as const;

/** `srcset` for a stored photo, smallest first; the browser picks by screen width and density. */
export function photoSrcset(stem: string): string {
	return photoWidths.map((w) => `/media/${stem}-${w}.webp ${w}w`).join(', ');
}

export function photoSrc(stem: string): string {
	return `/media/${stem}-${photoWidths[0]}.webp`;
}
