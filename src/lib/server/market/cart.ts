import { and, count, eq, inArray, sql } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import { cartItems, db, preparedRead, products, transaction, villages, users, type Product, type Tx } from '$lib/server/platform/db';
import { UserError } from '$lib/server/platform/user-error';
import { unitLabel } from '$lib/market/labels';
import { maxCartQuantity, type AddToCart, type SetCartQuantity, type TypedQuantity } from '$lib/market/forms';

/** What a cart holds: products and how many of each. Prices are never kept: they are read when shown and when ordered. */
export type CartLine = { productId: number; quantity: number };

export const maxCartLines = 30;

/**
 * Where a cart lives: the account's rows when signed in, else what the visitor's
 * browser keeps (the request edge reads it from the cookie and stores what a
 * change returns: src/lib/server/web/cart.ts).
 */
export type CartOwner = { userId: number } | { userId: null; lines: CartLine[] };

/** How many products the cart holds, for the top bar: a visitor's lines as they are, without looking anything up. */
/** Every signed-in page shows it in the top bar. */
const cartCount = preparedRead<{ userId: number }, { n: number }[]>('cart_count', () =>
	db.select({ n: count() }).from(cartItems).where(eq(cartItems.userId, sql.placeholder('userId')))
);

export async function countCart(owner: CartOwner): Promise<number> {
	if (owner.userId === null) return owner.lines.length;
	const [row] = await cartCount({ userId: owner.userId });
	return row?.n ?? 0;
}

/** `handle`: the caller's `tx` when what the cart holds decides a write (checkout). */
export async function readCart(owner: CartOwner, handle: Tx = db): Promise<CartLine[]> {
	if (owner.userId === null) return owner.lines;
	return handle
		.select({ productId: cartItems.productId, quantity: cartItems.quantity })
		.from(cartItems)
		.where(eq(cartItems.userId, owner.userId))
		.orderBy(cartItems.addedAt, cartItems.productId);
}

/**
 * Runs a change to the cart: an account's in one transaction (its reads decide
 * its write), a visitor's without one (nothing in the database changes).
 */
function changeCart<T>(owner: CartOwner, work: (handle: Tx) => Promise<T>): Promise<T> {
	return owner.userId === null ? work(db) : transaction(work);
}

/** A whole number of units the product can be bought in, or a message saying what it can be. */
type Stocked = Pick<Product, 'title' | 'unit' | 'minOrder' | 'status' | 'stock'>;

export function checkQuantity(product: Stocked, quantity: TypedQuantity): number {
	const unit = unitLabel(product.unit);
	if (quantity === null || !Number.isSafeInteger(quantity) || quantity < 1 || quantity > maxCartQuantity) throw new UserError(m.cart_error_quantity({ unit }));
	if (quantity < product.minOrder) throw new UserError(m.cart_error_below_minimum({ min: product.minOrder, unit }));
	if (product.status === 'sold_out' || product.stock === 0) throw new UserError(m.cart_error_sold_out({ title: product.title }), 409);
	if (quantity > product.stock) throw new UserError(m.cart_error_only_left({ title: product.title, left: product.stock, unit }), 409);
	return quantity;
}

/** A paused, draft or archived listing cannot be bought, and says why. */
export function checkOnSale(product: Pick<Product, 'status' | 'title'>): void {
	if (product.status === 'draft') throw new UserError(m.cart_error_no_product(), 404);
	if (product.status === 'paused') throw new UserError(m.cart_error_paused({ title: product.title }), 409);
	if (product.status === 'archived') throw new UserError(m.cart_error_archived({ title: product.title }), 409);
}

/** A product that can be bought now; a paused, draft or archived one says so. */
async function buyableProduct(handle: Tx, productId: number): Promise<Product> {
	const [product] = await handle.select().from(products).where(eq(products.id, productId)).limit(1);
	if (!product) throw new UserError(m.cart_error_no_product(), 404);
	checkOnSale(product);
	return product;
}

/**
 * Puts units of a product in the cart (adding to what is there), checked against
 * stock and the minimum. Returns the cart's lines after it, for a visitor's to be kept.
 */
export function addToCart(owner: CartOwner, { productId, quantity: typed }: AddToCart): Promise<CartLine[]> {
	return changeCart(owner, async (handle) => {
		const product = await buyableProduct(handle, productId);
		if (owner.userId !== null && product.sellerId === owner.userId) throw new UserError(m.cart_error_own_product());
		const lines = await readCart(owner, handle);
		const existing = lines.find((line) => line.productId === product.id);
		// Left empty, the field means the minimum; anything typed must be a whole number of units on its own.
		const adding = typed === 'minimum' ? product.minOrder : checkQuantity(product, typed);
		const quantity = checkQuantity(product, adding + (existing?.quantity ?? 0));
		if (!existing && lines.length >= maxCartLines) throw new UserError(m.cart_error_full({ max: maxCartLines }));
		return saveLine(handle, owner, lines, product.id, quantity);
	});
}

