// The live sale a console or download is for, refused to anyone who does not run it.
import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { parseId } from '$lib/server/platform/forms';
import { requireUser } from '$lib/server/web/guards';
import { mayRun } from '$lib/server/live/access';
import { findLiveSale } from '$lib/server/live/pages';
import type { LiveSaleView } from '$lib/live/views';
import type { SessionUser } from '$lib/server/auth/session';

export async function saleRunByViewer(event: Parameters<typeof requireUser>[0] & { params: { id: string } }): Promise<{ user: SessionUser; sale: LiveSaleView }> {
	const user = requireUser(event);
	const id = parseId(event.params.id);
	const sale = id === null ? null : await findLiveSale(id);
	if (!sale) error(404, m.live_error_not_found());
	if (!(await mayRun(user.id, sale))) error(403, m.error_forbidden());
	return { user, sale };
}
