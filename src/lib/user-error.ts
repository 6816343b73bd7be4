/**
 * A refusal the user can act on: its message is already in the user's language
 * (domain code builds it from a Paraglide message inside the request), and
 * actions turn it into `fail(status, { message })` instead of a 500.
 */
export class UserError extends Error {
	constructor(
		message: string,
		readonly status: 400 | 403 | 404 | 409 | 422 | 429 = 400
	) {
		super(message);
		this.name = 'UserError';
	}
}
