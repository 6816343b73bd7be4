// Pages are server-rendered HTML and every form is a real form, so no page ships
// the client runtime (about 45 KB compressed) unless it opts in with `csr = true`
// for something HTML cannot do, and stays within the page-weight budget.
export const csr = false;
