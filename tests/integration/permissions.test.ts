import { describe, expect, it } from 'vitest';
import { isActionFailure, isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { count, eq } from 'drizzle-orm';
import {
	auditLog,
	charityDisbursements,
	charityGifts,
	charityObjections,
	charityProjects,
	ledgerEntries,
	db,
	disclosureRows,
	letterMessages,
	letters,
	liveItems,
	liveSales,
	productPhotos,
	products,
	memberships,
	noticeComments,
	noticeReads,
	notices,
	orderEvents,
	orders,
	pollVotes,
	qaAlertNotices,
	qaAlertQuestions,
	qaAlerts,
	qaAnswers,
	qaCrops,
	qaEdits,
	qaMeToos,
	qaQuestions,
	qaReports,
	qaVotes,
	experts,
	reviews,
	transaction,
	users,
	villages,
	type Product,
	type User,
	type Village
} from '$lib/server/platform/db';
import type { SessionUser } from '$lib/server/auth/session';
import { answerLetter, writeLetter } from '$lib/server/notices/letters';
import { findProduct } from '$lib/server/market/products';
import { makeAdmin, makeCadre, makeNotice, makeProduct, makeUser, makeVillage, makeVillager, productForm, insertProduct, makeSeller } from './factories';
import { addToCart } from '$lib/server/market/cart';
import { placeOrders } from '$lib/server/market/checkout';
import { parseWith } from '$lib/server/platform/forms';
import { letterForm, letterMessageForm } from '$lib/notices/forms';
import { beijingInputValue } from '$lib/form-fields';
import { parseCheckoutForm } from '$lib/market/forms';
import { flashCapField, flashPriceField, itemField, parseScheduleForm, perBuyerField } from '$lib/live/forms';
import { scheduleLiveSale } from '$lib/server/live/schedule';
import { liveEventsAfter } from '$lib/server/live/stream-log';
import { answerQuestion, askQuestion, ensureStartingCrops, listCrops, reportContent } from '$lib/server/qa';
import { parseAnswerForm, parseQuestionForm } from '$lib/qa/forms';
import { approveDisbursement, changeProjectState, confirmGift, createProject, pledgeGift, proposeDisbursement } from '$lib/server/charity';
import { parseDisbursementForm, parseGiftForm, parseProjectForm } from '$lib/charity/forms';
import { asFile, plainImage } from './image-files';
import { postedForm } from '$lib/server/platform/posted-form';

/**
 * Who may run each form action. The test fails when an action exists that this
 * table does not name, so a new action cannot ship without a decision here.
 */
type Rule =
	| 'anyone' // visitors too (login, sign-up, display settings)
	| 'signed-in' // any account, acting on itself
	| 'cadre-of-village' // a cadre of the village the form names
	| 'villager-of-village' // a verified villager (or cadre) of the village the form names
	| 'letter-author' // the writer of the letter in the URL
	| 'letter-cadre' // a cadre of the village of the letter in the URL
	| 'order-party' // the buyer or the seller of the order in the URL
	| 'product-seller' // the seller of the listing in the URL or form; for a cooperative listing, a cadre of its village
	| 'live-host' // the host of the live sale in the URL; for a cooperative sale, any cadre of its village
	| 'question-asker' // the asker of the question in the URL
	| 'answer-author' // the writer of the answer in the URL
	| 'qa-moderator' // the admin, or a cadre of the village the question was asked from
	| 'alert-cadre' // a cadre of a village the outbreak alert in the URL concerns
	| 'charity-cadre' // a cadre of the project's village (or of the village the form names, for a new project)
	| 'gift-donor-or-cadre' // the donor of the pledge the form names, or a cadre of its project's village
	| 'payment-approver' // a cadre of the project's village other than the proposer; the county admin only where the village has one cadre
	| 'payment-steward' // a cadre of the project's village, or the county admin
	| 'project-villager' // a villager (or cadre) of the project's village, while the payment is on notice
	| 'admin';

const rules: Record<string, Rule> = {
	'/login?/default': 'anyone',
	'/register?/default': 'anyone',
	'/me?/settings': 'anyone',
	'/me?/profile': 'signed-in',
	'/me?/password': 'signed-in',
	'/me?/redeem': 'signed-in',
	'/committee?/issueCode': 'cadre-of-village',
	'/committee?/revokeCode': 'cadre-of-village',
	'/committee?/revokeMember': 'cadre-of-village',
	'/committee?/appointCadre': 'cadre-of-village',
	'/admin?/createVillage': 'admin',
	'/admin?/appointCadre': 'admin',
	'/committee/notices/new?/default': 'cadre-of-village',
	'/committee/notices/[id]?/save': 'cadre-of-village',
	'/committee/notices/[id]?/addRows': 'cadre-of-village',
	'/committee/notices/[id]?/removeRow': 'cadre-of-village',
	'/committee/notices/[id]?/delete': 'cadre-of-village',
	// Any account may try; who may vote, acknowledge or comment is the notice's rule, tested in notices.test.ts.
	'/v/[village]/notices/[id]?/acknowledge': 'signed-in',
	'/v/[village]/notices/[id]?/vote': 'signed-in',
	'/v/[village]/notices/[id]?/comment': 'signed-in',
	'/v/[village]/notices/[id]?/reportComment': 'signed-in',
	'/v/[village]/notices/[id]?/hideComment': 'cadre-of-village',
	'/me/letters/new?/default': 'villager-of-village',
	'/me/letters/[id]?/reply': 'letter-author',
	'/me/letters/[id]?/publish': 'letter-author',
	'/me/letters/[id]?/unpublish': 'letter-author',
	'/committee/letters/[id]?/answer': 'letter-cadre',
	// A visitor's cart is a cookie: checking out asks them to sign in.
	'/cart?/add': 'anyone',
	'/cart?/update': 'anyone',
	'/cart?/remove': 'anyone',
	'/checkout?/default': 'signed-in',
	'/orders/[id]?/act': 'order-party',
	'/orders/[id]?/review': 'order-party',
	'/sell/products/new?/default': 'villager-of-village',
	'/sell?/status': 'product-seller',
	'/sell/products/[id]?/save': 'product-seller',
	'/sell/products/[id]?/status': 'product-seller',
	// Any account may try; who may host (a villager, a cadre for the cooperative), buy, be reminded
	// or comment is the live sale's rule, tested in live.test.ts.
	'/live/new?/default': 'signed-in',
	'/live/[id]?/buy': 'signed-in',
	'/live/[id]?/remind': 'signed-in',
	'/live/[id]?/comment': 'signed-in',
	'/live/[id]/host?/start': 'live-host',
	'/live/[id]/host?/end': 'live-host',
	'/live/[id]/host?/cancel': 'live-host',
	'/live/[id]/host?/moment': 'live-host',
	'/live/[id]/host?/pin': 'live-host',
	'/live/[id]/host?/cap': 'live-host',
	'/live/[id]/host?/hide': 'live-host',
	'/live/[id]/host?/mute': 'live-host',
	'/live/[id]/host?/replay': 'live-host',
	'/admin/experts?/verify': 'admin',
	'/admin/experts?/revoke': 'admin',
	'/admin/experts?/addCrop': 'admin',
	// Any account may ask, answer, vote, press me-too and report; voting for oneself or twice,
	// reporting one's own, answering a hidden question are the Q&A's rules, tested in qa.test.ts.
	'/qa/ask?/default': 'signed-in',
	'/qa/[id]?/answer': 'signed-in',
	'/qa/[id]?/vote': 'signed-in',
	'/qa/[id]?/metoo': 'signed-in',
	'/qa/[id]?/report': 'signed-in',
	'/qa/[id]?/accept': 'question-asker',
	'/qa/[id]/edit?/default': 'question-asker',
	'/qa/[id]/answers/[answerId]/edit?/default': 'answer-author',
	'/qa/[id]?/hide': 'qa-moderator',
	'/qa/[id]?/unhide': 'qa-moderator',
	'/qa/reports?/hide': 'qa-moderator',
	'/qa/reports?/dismiss': 'qa-moderator',
	'/qa/alerts/[id]?/notice': 'alert-cadre',
	// Any account may give to a project that takes gifts; a closed project's refusal is charity.test.ts's.
	'/charity/[id]?/give': 'signed-in',
	'/charity/new?/default': 'charity-cadre',
	'/charity/[id]?/state': 'charity-cadre',
	'/charity/[id]?/reverse': 'charity-cadre',
	'/charity/[id]/pay?/default': 'charity-cadre',
	'/charity/[id]?/confirm': 'charity-cadre',
	'/charity/console?/confirm': 'charity-cadre',
	'/charity/[id]?/cancel': 'gift-donor-or-cadre',
	'/charity/console?/cancel': 'gift-donor-or-cadre',
	'/charity/[id]?/approve': 'payment-approver',
	'/charity/console?/approve': 'payment-approver',
	'/charity/[id]?/reject': 'payment-steward',
	'/charity/console?/reject': 'payment-steward',
	'/charity/[id]?/object': 'project-villager',
	'/v/[village]/ledger/poster?/seal': 'cadre-of-village'
};

type Action = (event: RequestEvent) => unknown;
const modules = import.meta.glob<{ actions?: Record<string, Action> }>('/src/routes/**/+page.server.ts', { eager: true });
const actions = new Map<string, Action>();
for (const [file, module] of Object.entries(modules)) {
	const route = file.replace('/src/routes', '').replace(/\/\([^/)]+\)/g, '').replace('/+page.server.ts', '') || '/';
	for (const [name, action] of Object.entries(module.actions ?? {})) actions.set(`${route}?/${name}`, action);
}

