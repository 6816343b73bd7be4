// STYLE 18: a form that commits money carries what the person saw, and is refused
// when the server's truth differs. The order is still priced from the listing.
import * as m from '$lib/paraglide/messages';
import { UserError } from '$lib/server/platform/user-error';
import type { CheckoutSeen } from '$lib/market/forms';

/**
 * What is ordered must be what the buyer saw: the same products in the same
 * quantities, at the same unit prices and fees. This only stops a buyer paying
 * for something they were not shown. A form that carries no quantities at all
 * (a team checkout, a page from before they were added) is checked on what it
 * does carry; `quantity` is left out of lines that have none to compare.
 */
export function checkCartSeen(
	seen: CheckoutSeen,
	lines: { productId: number; unitPriceFen: number; quantity?: number }[],
	fees: { sellerId: number; shipFeeFen: number }[]
): void {
	const differs = (shown: ReadonlyMap<number, number>, id: number, actual: number) => shown.has(id) && shown.get(id) !== actual;
	const cartChanged =
		seen.quantities.size > 0 &&
		(seen.quantities.size !== lines.length ||
			lines.some((line) => line.quantity !== undefined && (!seen.quantities.has(line.productId) || differs(seen.quantities, line.productId, line.quantity))));
	if (
		cartChanged ||
		lines.some(({ productId, unitPriceFen }) => differs(seen.prices, productId, unitPriceFen)) ||
		fees.some(({ sellerId, shipFeeFen }) => differs(seen.fees, sellerId, shipFeeFen))
	)
		throw new UserError(m.checkout_error_total_changed(), 409);
}
