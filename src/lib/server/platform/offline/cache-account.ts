import { createHash } from 'node:crypto';
import { visitorCacheTag } from '$lib/offline';

/**
 * The tag the service worker files this account's pages under. A hash, so the
 * header names no user; stable, so pages saved before a re-login stay readable.
 */
export function cacheAccountTag(userId: number | null): string {
	if (userId === null) return visitorCacheTag;
	return createHash('sha256').update(`village-square-cache:${userId}`).digest('hex').slice(0, 20);
}