function sessionUser(user: User): SessionUser {
	const { id, username, displayName, locale, easyMode, dataSaver, isAdmin } = user;
	return { id, username, displayName, locale, easyMode, dataSaver, isAdmin };
}

type Params = Record<string, string>;

/** Plain fields as a browser sends them; with a file among them, multipart. */
function formBody(form: Record<string, string | File>): URLSearchParams | FormData {
	if (!Object.values(form).some((value) => value instanceof File)) return new URLSearchParams(form as Record<string, string>);
	const body = new FormData();
	for (const [name, value] of Object.entries(form)) body.append(name, value);
	return body;
}

/** A form post as SvelteKit hands it to an action; `[name]` in the route is filled from `params`. */
function postEvent(key: string, user: User | null, form: Record<string, string | File>, params: Params): RequestEvent {
	const path = key.replace(/\?\/.*$/, '').replace(/\[(\w+)\]/g, (_, name: string) => params[name]);
	const url = new URL(`http://127.0.0.1${path}`);
	const jar = new Map<string, string>();
	return {
		request: new Request(url, { method: 'POST', body: formBody(form) }),
		url,
		params,
		route: { id: url.pathname },
		locals: {
			user: user && sessionUser(user),
			session: null,
			locale: 'zh-CN',
			preferences: { easyMode: false, dataSaver: 'auto', savingData: false }
		},
		cookies: {
			get: (name: string) => jar.get(name),
			getAll: () => [...jar].map(([name, value]) => ({ name, value })),
			set: (name: string, value: string) => void jar.set(name, value),
			delete: (name: string) => void jar.delete(name),
			serialize: () => ''
		},
		getClientAddress: () => '127.0.0.1',
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false
	} as unknown as RequestEvent;
}

