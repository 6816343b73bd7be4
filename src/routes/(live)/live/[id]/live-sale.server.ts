// The live sale a console or download is for, refused to anyone who does not run it.
import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { parseId } from '$lib/server/platform/forms';
import { requireUser } from '$lib/server/web/guards';
import { findSaleRunners, mayRun } from '$lib/server/live/access';
import { findLiveSale } from '$lib/server/live/pages';
import type { LiveSaleView } from '$lib/live/views';
import type { SessionUser } from '$lib/server/auth/session';

type GuardedEvent = Parameters<typeof requireUser>[0] & { params: { id: string } };

/** The sale in the address, if the signed-in person runs it: one small read, for the console's forms and the download. */
export async function saleIdRunByViewer(event: GuardedEvent): Promise<{ user: SessionUser; saleId: number }> {
	const user = requireUser(event);
	const saleId = parseId(event.params.id);
	const runners = saleId === null ? null : await findSaleRunners(saleId);
	if (saleId === null || !runners) error(404, m.live_error_not_found());
	if (!(await mayRun(user.id, runners))) error(403, m.error_forbidden());
	return { user, saleId };
}

/** The whole sale as the console shows it, after the same check. */
export async function saleRunByViewer(event: GuardedEvent): Promise<{ user: SessionUser; sale: LiveSaleView }> {
	const { user, saleId } = await saleIdRunByViewer(event);
	const sale = await findLiveSale(saleId);
	if (!sale) error(404, m.live_error_not_found());
	return { user, sale };
}
