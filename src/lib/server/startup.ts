import { migrateDatabase } from '$lib/server/platform/db';
import { detectOutbreaksJob, ensureStartingCrops, escalateUnansweredJob, qaUploadRoutes } from '$lib/server/qa';
import { marketSweepJobs } from '$lib/server/market/teams';
import { indexUnindexedProducts } from '$lib/server/market/search-index';
import { mediaSweepJob } from '$lib/server/platform/media-sweep';
import { pruneKeysJob } from '$lib/server/platform/offline/idempotency';
import { pruneThrottleEventsJob } from '$lib/server/platform/throttle';
import { registerJob, startJobs } from '$lib/server/platform/jobs';
import { startBeating } from '$lib/server/platform/processes';
import { onSignIn } from '$lib/server/web/sign-in-hooks';
import { mergeCartOnSignIn } from '$lib/server/web/cart';
import { registerUploadRoutes } from '$lib/server/platform/body-limits';
import { marketUploadRoutes } from '$lib/server/market/upload-routes';
import { noticeUploadRoutes } from '$lib/server/notices/upload-routes';
import { villageUploadRoutes } from '$lib/server/villages/upload-routes';
import { onOrderReleased } from '$lib/server/market';
import { endOverrunSalesJob, giveFlashUnitsBack, liveUploadRoutes, sendRemindersJob } from '$lib/server/live';
import { charityUploadRoutes, payDueDisbursementsJob, sealLedgersJob } from '$lib/server/charity';

/** What one pillar does on another's events, wired once before the first request. */
export function connectPillars(): void {
	// What was put in the cart before signing in is still there after.
	onSignIn(mergeCartOnSignIn);
	// An order from a live sale that is cancelled gives its units back to the flash cap too.
	onOrderReleased(giveFlashUnitsBack);
	// Only the pages that take photos accept large bodies; each pillar names its own.
	for (const routes of [noticeUploadRoutes, marketUploadRoutes, villageUploadRoutes, liveUploadRoutes, qaUploadRoutes, charityUploadRoutes]) registerUploadRoutes(routes);
}

/** Runs once before the first request. */
export async function prepareDatabase(): Promise<void> {
	await migrateDatabase();
	// Products from before search had entries (an upgraded or copied database) become findable.
	await indexUnindexedProducts();
	// A fresh county can ask about its usual crops at once; its admin adds more.
	await ensureStartingCrops();
	for (const job of [...marketSweepJobs, endOverrunSalesJob, sendRemindersJob, mediaSweepJob, pruneKeysJob, pruneThrottleEventsJob, escalateUnansweredJob, detectOutbreaksJob, payDueDisbursementsJob, sealLedgersJob]) registerJob(job);
	await startBeating();
	startJobs();
}
