// The market's fixed vocabularies: stored in its tables, shown by its pages.

export const productCategories = ['fruit', 'vegetables', 'grain', 'meat_eggs', 'handicraft', 'other'] as const;
export type ProductCategory = (typeof productCategories)[number];
/** 斤 first: it is how produce is priced at a Chinese market. */
export const productUnits = ['jin', 'kg', 'piece', 'box', 'bag', 'bottle', 'dozen'] as const;
export type ProductUnit = (typeof productUnits)[number];
export const productStatuses = ['draft', 'listed', 'paused', 'sold_out', 'archived'] as const;
export type ProductStatus = (typeof productStatuses)[number];
export const teamStatuses = ['open', 'complete', 'dissolved'] as const;
export type TeamStatus = (typeof teamStatuses)[number];
/** `teaming`: a team purchase waiting for its team to fill; its stock is already held. */
export const orderStatuses = ['teaming', 'placed', 'confirmed', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const deliveryMethods = ['ship', 'pickup'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];
/** The manual provider's ways to pay; a gateway would add its own. */
export const paymentMethods = ['cod', 'pickup', 'transfer'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
/** How the market's list can be ordered; `relevance` only means something with a query. */
export const marketSorts = ['relevance', 'newest', 'price_asc', 'price_desc'] as const;
export type MarketSort = (typeof marketSorts)[number];
/** Photos one listing may carry: the form says so, the server holds to it, the body limit makes room for them. */
export const maxProductPhotos = 6;