/**
 * Rules the domain enforces itself (who may write to which village, whose letter it is): a refusal
 * comes back as the form with a message, `refused`, or as `not-found` where the letter is not the
 * user's to touch. Elsewhere a failed form has passed the guard and counts as let through.
 */
const checkedByDomain: Rule[] = [
	'villager-of-village',
	'letter-author',
	'letter-cadre',
	'product-seller',
	'order-party',
	'question-asker',
	'answer-author',
	'qa-moderator',
	'alert-cadre',
	'charity-cadre',
	'gift-donor-or-cadre',
	'payment-approver',
	'payment-steward',
	'project-villager'
];
type Outcome = 'forbidden' | 'to-login' | 'let-through' | 'refused' | 'not-found';

async function run(key: string, user: User | null, [form, params]: [Record<string, string | File>, Params]): Promise<Outcome> {
	try {
		const event = postEvent(key, user, form, params);
		// As the server's hook does for a form with a photo: read it once with room for the file.
		if (Object.values(form).some((value) => value instanceof File)) await postedForm(event.request, { bytes: 1024 * 1024, fieldBytes: 64 * 1024, files: 1, fileBytes: 1024 * 1024 });
		const result = await actions.get(key)!(event);
		if (isActionFailure(result) && checkedByDomain.includes(rules[key])) return result.status === 404 ? 'not-found' : 'refused';
		return 'let-through';
	} catch (error) {
		if (isHttpError(error) && error.status === 403) return 'forbidden';
		if (isRedirect(error) && error.location.startsWith('/login')) return 'to-login';
		if (isRedirect(error)) return 'let-through';
		throw error;
	}
}

