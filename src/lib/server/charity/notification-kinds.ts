// What charity tells people in their inbox, and how it reads in either language. Charity modules
// send through this module's `notify`, so wherever one is sent its kinds were registered first.
import { and, eq, isNull } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { registerNotificationKinds, type NotificationParams } from '$lib/server/platform/notifications';
import { memberships, users, type Tx } from '$lib/server/platform/db';
import { formatFen } from '$lib/money';

const text = (params: NotificationParams, name: string): string => String(params[name] ?? '');
const money = (params: NotificationParams, locale: string): string => formatFen(Number(params.amountFen ?? 0), locale);

registerNotificationKinds({
	// to the donor: a cadre confirmed the gift arrived; it is in the public ledger now
	'charity.gift_confirmed': { text: (p, locale) => m.notify_charity_gift_confirmed({ title: text(p, 'title'), seq: Number(p.seq ?? 0) }, { locale }) },
	// to the village's other cadres (and the admin where the village has one cadre): a payment waits for a second pair of eyes
	'charity.to_approve': { text: (p, locale) => m.notify_charity_to_approve({ title: text(p, 'title'), amount: money(p, locale), payee: text(p, 'payee') }, { locale }) },
	// to the village's cadres and the county admin: a villager objected during the 公示
	'charity.objection': { text: (p, locale) => m.notify_charity_objection({ title: text(p, 'title'), amount: money(p, locale) }, { locale }) }
});

export { notify } from '$lib/server/platform/notifications';

/** The village's cadres now, and the county's admins: who hears of a payment to check. */
export async function stewardsOf(tx: Tx, villageId: number, { withAdmins }: { withAdmins: boolean }): Promise<number[]> {
	const cadres = await tx
		.select({ id: memberships.userId })
		.from(memberships)
		.where(and(eq(memberships.villageId, villageId), eq(memberships.role, 'cadre'), isNull(memberships.revokedAt)));
	const admins = withAdmins ? await tx.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)) : [];
	return [...new Set([...cadres, ...admins].map((row) => row.id))];
}
