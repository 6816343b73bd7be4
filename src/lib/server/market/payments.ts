import type { DeliveryMethod, PaymentMethod } from '$lib/market/vocabulary';

/**
 * How an order is paid. Orders only talk to this interface, so a gateway
 * (WeChat Pay, Alipay) can be added beside the manual provider without
 * touching how orders are placed, cancelled or refunded.
 */
export interface PaymentProvider {
	readonly id: string;
	/** The ways to pay this provider offers for a delivery method, the usual one first. */
	methods(delivery: DeliveryMethod): PaymentMethod[];
	/**
	 * Called inside the transaction that places the order: what the order keeps
	 * to match a payment later (a transfer reference), or null.
	 */
	begin(order: { id: number; method: PaymentMethod }): { reference: string | null };
	/** Whether the seller must confirm the money arrived before sending the goods. */
	paidBeforeShipping(method: PaymentMethod): boolean;
}

/** A short code the buyer writes on a bank transfer; the check letters catch a mistyped number. */
export function transferReference(orderId: number): string {
	const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
	const check = letters[(orderId * 7 + 3) % letters.length] + letters[(orderId * 13 + 5) % letters.length];
	return `CG${orderId}${check}`;
}

/**
 * The first provider: nothing moves through the app. Cash on delivery, pay at
 * pickup, or a bank transfer with a reference that the seller confirms by hand.
 */
export const manualPayments: PaymentProvider = {
	id: 'manual',
	methods: (delivery) => (delivery === 'ship' ? ['cod', 'transfer'] : ['pickup', 'transfer']),
	begin: (order) => ({ reference: order.method === 'transfer' ? transferReference(order.id) : null }),
	paidBeforeShipping: (method) => method === 'transfer'
};

const providers: Record<string, PaymentProvider> = { [manualPayments.id]: manualPayments };

/** The provider an order was placed with (its id is stored on the order). */
export function paymentProvider(id = manualPayments.id): PaymentProvider {
	const provider = providers[id];
	if (!provider) throw new Error(`Unknown payment provider ${id}`);
	return provider;
}