/** Changes how many are in the cart; the same checks as adding. Returns the cart's lines after it. */
export function setCartQuantity(owner: CartOwner, { productId, quantity }: SetCartQuantity): Promise<CartLine[]> {
	return changeCart(owner, async (handle) => {
		const product = await buyableProduct(handle, productId);
		const lines = await readCart(owner, handle);
		if (!lines.some((line) => line.productId === product.id)) throw new UserError(m.cart_error_not_in_cart(), 404);
		return saveLine(handle, owner, lines, product.id, checkQuantity(product, quantity));
	});
}

/** The line written (an account's row), and the lines with it in place of the old one, in the same order. */
async function saveLine(handle: Tx, owner: CartOwner, lines: CartLine[], productId: number, quantity: number): Promise<CartLine[]> {
	const next = lines.filter((line) => line.productId !== productId);
	const at = lines.findIndex((line) => line.productId === productId);
	next.splice(at === -1 ? next.length : at, 0, { productId, quantity });
	if (owner.userId !== null)
		await handle
			.insert(cartItems)
			.values({ userId: owner.userId, productId, quantity })
			.onConflictDoUpdate({ target: [cartItems.userId, cartItems.productId], set: { quantity } });
	return next;
}

/** Takes products out of the cart. Returns the cart's lines after it. */
export async function removeFromCart(owner: CartOwner, productIds: number[]): Promise<CartLine[]> {
	if (owner.userId === null) return owner.lines.filter((line) => !productIds.includes(line.productId));
	const { userId } = owner;
	return transaction(async (tx) => {
		await deleteCartLines(tx, userId, productIds);
		return readCart(owner, tx);
	});
}

/** Takes products out of an account's cart, in the caller's transaction (a checkout empties what it ordered). */
export async function deleteCartLines(tx: Tx, userId: number, productIds: number[]): Promise<void> {
	if (productIds.length === 0) return;
	await tx.delete(cartItems).where(and(eq(cartItems.userId, userId), inArray(cartItems.productId, productIds)));
}

/**
 * On sign-in, what the visitor put in the cart joins the account's cart: a product
 * in both keeps the larger quantity (the same cart seen twice, not two wishes).
 * Products that no longer exist are left out.
 */
export async function mergeVisitorCart(userId: number, visitor: CartLine[]): Promise<void> {
	if (visitor.length === 0) return;
	await transaction(async (tx) => {
		const known = new Set(
			(
				await tx
					.select({ id: products.id })
					.from(products)
					.where(inArray(products.id, visitor.map((line) => line.productId)))
			).map((row) => row.id)
		);
		for (const line of visitor.filter((line) => known.has(line.productId))) {
			await tx
				.insert(cartItems)
				.values({ userId, ...line })
				.onConflictDoUpdate({
					target: [cartItems.userId, cartItems.productId],
					// The larger of the two, written so both engines read it alike (SQLite's scalar max() is not PostgreSQL's).
					set: { quantity: sql`CASE WHEN ${cartItems.quantity} > excluded.quantity THEN ${cartItems.quantity} ELSE excluded.quantity END` }
				});
		}
	});
}

/** A cart line with what the buyer needs to see, and what stands in the way of ordering it. */
export type CartEntry = {
	product: Pick<Product, 'id' | 'title' | 'unit' | 'priceFen' | 'stock' | 'minOrder' | 'status' | 'shipping' | 'shipFeeFen' | 'pickup' | 'pickupPlace' | 'pickupTime' | 'sellerId'> & {
		villageName: string;
		villageSlug: string;
		sellerName: string;
	};
	quantity: number;
	problem: string | null;
};

/** `handle`: the caller's `tx` when the prices and stock read decide a write (checkout). */
export async function describeCart(lines: CartLine[], handle: Tx = db): Promise<CartEntry[]> {
	if (lines.length === 0) return [];
	const rows = await handle
		.select({
			id: products.id,
			title: products.title,
			unit: products.unit,
			priceFen: products.priceFen,
			stock: products.stock,
			minOrder: products.minOrder,
			status: products.status,
			shipping: products.shipping,
			shipFeeFen: products.shipFeeFen,
			pickup: products.pickup,
			pickupPlace: products.pickupPlace,
			pickupTime: products.pickupTime,
			sellerId: products.sellerId,
			villageName: villages.name,
			villageSlug: villages.slug,
			sellerName: users.displayName
		})
		.from(products)
		.innerJoin(villages, eq(villages.id, products.villageId))
		.innerJoin(users, eq(users.id, products.sellerId))
		.where(inArray(products.id, lines.map((line) => line.productId)));
	const byId = new Map(rows.map((row) => [row.id, row]));
	return lines.flatMap((line) => {
		const product = byId.get(line.productId);
		if (!product) return [];
		return [{ product, quantity: line.quantity, problem: lineProblem(product, line.quantity) }];
	});
}

function lineProblem(product: CartEntry['product'], quantity: number): string | null {
	try {
		checkOnSale(product);
		checkQuantity(product, quantity);
		return null;
	} catch (error) {
		if (error instanceof UserError) return error.message;
		throw error;
	}
}
