// A page that only shows things: no client script, so it stays within the byte budget.
export const csr = false;
