import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { listVillageAudit } from '$lib/server/audit';
import { attempt, idField, readForm } from '$lib/server/forms';
import { qrSvg } from '$lib/server/qr';
import { publicUrl } from '$lib/server/public-url';
import { issueJoinCode, listOpenJoinCodes, normalizeJoinCode, revokeJoinCode } from '$lib/server/villages/join-codes';
import { appointCadre, countVillagers, listVillageMembers, revokeMembership } from '$lib/server/villages/memberships';
import { cadreVillage, chooseCadreVillage } from './committee.server';
import { listLength } from '$lib/preferences';
import { listCommitteeNotices } from '$lib/server/notices/notices';
import { listReportedComments } from '$lib/server/notices/comments';

export const load: PageServerLoad = (event) => {
	const { village, villages } = chooseCadreVillage(event);
	return {
		village: { name: village.name, slug: village.slug },
		villages,
		members: listVillageMembers(village.id),
		villagerCount: countVillagers(village.id),
		openCodes: listOpenJoinCodes(village.id).map(({ id, forName, hint, expiresAt }) => ({ id, forName, hint, expiresAt })),
		notices: listCommitteeNotices(village.id, listLength(event.locals.preferences)),
		reported: listReportedComments(village.id),
		deleted: event.url.searchParams.has('deleted'),
		audit: listVillageAudit(village.id, listLength(event.locals.preferences, 50))
	};
};

export const actions = {
	issueCode: async (event) => {
		const form = await readForm(event.request);
		const { village, actorId } = cadreVillage(event, form.village);
		return attempt({ section: 'codes', forName: form.forName }, async () => {
			const issued = issueJoinCode(actorId, village.id, form);
			// The code is shown once: no cache, and no copy in the idempotency table, keeps it.
			event.setHeaders({ 'cache-control': 'no-store' });
			const link = publicUrl(`/me?code=${normalizeJoinCode(issued.code)}`);
			return { section: 'codes', issued: { ...issued, link, qr: await qrSvg(link) } };
		});
	},
	revokeCode: async (event) => {
		const form = await readForm(event.request);
		const { village, actorId } = cadreVillage(event, form.village);
		return attempt({ section: 'codes' }, () => {
			revokeJoinCode(actorId, village.id, idField(form.codeId));
			return { section: 'codes', saved: m.committee_code_revoked() };
		});
	},
	revokeMember: async (event) => {
		const form = await readForm(event.request);
		const { village, actorId } = cadreVillage(event, form.village);
		return attempt({ section: 'members' }, () => {
			revokeMembership(actorId, village.id, idField(form.membershipId));
			return { section: 'members', saved: m.committee_member_revoked() };
		});
	},
	appointCadre: async (event) => {
		const form = await readForm(event.request);
		const { village, actorId } = cadreVillage(event, form.village);
		return attempt({ section: 'members', username: form.username, realName: form.realName }, () => {
			appointCadre(actorId, village.id, form, 'cadre');
			return { section: 'members', saved: m.committee_cadre_appointed() };
		});
	}
} satisfies Actions;
