// Keys left behind by a crash (kill -9 between claiming a key and storing its answer).
// The states a crash can leave are made on a real database: a claim of a dead process,
// with or without its write committed. The replay runs the write once or answers with
// its result; never twice, never a wait for a process that is gone.
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import { cartItems, db, idempotentRequests, orders, products, transaction, type Product, type User } from '$lib/server/platform/db';
import { addToCart } from '$lib/server/market/cart';
import { checkoutPage, placeOrders } from '$lib/server/market/checkout';
import { parseCheckoutForm } from '$lib/market/forms';
import { bootId, claimKey, claimWitness, fingerprintWrite } from '$lib/server/platform/offline/idempotency';
import { idempotentWrites } from '$lib/server/platform/offline/idempotent-writes';
import { withWriteWitness } from '$lib/server/platform/db';
import { countEvent, limits } from '$lib/server/platform/throttle';
import { storePhoto } from '$lib/server/platform/media';
import { insertProduct, makeSeller, makeUser } from './factories';
import { asFile, plainImage } from './image-files';
import { readForm } from '$lib/server/platform/forms';

const origin = 'http://127.0.0.1';
const contact = { name: '陈先生', phone: '138 1234 5678', address: '北京市朝阳区幸福路 8 号', payment: 'later' };

/** A buyer with one product in the cart, and the checkout form the page would post for it. */
async function buyerAtCheckout(): Promise<{ buyer: User; product: Product; fields: Record<string, string> }> {
	const { seller, village } = await makeSeller();
	const product = await insertProduct(village, seller, { stock: 10 });
	const buyer = await makeUser();
	await addToCart({ userId: buyer.id }, { productId: product.id, quantity: 2 });
	const fields = { idempotency_key: crypto.randomUUID(), outbox_label: 'checkout', ...contact, [`delivery_${seller.id}`]: 'ship' };
	return { buyer, product, fields };
}

const checkoutRequest = (fields: Record<string, string>) =>
	new Request(`${origin}/checkout`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields)
	});

/**
 * The hook with the checkout action behind it, as SvelteKit runs it: `ran` counts how
 * often the action itself ran (a replay answered from the key does not run it).
 */
function server(buyer: User) {
	let ran = 0;
	const post = (fields: Record<string, string>) => {
		const request = checkoutRequest(fields);
		const event = { request, url: new URL(request.url), locals: { user: buyer } } as unknown as RequestEvent;
		return idempotentWrites({
			event,
			resolve: async (event) => {
				ran++;
				const form = await readForm(event.request);
				const placed = await placeOrders({ userId: buyer.id }, parseCheckoutForm(form));
				return new Response(null, { status: 303, headers: { location: checkoutPage(placed) } });
			}
		});
	};
	return { post, ran: () => ran };
}

const ordersOf = (buyer: User) => db.select().from(orders).where(eq(orders.buyerId, buyer.id));
const stockOf = async (product: Product) => (await db.select().from(products).where(eq(products.id, product.id)))[0].stock;
const claimRow = async (key: string) => (await db.select().from(idempotentRequests).where(eq(idempotentRequests.key, key)))[0];

/** The row a claim leaves when its process dies: owned by another boot, no answer. */
async function claimOfDeadProcess(buyer: User, fields: Record<string, string>): Promise<number> {
	const request = checkoutRequest(fields);
	const write = (await fingerprintWrite(request, new URL(request.url)))!;
	const claim = await claimKey(`user:${buyer.id}`, write, '/checkout');
	if (claim.kind !== 'first') throw new Error(`expected a fresh claim, got ${claim.kind}`);
	return claim.id;
}

const dies = (id: number) =>
	transaction((tx) => tx.update(idempotentRequests).set({ owner: 'boot-of-a-process-killed-with-kill-9' }).where(eq(idempotentRequests.id, id)));

describe('a replay after a crash', () => {
	it('runs the write when the dead request had not committed it, once, and answers at once', async () => {
		const { buyer, product, fields } = await buyerAtCheckout();
		await dies(await claimOfDeadProcess(buyer, fields));
		const app = server(buyer);

		const started = Date.now();
		const response = await app.post(fields);
		expect(Date.now() - started).toBeLessThan(5_000);
		const placed = await ordersOf(buyer);
		expect(placed).toHaveLength(1);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(`/orders/${placed[0].id}?placed`);
		expect(app.ran()).toBe(1);
		expect(await stockOf(product)).toBe(8);

		// Replayed again: the stored answer, no second order.
		const again = await app.post(fields);
		expect(again.headers.get('location')).toBe(`/orders/${placed[0].id}?placed`);
		expect(await ordersOf(buyer)).toHaveLength(1);
		expect(app.ran()).toBe(1);
	});

	it('answers with the result when the dead request had committed the write, and never runs it again', async () => {
		const { buyer, product, fields } = await buyerAtCheckout();
		const id = await claimOfDeadProcess(buyer, fields);
		// The request got as far as committing the order, then the process was killed before its answer was stored.
		const placed = await withWriteWitness(claimWitness(id), () => placeOrders({ userId: buyer.id }, parseCheckoutForm(fields)));
		await dies(id);
		expect(await claimRow(fields.idempotency_key)).toMatchObject({ status: null, location: `/orders/${placed.orderIds[0]}?placed` });
		expect((await claimRow(fields.idempotency_key))?.committedAt).toBeInstanceOf(Date);

		const app = server(buyer);
		for (let i = 0; i < 3; i++) {
			const response = await app.post(fields);
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe(`/orders/${placed.orderIds[0]}?placed`);
		}
		expect(app.ran()).toBe(0);
		expect(await ordersOf(buyer)).toHaveLength(1);
		expect(await stockOf(product)).toBe(8);
	});

	it('two replays arriving together after the crash: the write runs once, both get its answer', async () => {
		const { buyer, fields } = await buyerAtCheckout();
		await dies(await claimOfDeadProcess(buyer, fields));
		const app = server(buyer);
		const [first, second] = await Promise.all([app.post(fields), app.post(fields)]);
		expect(app.ran()).toBe(1);
		expect(await ordersOf(buyer)).toHaveLength(1);
		expect(first.headers.get('location')).toBe(`/orders/${(await ordersOf(buyer))[0].id}?placed`);
		expect(second.headers.get('location')).toBe(first.headers.get('location'));
	});

	it('a claim from before owners were recorded (no owner) is taken over too', async () => {
		const { buyer, fields } = await buyerAtCheckout();
		const id = await claimOfDeadProcess(buyer, fields);
		await transaction((tx) => tx.update(idempotentRequests).set({ owner: null }).where(eq(idempotentRequests.id, id)));
		const response = await server(buyer).post(fields);
		expect(response.status).toBe(303);
		expect(await ordersOf(buyer)).toHaveLength(1);
	});
});

