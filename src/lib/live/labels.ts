// Live sales' vocabularies in the reader's language.
import * as m from '$lib/paraglide/messages';
import type { LiveStatus } from './vocabulary';

const statusLabels: Record<LiveStatus, () => string> = {
	scheduled: m.live_status_scheduled,
	live: m.live_status_live,
	ended: m.live_status_ended,
	cancelled: m.live_status_cancelled
};

export const liveStatusLabel = (status: LiveStatus): string => statusLabels[status]();
