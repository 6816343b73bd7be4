// What cadres do to the village cooperative's listings, as the committee's log shows it in either
// language. Market modules record through this module's `recordAudit`, so wherever an action is
// recorded (a server process, a test calling the market directly) its text was registered first.
import * as m from '$lib/paraglide/messages';
import { registerAuditActions, type AuditDetail } from '$lib/server/platform/audit';
import { productStatusLabel } from '$lib/market/labels';
import { productStatuses, type ProductStatus } from '$lib/market/vocabulary';

const isProductStatus = (value: unknown): value is ProductStatus => productStatuses.includes(value as ProductStatus);
const productTitle = (detail: AuditDetail): string => String(detail.title ?? '');

registerAuditActions({
	'product.listed': { text: ({ actor, detail }, locale) => m.sell_audit_listed({ actor, name: productTitle(detail) }, { locale }) },
	'product.drafted': { text: ({ actor, detail }, locale) => m.sell_audit_drafted({ actor, name: productTitle(detail) }, { locale }) },
	'product.edited': { text: ({ actor, detail }, locale) => m.sell_audit_edited({ actor, name: productTitle(detail) }, { locale }) },
	'product.status_changed': {
		text: ({ actor, detail }, locale) =>
			m.sell_audit_status({ actor, name: productTitle(detail), status: isProductStatus(detail.to) ? productStatusLabel(detail.to, locale) : String(detail.to ?? '') }, { locale })
	}
});

export { recordAudit } from '$lib/server/platform/audit';