describe('a claim is marked committed with its writes, in their transaction', () => {
	it('not by a transaction that rolled back', async () => {
		const { buyer, fields } = await buyerAtCheckout();
		const id = await claimOfDeadProcess(buyer, fields);
		// A checkout refused inside its transaction (the phone number is wrong) commits nothing.
		await expect(withWriteWitness(claimWitness(id), async () => placeOrders({ userId: buyer.id }, parseCheckoutForm({ ...fields, phone: '12' })))).rejects.toThrow();
		expect((await claimRow(fields.idempotency_key))?.committedAt).toBeNull();
	});

	it('by every transaction the request commits, a single statement too', async () => {
		const { buyer, product, fields } = await buyerAtCheckout();
		const id = await claimOfDeadProcess(buyer, fields);
		await withWriteWitness(claimWitness(id), () => transaction((tx) => tx.delete(cartItems).where(eq(cartItems.productId, product.id))));
		expect((await claimRow(fields.idempotency_key))?.committedAt).toBeInstanceOf(Date);
	});

	it('not by a transaction that changed no row, so a crash after a refusal leaves the write to run again', async () => {
		const { buyer, product, fields } = await buyerAtCheckout();
		const id = await claimOfDeadProcess(buyer, fields);
		// A write that looked, found nothing to do and refused: it read, matched no row, and skipped a duplicate.
		await withWriteWitness(claimWitness(id), () =>
			transaction(async (tx) => {
				await tx.select({ n: count() }).from(orders);
				await tx.update(products).set({ stock: 0 }).where(eq(products.id, product.id + 1_000_000));
				const [cart] = await tx.select().from(cartItems).where(eq(cartItems.userId, buyer.id));
				await tx.insert(cartItems).values(cart).onConflictDoNothing();
			})
		);
		expect((await claimRow(fields.idempotency_key))?.committedAt).toBeNull();

		// The process dies before releasing the key: the replay runs the write, it is not "done".
		await dies(id);
		const app = server(buyer);
		const replay = await app.post(fields);
		expect(app.ran()).toBe(1);
		expect(replay.headers.get('location')).toBe(`/orders/${(await ordersOf(buyer))[0].id}?placed`);
		expect(await stockOf(product)).toBe(8);
	});

	it('not by a throttle count (a refused join code counts a guess, and changes nothing else)', async () => {
		const { buyer, fields } = await buyerAtCheckout();
		const id = await claimOfDeadProcess(buyer, fields);
		await withWriteWitness(claimWitness(id), () => countEvent(limits.joinCode, `user:${buyer.id}`));
		expect((await claimRow(fields.idempotency_key))?.committedAt).toBeNull();
	});

	it('not by storing a photo: a form that dies after its photos, before its own write, has written nothing', async () => {
		const { buyer, fields } = await buyerAtCheckout();
		const id = await claimOfDeadProcess(buyer, fields);
		const photo = asFile(await plainImage(321, 123), 'photo.png', 'image/png');
		// Twice: the second sending of a photo makes the stored one young again, a write of its own.
		for (let i = 0; i < 2; i++) await withWriteWitness(claimWitness(id), () => storePhoto(photo, buyer.id));
		expect((await claimRow(fields.idempotency_key))?.committedAt).toBeNull();
	});

	it('not by reads outside a transaction', async () => {
		const { buyer, fields } = await buyerAtCheckout();
		const id = await claimOfDeadProcess(buyer, fields);
		await withWriteWitness(claimWitness(id), () => db.select({ n: count() }).from(orders));
		expect((await claimRow(fields.idempotency_key))?.committedAt).toBeNull();
	});

	it('a request that failed (5xx) after its write committed keeps the result as its answer', async () => {
		const { buyer, fields } = await buyerAtCheckout();
		const request = checkoutRequest(fields);
		const event = { request, url: new URL(request.url), locals: { user: buyer } } as unknown as RequestEvent;
		await expect(
			idempotentWrites({
				event,
				resolve: async () => {
					await placeOrders({ userId: buyer.id }, parseCheckoutForm(fields));
					throw new Error('the page after the order failed to render');
				}
			})
		).rejects.toThrow();
		const app = server(buyer);
		const replay = await app.post(fields);
		expect(replay.headers.get('location')).toBe(`/orders/${(await ordersOf(buyer))[0].id}?placed`);
		expect(app.ran()).toBe(0);
		expect(await ordersOf(buyer)).toHaveLength(1);
	});
});

it('the claims of this process are owned by its boot', async () => {
	const { buyer, fields } = await buyerAtCheckout();
	await claimOfDeadProcess(buyer, fields);
	expect((await claimRow(fields.idempotency_key))?.owner).toBe(bootId);
});
