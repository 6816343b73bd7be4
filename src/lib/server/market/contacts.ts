// How the two sides of an order reach each other. A phone number is shown whole only here,
// to the buyer and the seller of the order; everywhere else it is masked (maskPhone).
import { findUserById } from '$lib/server/auth';
import type { Order } from '$lib/server/platform/db';
import { listCommitteePhones } from '$lib/server/villages';
import type { OrderSide } from './order-states';

export type OrderContact = {
	/** The other side: the seller for a buyer, the recipient for a seller. */
	name: string;
	phone: string | null;
	/** A seller with no phone is reached through their village's committee. */
	committee: { name: string; phone: string }[];
	/** A seller who left no phone is told buyers cannot call them. */
	viewerHasPhone: boolean;
};

export async function orderContact(order: Order, side: OrderSide): Promise<OrderContact> {
	const seller = await findUserById(order.sellerId);
	if (side === 'seller') {
		return { name: order.recipientName, phone: order.recipientPhone, committee: [], viewerHasPhone: Boolean(seller?.phone) };
	}
	const phone = seller?.phone ?? null;
	return {
		name: seller?.displayName ?? '',
		phone,
		committee: phone ? [] : await listCommitteePhones(order.villageId),
		viewerHasPhone: true
	};
}
