// The Atom feed (RFC 4287) of a village's public notices, for feed readers and
// for anyone who wants the committee's notices without visiting the site. It also carries the
// village's latest charity ledger checkpoints: a copy of each kept by every reader, beyond our
// reach, so that a rewritten ledger would no longer match them (docs/ledger.md).
import { createHash } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { db, notices, type Notice, type Village } from '$lib/server/platform/db';
import { runInLocale } from '$lib/server/platform/i18n';
import { noticeExcerpt, renderNoticeBody } from '$lib/notices/format';
import { categoryLabel } from '$lib/notices/labels';
import { ledgerKey, listCheckpoints, type Checkpoint } from '$lib/server/charity';
import { beijingDay, ledgerPath, posterPath, verifyPath } from '$lib/charity/checkpoints';

/** Readers only ever look at the latest few; 50 is a month or more of a busy committee. */
export const atomEntryLimit = 50;

/** Checkpoints are made once a day at most; the latest few are what a reader compares with a poster. */
export const atomCheckpointLimit = 10;

export type AtomNotice = Pick<Notice, 'id' | 'title' | 'body' | 'category' | 'publishedAt' | 'editedAt'>;

export type AtomFeed = { xml: string; etag: string };

/** The village's latest checkpoints and the key that signed them, as the feed shows them. */
export type AtomLedger = { publicKey: string; checkpoints: Checkpoint[] };

/**
 * The latest published public notices of a village, newest first: one statement
 * on the (village_id, status, published_at, id) index. Members-only notices,
 * drafts and deleted ones never leave the site this way.
 */
