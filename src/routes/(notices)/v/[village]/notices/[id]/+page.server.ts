import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { toPhotoView } from '$lib/photos';
import { renderNoticeBody } from '$lib/notices/format';
import { disclosureTotals } from '$lib/notices/disclosure';
import { findUserById } from '$lib/server/auth/accounts';
import { requireUser } from '$lib/server/web/guards';
import { attempt, idField, parseWith, readForm } from '$lib/server/platform/forms';
import { listDisclosureRows, listNoticePhotos, listNoticeVersions } from '$lib/server/notices/notices';
import { acknowledgeNotice, findMyRead, readSummary, recordRead } from '$lib/server/notices/reads';
import { castVote, findPoll } from '$lib/server/notices/polls';
import { addComment, hideComment, listComments, parseCommentCursor, reportComment } from '$lib/server/notices/comments';
import { listLength } from '$lib/preferences';
import { commentForm, voteForm } from '$lib/notices/forms';
import { actionNotice, visibleNotice } from './notice.server';

export const load: PageServerLoad = async (event) => {
	const { village, notice, viewer } = await visibleNotice(event);
	await recordRead(notice, viewer);
	const rows = notice.category === 'affairs' ? await listDisclosureRows(notice.id) : [];
	const author = notice.authorId ? await findUserById(notice.authorId) : undefined;
	return {
		village: { slug: village.slug, name: village.name },
		notice: {
			id: notice.id,
			title: notice.title,
			html: renderNoticeBody(notice.body),
			category: notice.category,
			audience: notice.audience,
			pinned: notice.pinned,
			important: notice.important,
			status: notice.status,
			publishedAt: notice.publishedAt,
			editedAt: notice.editedAt,
			authorName: author?.displayName || null
		},
		photos: (await listNoticePhotos(notice.id)).map(toPhotoView),
		rows,
		totals: disclosureTotals(rows),
		versions: (await listNoticeVersions(notice.id)).map(({ id, title, body, rows, replacedAt }) => ({
			id,
			title,
			html: renderNoticeBody(body),
			rows: rows ?? [],
			replacedAt
		})),
		poll: await findPoll(notice, viewer),
		comments: await listComments(notice.id, viewer, parseCommentCursor(event.url.searchParams), listLength(event.locals.preferences)),
		reads: await readSummary(notice),
		myRead: await findMyRead(notice.id, viewer.userId),
		viewer: { signedIn: viewer.userId !== null, member: viewer.member, cadre: viewer.cadre },
		canComment: notice.status === 'published' && viewer.userId !== null && (notice.audience === 'public' || viewer.member)
	};
};

export const actions = {
	acknowledge: async (event) => {
		requireUser(event);
		const { notice, viewer } = await actionNotice(event);
		await readForm(event.request);
		return attempt({ section: 'acknowledge' }, async () => {
			await acknowledgeNotice(notice, viewer);
			return { section: 'acknowledge' };
		});
	},
	vote: async (event) => {
		requireUser(event);
		const { notice, viewer } = await actionNotice(event);
		const form = await readForm(event.request);
		return attempt({ section: 'poll' }, async () => {
			await castVote(viewer, notice, parseWith(voteForm, form));
			return { section: 'poll', saved: m.poll_voted() };
		});
	},
	comment: async (event) => {
		requireUser(event);
		const { notice, viewer } = await actionNotice(event);
		const form = await readForm(event.request);
		return attempt({ section: 'comments', body: form.body }, async () => {
			await addComment(viewer, notice, parseWith(commentForm, form));
			return { section: 'comments', saved: m.comment_posted() };
		});
	},
	hideComment: async (event) => {
		const user = requireUser(event);
		const { notice, viewer } = await actionNotice(event);
		if (!viewer.cadre) error(403, m.error_forbidden());
		const form = await readForm(event.request);
		return attempt({ section: 'comments' }, async () => {
			await hideComment(user.id, notice, idField(form.commentId));
			return { section: 'comments', saved: m.comment_hidden_done() };
		});
	},
	reportComment: async (event) => {
		requireUser(event);
		const { notice, viewer } = await actionNotice(event);
		const form = await readForm(event.request);
		return attempt({ section: 'comments' }, async () => {
			await reportComment(viewer, notice, idField(form.commentId));
			return { section: 'comments', saved: m.comment_reported() };
		});
	}
} satisfies Actions;
