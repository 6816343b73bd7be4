import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { listVillageAudit } from '$lib/server/platform/audit';
import { attempt, idField, parseWith, readForm } from '$lib/server/platform/forms';
import { qrSvg } from '$lib/server/platform/qr';
import { publicUrl } from '$lib/server/platform/public-url';
import { issueJoinCode, listOpenJoinCodes, normalizeJoinCode, revokeJoinCode } from '$lib/server/villages/join-codes';
import { appointCadre, countVillagers, listVillageMembers, revokeMembership } from '$lib/server/villages/memberships';
import { cadreVillage, chooseCadreVillage } from './committee.server';
import { listLength } from '$lib/preferences';
import { listCommitteeNotices } from '$lib/server/notices/notices';
import { listReportedComments } from '$lib/server/notices/comments';
import { appointmentForm, joinCodeForm } from '$lib/villages/forms';
import { listAlerts, qaSettings, questionsNeedingHelp } from '$lib/server/qa';

export const load: PageServerLoad = async (event) => {
	const { village, villages } = await chooseCadreVillage(event);
	return {
		village: { name: village.name, slug: village.slug },
		villages,
		members: await listVillageMembers(village.id),
		villagerCount: await countVillagers(village.id),
		openCodes: (await listOpenJoinCodes(village.id)).map(({ id, forName, hint, expiresAt }) => ({ id, forName, hint, expiresAt })),
		notices: await listCommitteeNotices(village.id, listLength(event.locals.preferences)),
		reported: await listReportedComments(village.id),
		deleted: event.url.searchParams.has('deleted'),
		audit: await listVillageAudit(village.id, event.locals.locale, listLength(event.locals.preferences, 50)),
		qa: { needsHelp: await questionsNeedingHelp(village.id), alerts: await listAlerts(village.id), hotline: qaSettings.hotline }
	};
};

export const actions = {
	issueCode: async (event) => {
		const form = await readForm(event.request);
		const { village, actorId } = await cadreVillage(event, form.village);
		return attempt({ section: 'codes', forName: form.forName }, async () => {
			const issued = await issueJoinCode(actorId, village.id, parseWith(joinCodeForm, form));
			// The code is shown once: no cache, and no copy in the idempotency table, keeps it.
			event.setHeaders({ 'cache-control': 'no-store' });
			const link = publicUrl(`/me?code=${normalizeJoinCode(issued.code)}`);
			return { section: 'codes', issued: { ...issued, link, qr: await qrSvg(link) } };
		});
	},
	revokeCode: async (event) => {
		const form = await readForm(event.request);
		const { village, actorId } = await cadreVillage(event, form.village);
		return attempt({ section: 'codes' }, async () => {
			await revokeJoinCode(actorId, village.id, idField(form.codeId));
			return { section: 'codes', saved: m.committee_code_revoked() };
		});
	},
	revokeMember: async (event) => {
		const form = await readForm(event.request);
		const { village, actorId } = await cadreVillage(event, form.village);
		return attempt({ section: 'members' }, async () => {
			await revokeMembership(actorId, village.id, idField(form.membershipId));
			return { section: 'members', saved: m.committee_member_revoked() };
		});
	},
	appointCadre: async (event) => {
		const form = await readForm(event.request);
		const { village, actorId } = await cadreVillage(event, form.village);
		return attempt({ section: 'members', username: form.username, realName: form.realName }, async () => {
			await appointCadre(actorId, village.id, parseWith(appointmentForm, form), 'cadre');
			return { section: 'members', saved: m.committee_cadre_appointed() };
		});
	}
} satisfies Actions;
