// The market's words for categories, units and states, in the viewer's language; shared by every market page.
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import type {
	DeliveryMethod,
	OrderStatus,
	PaymentMethod,
	ProductCategory,
	ProductStatus,
	ProductUnit
} from './vocabulary';

const categoryLabels: Record<ProductCategory, () => string> = {
	fruit: m.market_category_fruit,
	vegetables: m.market_category_vegetables,
	grain: m.market_category_grain,
	meat_eggs: m.market_category_meat_eggs,
	handicraft: m.market_category_handicraft,
	other: m.market_category_other
};

const unitLabels: Record<ProductUnit, () => string> = {
	jin: m.market_unit_jin,
	kg: m.market_unit_kg,
	piece: m.market_unit_piece,
	box: m.market_unit_box,
	bag: m.market_unit_bag,
	bottle: m.market_unit_bottle,
	dozen: m.market_unit_dozen
};

/** A word in the viewer's language, or in a given one (text made on the server for a reader). */
type Label = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

const productStatusLabels: Record<ProductStatus, Label> = {
	draft: m.market_status_draft,
	listed: m.market_status_listed,
	paused: m.market_status_paused,
	sold_out: m.market_status_sold_out,
	archived: m.market_status_archived
};

const orderStatusLabels: Record<OrderStatus, Label> = {
	teaming: m.order_status_teaming,
	placed: m.order_status_placed,
	confirmed: m.order_status_confirmed,
	shipped: m.order_status_shipped,
	delivered: m.order_status_delivered,
	completed: m.order_status_completed,
	cancelled: m.order_status_cancelled,
	refunded: m.order_status_refunded
};

const paymentLabels: Record<PaymentMethod, () => string> = {
	cod: m.payment_method_cod,
	pickup: m.payment_method_pickup,
	transfer: m.payment_method_transfer
};

export const categoryOrder = Object.keys(categoryLabels) as ProductCategory[];
export const unitOrder = Object.keys(unitLabels) as ProductUnit[];

export const categoryLabel = (category: ProductCategory): string => categoryLabels[category]();
export const unitLabel = (unit: ProductUnit): string => unitLabels[unit]();
export const productStatusLabel = (status: ProductStatus, locale?: Locale): string => productStatusLabels[status]({}, { locale });
export const orderStatusLabel = (status: OrderStatus, locale?: Locale): string => orderStatusLabels[status]({}, { locale });
export const paymentMethodLabel = (method: PaymentMethod): string => paymentLabels[method]();
export const deliveryLabel = (delivery: DeliveryMethod): string => (delivery === 'ship' ? m.delivery_ship() : m.delivery_pickup());