/** Rows in every table a refused action could have touched. */
async function footprint(): Promise<number[]> {
	const tables = [
		auditLog, memberships, villages, users, notices, noticeComments, pollVotes, disclosureRows, noticeReads, letters, letterMessages, products, productPhotos, orders, orderEvents, reviews,
		experts, qaCrops, qaQuestions, qaAnswers, qaEdits, qaVotes, qaMeToos, qaReports, qaAlertNotices
	];
	const counts: number[] = [];
	for (const table of tables) counts.push((await db.select({ n: count() }).from(table))[0].n);
	return counts;
}

/**
 * A form that would do real work if the guard let it through, and the route's
 * params: a fresh notice of the village each time, so a delete leaves the next key its own.
 */
async function formFor(key: string, village: Village, target: User): Promise<[Record<string, string>, Params]> {
	const closes = beijingInputValue(new Date(Date.now() + 7 * 24 * 60 * 60 * 1000));
	const notice = key.includes('/notices/[id]') ? await makeNotice(village, target, { pollQuestion: '同意吗？', pollOptions: '同意\n不同意', pollClosesAt: closes }) : null;
	const form = {
		village: village.slug,
		forName: '测试',
		codeId: '1',
		membershipId: '1',
		username: target.username,
		realName: '测试',
		name: '越权村',
		slug: `forbidden-${Date.now()}`,
		county: '巨野县',
		title: '越权的通知',
		body: '越权的内容',
		subject: '越权来信',
		category: 'notice',
		audience: 'public',
		intent: 'publish',
		rows: '2026-01-01,越权,5',
		rowId: '1',
		commentId: '1',
		option: '1'
	};
	if (key.startsWith('/sell')) {
		// A listing of the target's to act on, and a form the listing rules accept, so only the guard can stop it.
		const product = key.includes('/new') ? null : await makeProduct(village, target);
		return [await listingFormFor(village, product), { id: String(product?.id ?? '') }];
	}
	return [form, { village: village.slug, id: String(notice?.id ?? '') }];
}

/** The listing form for a new listing, or the edit form of `product` with its price changed; `to` for the status buttons. */
async function listingFormFor(village: Village, product: Product | null): Promise<Record<string, string>> {
	const current = product && (await findProduct(product.id))!;
	return {
		...productForm(village, { title: '越权的商品', price: '99' }),
		...(current ? { product: String(current.id), stock: String(current.stock), stockSeen: String(current.stock) } : {}),
		to: 'paused'
	};
}

