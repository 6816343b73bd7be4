import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { attempt, readForm, readFormWithFiles } from '$lib/server/platform/forms';
import { storePhoto } from '$lib/server/platform/media';
import { parseCapForm, parseMomentForm, parseReplayForm, parseRowForm } from '$lib/live/forms';
import { changeFlashCap, moveLiveSale, pinItem, setReplayUrl, type LiveMove } from '$lib/server/live/schedule';
import { postMoment } from '$lib/server/live/moments';
import { hideLiveComment, muteLiveViewer } from '$lib/server/live/comments';
import { countViewers } from '$lib/server/live/rooms';
import { liveTotals } from '$lib/server/live/pages';
import { saleIdRunByViewer, saleRunByViewer } from '../live-sale.server';

export const load: PageServerLoad = async (event) => {
	const { sale } = await saleRunByViewer(event);
	return {
		sale,
		village: { name: sale.villageName, slug: sale.villageSlug },
		viewers: sale.status === 'live' ? await countViewers(sale.id) : 0,
		totals: sale.status === 'ended' ? await liveTotals(sale.id) : null
	};
};

/** Start, end and cancel: one form each, the same steps. */
function move(to: LiveMove, saved: () => string) {
	return async (event: Parameters<typeof saleIdRunByViewer>[0]) => {
		const { user, saleId } = await saleIdRunByViewer(event);
		await readForm(event.request);
		return attempt({ section: 'state' }, async () => {
			await moveLiveSale(user.id, saleId, to);
			return { section: 'state', saved: saved() };
		});
	};
}

export const actions = {
	start: move('start', m.live_started_done),
	end: move('end', m.live_ended_done),
	cancel: move('cancel', m.live_cancelled_done),
	moment: async (event) => {
		const { user, saleId } = await saleIdRunByViewer(event);
		const { fields, files } = await readFormWithFiles(event.request);
		return attempt({ section: 'moment', text: fields.text }, async () => {
			const { text } = parseMomentForm(fields);
			const photo = files.photo?.[0] ? (await storePhoto(files.photo[0], user.id)).id : null;
			await postMoment(user.id, saleId, text, photo);
			return { section: 'moment', saved: m.live_moment_posted() };
		});
	},
	pin: async (event) => {
		const { user, saleId } = await saleIdRunByViewer(event);
		const form = await readForm(event.request);
		return attempt({ section: 'items' }, async () => {
			await pinItem(user.id, saleId, parseRowForm(form, 'itemId', m.live_error_item_not_found));
			return { section: 'items', saved: m.live_pinned_done() };
		});
	},
	cap: async (event) => {
		const { user, saleId } = await saleIdRunByViewer(event);
		const form = await readForm(event.request);
		return attempt({ section: 'items', itemId: form.itemId, flashCap: form.flashCap }, async () => {
			const { itemId, flashCap } = parseCapForm(form);
			await changeFlashCap(user.id, saleId, itemId, flashCap);
			return { section: 'items', saved: m.live_cap_done() };
		});
	},
	hide: async (event) => {
		const { user, saleId } = await saleIdRunByViewer(event);
		const form = await readForm(event.request);
		return attempt({ section: 'comments' }, async () => {
			await hideLiveComment(user.id, saleId, parseRowForm(form, 'commentId', m.live_error_comment_not_found));
			return { section: 'comments', saved: m.live_hidden_done() };
		});
	},
	mute: async (event) => {
		const { user, saleId } = await saleIdRunByViewer(event);
		const form = await readForm(event.request);
		return attempt({ section: 'comments' }, async () => {
			await muteLiveViewer(user.id, saleId, parseRowForm(form, 'userId', m.live_error_viewer_not_found));
			return { section: 'comments', saved: m.live_muted_done() };
		});
	},
	replay: async (event) => {
		const { user, saleId } = await saleIdRunByViewer(event);
		const form = await readForm(event.request);
		return attempt({ section: 'replay', replayUrl: form.replayUrl }, async () => {
			await setReplayUrl(user.id, saleId, parseReplayForm(form).replayUrl);
			return { section: 'replay', saved: m.live_replay_done() };
		});
	}
} satisfies Actions;