export function listAtomNotices(villageId: number, limit = atomEntryLimit): Promise<AtomNotice[]> {
	return db
		.select({
			id: notices.id,
			title: notices.title,
			body: notices.body,
			category: notices.category,
			publishedAt: notices.publishedAt,
			editedAt: notices.editedAt
		})
		.from(notices)
		.where(and(eq(notices.villageId, villageId), eq(notices.status, 'published'), eq(notices.audience, 'public')))
		.orderBy(desc(notices.publishedAt), desc(notices.id))
		.limit(limit);
}

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 but
// lone surrogates, U+FFFE and U+FFFF; one stray control character a cadre
// pasted from a spreadsheet would make the whole feed unreadable.
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for XML content or a quoted attribute: forbidden characters dropped, markup characters escaped. */
export function xmlText(text: string): string {
	return text.replace(notXmlChar, '').replace(/[&<>"']/g, (c) => xmlEntities[c]);
}

const date = (value: Date) => value.toISOString();

function entry(notice: AtomNotice, villageUrl: string): string {
	const url = `${villageUrl}/notices/${notice.id}`;
	const published = notice.publishedAt ?? new Date(0);
	return `<entry>
<id>${xmlText(url)}</id>
<title>${xmlText(notice.title)}</title>
<updated>${date(notice.editedAt ?? published)}</updated>
<published>${date(published)}</published>
<link rel="alternate" type="text/html" href="${xmlText(url)}"/>
<category term="${xmlText(notice.category)}" label="${xmlText(categoryLabel(notice.category))}"/>
<summary>${xmlText(noticeExcerpt(notice.body))}</summary>
<content type="html">${xmlText(renderNoticeBody(notice.body))}</content>
</entry>`;
}

function checkpointEntry(checkpoint: Checkpoint, publicKey: string, origin: string, slug: string): string {
	const { length, head, signature } = checkpoint;
	const poster = `${origin}${posterPath(slug, checkpoint.seq)}`;
	const link = (path: string, text: string) => `<a href="${xmlText(`${origin}${path}`)}">${xmlText(text)}</a>`;
	// Each value whole, on a line of its own, so a reader can copy it into the verifier.
	const html = [
		`<p>${xmlText(m.charity_checkpoint_length({ length }))}</p>`,
		`<p>${xmlText(m.charity_checkpoint_head({ length }))}<br><code>${xmlText(head)}</code></p>`,
		`<p>${xmlText(m.charity_checkpoint_signature())}<br><code>${xmlText(signature)}</code></p>`,
		`<p>${xmlText(m.charity_checkpoint_key())}<br><code>${xmlText(publicKey)}</code></p>`,
		`<p>${xmlText(m.charity_checkpoint_explain({ length }))}</p>`,
		`<p>${[link(posterPath(slug, checkpoint.seq), m.charity_checkpoint_poster_link()), link(ledgerPath(slug), m.charity_checkpoint_ledger_link()), link(verifyPath(slug, length, head), m.charity_checkpoint_verify_link())].join(' · ')}</p>`
	].join('\n');
	return `<entry>
<id>${xmlText(poster)}</id>
<title>${xmlText(m.charity_checkpoint_title({ length, date: beijingDay(checkpoint.at) }))}</title>
<updated>${date(checkpoint.at)}</updated>
<published>${date(checkpoint.at)}</published>
<link rel="alternate" type="text/html" href="${xmlText(poster)}"/>
<category term="ledger-checkpoint" label="${xmlText(m.charity_checkpoint_label())}"/>
<summary>${xmlText(m.charity_checkpoint_summary({ length, head }))}</summary>
<content type="html">${xmlText(html)}</content>
</entry>`;
}

/**
 * The feed document, in Chinese whatever the requester's language: the
 * committee writes in Chinese and a feed reader has no cookie to ask by.
 * `origin` makes every link absolute, as Atom readers need.
 */
export function renderAtomFeed(village: Pick<Village, 'name' | 'slug' | 'createdAt'>, entries: AtomNotice[], origin: string, ledger: AtomLedger | null = null): string {
	return runInLocale('zh-CN', () => {
		const villageUrl = `${origin}/v/${encodeURIComponent(village.slug)}`;
		// Notices and checkpoints in one line of time, newest first, as many as a notices-only feed.
		const items = [
			...entries.map((notice) => ({ at: notice.publishedAt ?? new Date(0), changed: notice.editedAt ?? notice.publishedAt, xml: () => entry(notice, villageUrl) })),
			...(ledger ? ledger.checkpoints.map((checkpoint) => ({ at: checkpoint.at, changed: checkpoint.at, xml: () => checkpointEntry(checkpoint, ledger.publicKey, origin, village.slug) })) : [])
		]
			.sort((a, b) => b.at.getTime() - a.at.getTime())
			.slice(0, atomEntryLimit);
		const updated = items.reduce((latest, item) => (item.changed && item.changed > latest ? item.changed : latest), village.createdAt);
		return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<id>${xmlText(`${villageUrl}/feed.xml`)}</id>
<title>${xmlText(m.atom_feed_title({ village: village.name }))}</title>
<updated>${date(updated)}</updated>
<link rel="self" type="application/atom+xml" href="${xmlText(`${villageUrl}/feed.xml`)}"/>
<link rel="alternate" type="text/html" href="${xmlText(villageUrl)}"/>
<author><name>${xmlText(m.atom_author({ village: village.name }))}</name><uri>${xmlText(villageUrl)}</uri></author>
<icon>${xmlText(`${origin}/icons/icon-192.png`)}</icon>
${items.map((item) => item.xml()).join('\n')}
</feed>
`;
	});
}

/** The feed of one village with a validator, so an unchanged feed costs a reader a 304 and no body. */
export async function buildVillageAtomFeed(village: Village, origin: string): Promise<AtomFeed> {
	const checkpoints = await listCheckpoints(village.id, atomCheckpointLimit);
	// The key is read only when it signed something here: a feed request never makes the deployment's key.
	const ledger = checkpoints.length > 0 ? { publicKey: (await ledgerKey()).publicKey, checkpoints } : null;
	const xml = renderAtomFeed(village, await listAtomNotices(village.id), origin, ledger);
	// Weak: the server may compress the body, and the entity is the same feed either way.
	const etag = `W/"${createHash('sha256').update(xml).digest('base64url').slice(0, 27)}"`;
	return { xml, etag };
}
