// What other pillars may use of the market: placing an order inside their own transaction
// (live sales sell at a flash price), the checks a checkout makes, and the hook that runs
// when an order's units go back.
export { checkContact, checkUnpaidCap, insertOrder, lastContact, type NewOrder } from './checkout';
export { productRow } from './stock';
export { onOrderReleased, type OrderReleasedHook } from './release-hooks';