describe('permission matrix', () => {
	it('names every form action that exists', () => {
		expect([...actions.keys()].sort()).toEqual(Object.keys(rules).sort());
	});

	it('a villager of A can do no cadre action in A, nothing in B, and no admin action', async () => {
		const a = await makeVillage();
		const b = await makeVillage();
		const cadreA = await makeCadre(a);
		await makeCadre(b);
		const villagerA = await makeVillager(a, cadreA);
		const villagerB = await makeVillager(b);

		for (const [key, rule] of Object.entries(rules)) {
			if (rule !== 'cadre-of-village' && rule !== 'admin') continue;
			for (const village of [a, b]) {
				const posted = await formFor(key, village, village === a ? villagerA : villagerB);
				const before = await footprint();
				expect([key, village.slug, await run(key, villagerA, posted)]).toEqual([key, village.slug, 'forbidden']);
				expect(await footprint()).toEqual(before);
			}
		}
	});

	it('a cadre of A can act in A but not in B, and visitors are sent to log in', async () => {
		const a = await makeVillage();
		const b = await makeVillage();
		const cadreA = await makeCadre(a);
		const villagerA = await makeVillager(a, cadreA);
		const villagerB = await makeVillager(b);
		for (const [key, rule] of Object.entries(rules)) {
			if (rule === 'cadre-of-village') {
				expect([key, await run(key, cadreA, await formFor(key, a, villagerA))]).toEqual([key, 'let-through']);
				const posted = await formFor(key, b, villagerB);
				const before = await footprint();
				expect([key, await run(key, cadreA, posted)]).toEqual([key, 'forbidden']);
				expect(await footprint()).toEqual(before);
			}
			if (rule === 'admin') expect([key, await run(key, cadreA, await formFor(key, a, villagerA))]).toEqual([key, 'forbidden']);
			if (rule !== 'anyone') expect([key, await run(key, null, await formFor(key, a, villagerA))]).toEqual([key, 'to-login']);
		}
	});

	it('letters: villagers write to their own committee, only the writer adds and publishes, only its cadres answer', async () => {
		const a = await makeVillage();
		const b = await makeVillage();
		const cadreA = await makeCadre(a);
		const cadreB = await makeCadre(b);
		const writer = await makeVillager(a, cadreA);
		const people = { writer, cadreA, cadreB, neighbour: await makeVillager(a, cadreA), villagerB: await makeVillager(b, cadreB), member: await makeUser(), admin: await makeAdmin() };
		// Answered, so that publishing it is allowed to its writer.
		const letter = await writeLetter(writer.id, parseWith(letterForm, { village: a.slug, subject: '路灯', body: '坏了' }));
		await answerLetter(cadreA.id, letter.id, parseWith(letterMessageForm, { body: '周四来修' }));
		const params = { id: String(letter.id) };

		/** Who is let through; everyone else gets `refused` (a message on the form) or `not-found` (the letter is not there for them). */
		const allowed: Partial<Record<Rule, { who: (keyof typeof people)[]; others: Outcome }>> = {
			'villager-of-village': { who: ['writer', 'neighbour', 'cadreA'], others: 'refused' },
			'letter-author': { who: ['writer'], others: 'not-found' },
			'letter-cadre': { who: ['cadreA'], others: 'not-found' }
		};
		for (const [key, rule] of Object.entries(rules)) {
			const expected = allowed[rule];
			if (!expected) continue;
			const names = Object.keys(people) as (keyof typeof people)[];
			// Everyone who may not first, so the letter is still as it was for each of them.
			const [form] = await formFor(key, a, writer);
			for (const name of names.filter((n) => !expected.who.includes(n))) {
				const before = await footprint();
				expect([key, name, await run(key, people[name], [form, params])]).toEqual([key, name, expected.others]);
				expect(await footprint()).toEqual(before);
			}
			for (const name of expected.who) expect([key, name, await run(key, people[name], [form, params])]).toEqual([key, name, 'let-through']);
		}
	});

	it('orders: only its buyer and its seller act on an order; anyone else is told it is not there', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 10 });
		const buyer = await makeUser();
		await addToCart({ userId: buyer.id }, { productId: product.id, quantity: 1 });
		const [orderId] = (await placeOrders({ userId: buyer.id }, parseCheckoutForm({ name: '陈', phone: '13800001111', address: '北京市朝阳区幸福路 8 号', payment: 'later', [`delivery_${seller.id}`]: 'ship' }))).orderIds;
		const params = { id: String(orderId) };
		const people = { stranger: await makeUser(), admin: await makeAdmin(), otherSeller: (await makeSeller()).seller };
		for (const [key, rule] of Object.entries(rules)) {
			if (rule !== 'order-party') continue;
			const form = { action: 'cancel', note: '越权取消', productId: String(product.id), rating: '1' };
			for (const [name, user] of Object.entries(people)) {
				const before = await footprint();
				expect([key, name, await run(key, user, [form, params])]).toEqual([key, name, 'not-found']);
				expect(await footprint()).toEqual(before);
			}
			expect([key, await run(key, null, [form, params])]).toEqual([key, 'to-login']);
		}
		// Its seller may decline it (with a reason); the buyer then cannot review an order that never completed.
		expect(await run('/orders/[id]?/act', seller, [{ action: 'decline', note: '缺货' }, params])).toBe('let-through');
		expect(await run('/orders/[id]?/review', buyer, [{ productId: String(product.id), rating: '5' }, params])).toBe('refused');
	});

	it('live sales: only their host runs a sale from the console; a cooperative sale, its village’s cadres', async () => {
		const a = await makeVillage();
		const cadreA = await makeCadre(a);
		const host = await makeVillager(a, cadreA);
		const product = await insertProduct(a, host, { priceFen: 20_000, stock: 30 });
		const now = Date.now();
		const saleId = await scheduleLiveSale(
			host.id,
			parseScheduleForm(
				{
					title: '直播',
					startsAt: beijingInputValue(new Date(now + 30 * 60 * 1000)),
					plannedEndAt: beijingInputValue(new Date(now + 2 * 60 * 60 * 1000)),
					[itemField(product.id)]: 'on',
					[flashPriceField(product.id)]: '150',
					[flashCapField(product.id)]: '10',
					[perBuyerField(product.id)]: '2'
				},
				a.id
			),
			null
		);
		const params = { id: String(saleId) };
		const people = { cadreA, neighbour: await makeVillager(a, cadreA), cadreB: await makeCadre(await makeVillage()), member: await makeUser(), admin: await makeAdmin() };
		// Every console form refused to everyone but the host, and nothing written; the host's moment goes through.
		for (const [key, rule] of Object.entries(rules)) {
			if (rule !== 'live-host') continue;
			const form = { text: '越权', itemId: '1', flashCap: '5', commentId: '1', userId: String(host.id), replayUrl: 'https://v.example.com/r' };
			for (const [name, user] of Object.entries(people)) {
				const before = await liveFootprint(saleId);
				expect([key, name, await run(key, user, [form, params])]).toEqual([key, name, 'forbidden']);
				expect(await liveFootprint(saleId)).toEqual(before);
			}
		}
		expect(await run('/live/[id]/host?/moment', host, [{ text: '开始了' }, params])).toBe('let-through');
		expect((await liveEventsAfter(saleId, 0)).map((event) => event.kind)).toEqual(['moment']);
	});

	it('listings: only the seller changes their listing; a cooperative listing, only its village’s cadres', async () => {
		const a = await makeVillage();
		const b = await makeVillage();
		const cadreA = await makeCadre(a);
		const cadreB = await makeCadre(b);
		const seller = await makeVillager(a, cadreA);
		const people = { seller, cadreA, cadreA2: await makeCadre(a), neighbour: await makeVillager(a, cadreA), cadreB, member: await makeUser(), admin: await makeAdmin() };
		const names = Object.keys(people) as (keyof typeof people)[];
		for (const [owner, cooperative, who] of [
			[seller, false, ['seller']],
			[cadreA, true, ['cadreA', 'cadreA2']]
		] as const) {
			for (const [key, rule] of Object.entries(rules)) {
				if (rule !== 'product-seller') continue;
				// A fresh listing per key, so a pause by one key leaves the next its own to pause.
				const product = await makeProduct(a, owner, cooperative ? { cooperative: 'on' } : {});
				const params = { id: String(product.id) };
				for (const name of names.filter((n) => !(who as readonly string[]).includes(n))) {
					const before = await footprint();
					expect([key, name, await run(key, people[name], [await listingFormFor(a, product), params])]).toEqual([key, name, 'not-found']);
					expect(await footprint()).toEqual(before);
					expect(await findProduct(product.id)).toEqual(product);
				}
				const [first] = who;
				expect([key, first, await run(key, people[first], [await listingFormFor(a, product), params])]).toEqual([key, first, 'let-through']);
				const after = (await findProduct(product.id))!;
				expect(after.status === 'paused' || after.priceFen === 9900).toBe(true);
			}
		}
	});

	it('Q&A: only the asker accepts and edits the question, only an answer’s writer edits it, only the admin and the village’s cadres hide and handle reports, only the cadres of the villages concerned make an alert a notice', async () => {
		await ensureStartingCrops();
		const cropId = (await listCrops())[0].id;
		const a = await makeVillage();
		const b = await makeVillage();
		const cadreA = await makeCadre(a);
		const cadreB = await makeCadre(b);
		const people = { cadreA, cadreB, neighbour: await makeVillager(a, cadreA), member: await makeUser(), admin: await makeAdmin() };
		/** A new question asked from village A (a new asker each, so no flood limit is met), with an answer, a report on it and an alert. */
		async function scene() {
			const asker = await makeVillager(a, cadreA);
			const answerer = await makeUser();
			const questionId = await askQuestion(asker.id, parseQuestionForm({ title: '樱桃叶子有斑点', body: '', cropId: String(cropId), topic: 'disease' }), []);
			const answerId = await answerQuestion(answerer.id, questionId, parseAnswerForm({ body: '是叶斑病' }), []);
			await reportContent(people.member.id, 'answer', answerId, '广告');
			const [report] = await db.select().from(qaReports).where(eq(qaReports.refId, answerId));
			const alert = await transaction(async (tx) => {
				const [made] = await tx.insert(qaAlerts).values({ county: a.county, cropId, topic: 'disease', households: 5, windowStart: new Date(Date.now() - 7 * 24 * 60 * 60 * 1000) }).returning();
				await tx.insert(qaAlertQuestions).values({ alertId: made.id, questionId });
				return made;
			});
			const form = { answerId: String(answerId), target: 'answer', refId: String(answerId), reportId: String(report.id), title: '樱桃叶子有黑色斑点', body: '是叶斑病，打药', villageId: String(a.id) };
			/** Rows a refused action could have changed without adding any. */
			const state = async () => [
				await footprint(),
				await db.select().from(qaQuestions).where(eq(qaQuestions.id, questionId)),
				await db.select().from(qaAnswers).where(eq(qaAnswers.id, answerId)),
				await db.select().from(qaReports).where(eq(qaReports.id, report.id))
			];
			return { asker, answerer, form, answerId, state, params: { id: String(questionId), answerId: String(answerId) }, alertParams: { id: String(alert.id) } };
		}
		type Scene = Awaited<ReturnType<typeof scene>>;
		const allowed: Partial<Record<Rule, (scene: Scene) => User[]>> = {
			'question-asker': (scene) => [scene.asker],
			'answer-author': (scene) => [scene.answerer],
			'qa-moderator': () => [people.admin, cadreA],
			'alert-cadre': () => [cadreA]
		};
		for (const [key, rule] of Object.entries(rules)) {
			const who = allowed[rule];
			if (!who) continue;
			const paramsOf = (scene: Scene) => (key.startsWith('/qa/alerts') ? scene.alertParams : scene.params);
			// Everyone who may not first, on one scene, so it is still as it was for each of them.
			const shared = await scene();
			const allowedIds = new Set(who(shared).map((user) => user.id));
			const everyone: [string, User][] = [...Object.entries(people), ['asker', shared.asker], ['answerer', shared.answerer]];
			for (const [name, user] of everyone.filter(([, user]) => !allowedIds.has(user.id))) {
				const before = await shared.state();
				expect([key, name, await run(key, user, [shared.form, paramsOf(shared)])]).toEqual([key, name, expect.stringMatching(/^(refused|not-found)$/)]);
				expect(await shared.state()).toEqual(before);
			}
			// Each who may, on a scene of their own (for unhide, one whose answer is hidden).
			for (let i = 0; i < allowedIds.size; i++) {
				const own = await scene();
				if (key.endsWith('unhide')) await transaction((tx) => tx.update(qaAnswers).set({ hiddenAt: new Date() }).where(eq(qaAnswers.id, own.answerId)));
				const user = who(own)[i];
				expect([key, user.username, await run(key, user, [own.form, paramsOf(own)])]).toEqual([key, user.username, 'let-through']);
			}
		}
	});

	it('charity: only the village’s cadres run its projects, confirm and correct; another cadre approves, a cadre or the admin rejects; donors withdraw their own pledge; villagers object', async () => {
		const a = await makeVillage();
		const cadreA = await makeCadre(a);
		const people = { cadreA, cadreA2: await makeCadre(a, '李主任'), neighbour: await makeVillager(a, cadreA), cadreB: await makeCadre(await makeVillage()), member: await makeUser(), admin: await makeAdmin() };
		/** A project of village A taking gifts, with a confirmed gift, a pledge, a proposed payment and one on notice (proposed by cadreA). */
		async function scene() {
			const donor = await makeUser();
			const projectId = await createProject(cadreA.id, a.id, parseProjectForm({ title: '村口路灯', category: 'infrastructure', goal: '20000' }));
			await changeProjectState(cadreA.id, projectId, 'fundraising');
			const given = await pledgeGift(donor.id, projectId, parseGiftForm({ kind: 'money', amount: '500', method: 'cash' }));
			await confirmGift(cadreA.id, given.id);
			// A small gift to reverse: the project still holds it after the payment set aside.
			const small = await pledgeGift(donor.id, projectId, parseGiftForm({ kind: 'money', amount: '20', method: 'cash' }));
			const { seq } = await confirmGift(cadreA.id, small.id);
			const pledge = await pledgeGift(donor.id, projectId, parseGiftForm({ kind: 'money', amount: '50', method: 'cash' }));
			const receipt = asFile(await plainImage(40, 50, 'jpeg'), 'receipt.jpg');
			const proposed = await proposeDisbursement(cadreA.id, projectId, parseDisbursementForm({ amount: '100', payee: '县灯具厂', purpose: '路灯' }), [receipt]);
			const onNotice = await proposeDisbursement(cadreA.id, projectId, parseDisbursementForm({ amount: '100', payee: '县电工队', purpose: '安装' }), [receipt]);
			await approveDisbursement(people.cadreA2.id, onNotice, 3);
			const params = { id: String(projectId) };
			const form = (key: string): Record<string, string | File> => ({
				village: a.slug,
				title: '越权的项目',
				category: 'infrastructure',
				goal: '1000',
				to: 'in_progress',
				seq: String(seq),
				reason: '越权',
				giftId: String(pledge.id),
				paymentId: String(key.endsWith('/object') ? onNotice : proposed),
				noticeDays: '3',
				body: '我有异议',
				amount: '50',
				payee: '越权收款人',
				purpose: '越权',
				...(key.startsWith('/charity/[id]/pay') ? { receipts: receipt } : {})
			});
			/** Everything a refused action could have changed. */
			const state = async () => [
				await db.select().from(charityProjects).where(eq(charityProjects.villageId, a.id)),
				await db.select().from(charityGifts).where(eq(charityGifts.projectId, projectId)),
				await db.select().from(charityDisbursements).where(eq(charityDisbursements.projectId, projectId)),
				(await db.select({ n: count() }).from(charityObjections))[0].n,
				(await db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.villageId, a.id)))[0].n
			];
			return { donor, params, form, state };
		}
		type Scene = Awaited<ReturnType<typeof scene>>;
		const allowed: Partial<Record<Rule, (scene: Scene) => User[]>> = {
			'charity-cadre': () => [cadreA, people.cadreA2],
			'gift-donor-or-cadre': (scene) => [scene.donor, cadreA, people.cadreA2],
			// cadreA proposed it; the admin only approves where a village has one cadre.
			'payment-approver': () => [people.cadreA2],
			'payment-steward': () => [cadreA, people.cadreA2, people.admin],
			// A cadre is a villager of the village too.
			'project-villager': () => [people.neighbour, cadreA, people.cadreA2]
		};
		for (const [key, rule] of Object.entries(rules)) {
			const who = allowed[rule];
			if (!who) continue;
			const shared = await scene();
			const allowedIds = new Set(who(shared).map((user) => user.id));
			const everyone: [string, User][] = [...Object.entries(people), ['donor', shared.donor]];
			for (const [name, user] of everyone.filter(([, user]) => !allowedIds.has(user.id))) {
				const before = await shared.state();
				expect([key, name, await run(key, user, [shared.form(key), shared.params])]).toEqual([key, name, expect.stringMatching(/^(refused|not-found)$/)]);
				expect(await shared.state()).toEqual(before);
			}
			for (let i = 0; i < allowedIds.size; i++) {
				const own = await scene();
				const user = who(own)[i];
				expect([key, user.username, await run(key, user, [own.form(key), own.params])]).toEqual([key, user.username, 'let-through']);
			}
		}
	}, 120_000);

	it('an admin may run admin actions', async () => {
		const village = await makeVillage();
		const admin = await makeAdmin();
		const someone = await makeUser();
		for (const [key, rule] of Object.entries(rules)) {
			if (rule === 'admin') expect([key, await run(key, admin, await formFor(key, village, someone))]).toEqual([key, 'let-through']);
		}
	});
});

/** What a live sale's console could change: the sale, its items, comments, mutes and its log. */
async function liveFootprint(saleId: number): Promise<unknown[]> {
	return [
		await db.select().from(liveSales).where(eq(liveSales.id, saleId)),
		await db.select().from(liveItems).where(eq(liveItems.liveSaleId, saleId)),
		(await liveEventsAfter(saleId, 0)).length
	];
}
