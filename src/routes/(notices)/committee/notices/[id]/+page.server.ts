import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { toPhotoView } from '$lib/photos';
import { attempt, idField, parseWith, pick, readForm, readFormWithFiles } from '$lib/server/platform/forms';
import {
	addDisclosureRows,
	deleteNotice,
	listDisclosureRows,
	listNoticePhotos,
	noticeViewer,
	removeDisclosureRow,
	updateNotice
} from '$lib/server/notices/notices';
import { findPoll } from '$lib/server/notices/polls';
import { findHeldPhotos } from '$lib/server/platform/held-photos';
import { keepPhotosOfRefusal } from '$lib/server/web/held-photos';
import { maxNoticePhotos } from '$lib/notices/vocabulary';
import { disclosureEntryForm, noticeEditForm, parseIntent, parsePhotoChoices } from '$lib/notices/forms';
import { beijingInputValue } from '$lib/form-fields';
import { cadreNotice, echoNotice } from '../notice-form.server';

export const load: PageServerLoad = async (event) => {
	const { village, notice, actorId } = await cadreNotice(event);
	const poll = await findPoll(notice, await noticeViewer(actorId, village.id));
	return {
		village: { slug: village.slug, name: village.name },
		notice: {
			id: notice.id,
			status: notice.status,
			title: notice.title,
			body: notice.body,
			category: notice.category,
			audience: notice.audience,
			pinned: notice.pinned,
			important: notice.important
		},
		poll: poll && {
			question: poll.question,
			options: poll.options.map((o) => o.label).join('\n'),
			closesAt: beijingInputValue(poll.closesAt),
			locked: poll.total > 0
		},
		photos: (await listNoticePhotos(notice.id)).map(toPhotoView),
		rows: await listDisclosureRows(notice.id),
		saved: pick(event.url.searchParams.get('saved'), ['draft'])
	};
};

export const actions = {
	save: async (event) => {
		const { village, notice, actorId } = await cadreNotice(event);
		const { fields, files } = await readFormWithFiles(event.request);
		const intent = parseIntent(fields.intent);
		const { held, removed: removePhotos } = parsePhotoChoices(fields);
		const result = await attempt({ section: 'notice', ...echoNotice(fields) }, async () => {
			const edit = { removePhotos, newFiles: files.photos ?? [], held: await findHeldPhotos(actorId, held) };
			await updateNotice(actorId, village.id, notice.id, parseWith(noticeEditForm, fields), edit, intent);
			redirect(303, `/v/${village.slug}/notices/${notice.id}`);
		});
		return keepPhotosOfRefusal(result, actorId, held, files.photos ?? [], maxNoticePhotos);
	},
	addRows: async (event) => {
		const { village, notice, actorId } = await cadreNotice(event);
		const form = await readForm(event.request);
		return attempt({ section: 'table', rows: form.rows, date: form.date, item: form.item, amount: form.amount, counterparty: form.counterparty, note: form.note }, async () => {
			const added = await addDisclosureRows(actorId, village.id, notice.id, parseWith(disclosureEntryForm, form));
			return { section: 'table', saved: m.disclosure_added({ count: added }) };
		});
	},
	removeRow: async (event) => {
		const { village, notice, actorId } = await cadreNotice(event);
		const form = await readForm(event.request);
		return attempt({ section: 'table' }, async () => {
			await removeDisclosureRow(actorId, village.id, notice.id, idField(form.rowId));
			return { section: 'table', saved: m.disclosure_removed() };
		});
	},
	delete: async (event) => {
		const { village, notice, actorId } = await cadreNotice(event);
		await readForm(event.request);
		return attempt({ section: 'delete' }, async () => {
			await deleteNotice(actorId, village.id, notice.id);
			redirect(303, `/committee?village=${village.slug}&deleted=${notice.id}#notices`);
		});
	}
} satisfies Actions;
