// Issue 11, items 3, 4 and 10: numbers and text as people (and attackers) type them.
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { db, users, type User } from '$lib/server/platform/db';
import { addToCart, readCart } from '$lib/server/market/cart';
import { parseAddToCartForm } from '$lib/market/forms';
import { registerUser } from '$lib/server/auth/accounts';
import { writeLetter } from '$lib/server/notices/letters';
import { insertProduct, makeCadre, makeNotice, makeProduct, makeSeller, makeUser, makeVillager, testPassword } from './factories';
import { refusal } from './refusal';
import { load as publishedLettersLoad } from '../../src/routes/(notices)/v/[village]/letters/+page.server';
import { load as myLetterLoad } from '../../src/routes/(account)/me/letters/[id]/+page.server';
import { parseWith } from '$lib/server/platform/forms';
import { registrationForm } from '$lib/auth/forms';
import { letterForm } from '$lib/notices/forms';

describe('quantities from the cart form (item 10)', () => {
	it('refuses a negative, hex, exponent or fractional quantity and leaves the cart as it was', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 100 });
		const me = { userId: (await makeUser()).id };
		await addToCart(me, { productId: product.id, quantity: 5 });
		for (const typed of ['-1', '0x1f', '1e1', '1.5', 'Infinity', '0', ' - 1', '99999999999999999999']) {
			await refusal(() => addToCart(me, parseAddToCartForm({ productId: String(product.id), quantity: typed })));
			expect(await readCart(me), typed).toEqual([{ productId: product.id, quantity: 5 }]);
		}
	});

	it('adds the minimum when the field is left empty, and full-width digits as digits', async () => {
		const { seller, village } = await makeSeller();
		const product = await insertProduct(village, seller, { stock: 100, minOrder: 2 });
		const me = { userId: (await makeUser()).id };
		await addToCart(me, parseAddToCartForm({ productId: String(product.id), quantity: '' }));
		await addToCart(me, parseAddToCartForm({ productId: String(product.id), quantity: '３' }));
		expect(await readCart(me)).toEqual([{ productId: product.id, quantity: 5 }]);
	});
});

describe('prices (item 10)', () => {
	it('refuses a unit price or shipping fee so large that an order of the whole stock would not be a safe integer of fen', async () => {
		const { seller, village } = await makeSeller();
		expect((await refusal(() => makeProduct(village, seller, { price: '1000000.01' }))).message).toBe('单价最多 1,000,000 元。');
		await refusal(() => makeProduct(village, seller, { shipFee: '1000000.01' }));
		expect((await makeProduct(village, seller, { price: '1000000', stock: '1000000' })).priceFen).toBe(100_000_000);
	});
});

describe('typed text (item 4)', () => {
	it('stores a display name without its bidi override, and refuses one that is only invisible', async () => {
		const user = await registerUser(parseWith(registrationForm, { username: `bidi-${Date.now()}`, displayName: '陈先生\u202E', password: testPassword }));
		const [stored] = await db.select().from(users).where(eq(users.id, user.id));
		expect(stored.displayName).toBe('陈先生');
		const refused = await refusal(() => registerUser(parseWith(registrationForm, { username: `zw-${Date.now()}`, displayName: '\u200B\u2066\u2069', password: testPassword })));
		expect(refused.message).toBe('请填写昵称。');
	});

	it('cleans a notice title to one line and its body to lines, and refuses an invisible title as missing', async () => {
		const { village } = await makeSeller();
		const cadre = await makeCadre(village);
		const notice = await makeNotice(village, cadre, { title: '停水\u0000通知\u001b[2J', body: '明天\r\n停水\u200B\u202E\t一天' });
		expect(notice.title).toBe('停水通知');
		expect(notice.body).toBe('明天\n停水\t一天');
		expect((await refusal(() => makeNotice(village, cadre, { title: '\u200B\uFEFF' }))).message).toBe('请写标题。');
	});

	it('cleans a listing and a letter the same way', async () => {
		const { seller, village } = await makeSeller();
		const product = await makeProduct(village, seller, { title: '苹果\u202E\u200B', description: '甜\r\n脆\u0007', pickup: 'on', pickupPlace: '村口\u2067', pickupTime: '下午' });
		expect([product.title, product.description, product.pickupPlace]).toEqual(['苹果', '甜\n脆', '村口']);
		const villager = await makeVillager(village);
		const letter = await writeLetter(villager.id, parseWith(letterForm, { village: village.slug, subject: '路灯\u202E坏了', body: '第一行\r\n\u0000第二行' }));
		expect(letter.subject).toBe('路灯坏了');
		expect((await refusal(() => writeLetter(villager.id, parseWith(letterForm, { village: village.slug, subject: '\u200B', body: '有内容' })))).message).toBe('请写上事由。');
	});
});

function pageEvent(path: string, user: User | null, params: Record<string, string>) {
	const url = new URL(`http://127.0.0.1${path}`);
	return {
		url,
		params,
		request: new Request(url),
		locals: { user: user && { id: user.id, username: user.username, displayName: user.displayName, locale: 'zh-CN', easyMode: false, dataSaver: false, isAdmin: false }, preferences: { easyMode: false, dataSaver: false } }
	} as unknown as RequestEvent & Parameters<typeof publishedLettersLoad>[0] & Parameters<typeof myLetterLoad>[0];
}

describe('route and query parameters (item 3)', () => {
	it('reads a hostile ?page= of the published letters as the first page', async () => {
		const { village } = await makeSeller();
		for (const page of ['Infinity', '1e309', '99999999999999999999', '-1', '0x1f', 'NaN'])
			expect((await publishedLettersLoad(pageEvent(`/v/${village.slug}/letters?page=${page}`, null, { village: village.slug })))!.pageNumber, page).toBe(1);
	});

	it('shows no saved notice for a ?saved= that names a property of every object', async () => {
		const { village } = await makeSeller();
		const villager = await makeVillager(village);
		const letter = await writeLetter(villager.id, parseWith(letterForm, { village: village.slug, subject: '问题', body: '内容' }));
		for (const saved of ['__proto__', 'constructor', 'toString'])
			expect((await myLetterLoad(pageEvent(`/me/letters/${letter.id}?saved=${saved}`, villager, { id: String(letter.id) })))!.notice, saved).toBeFalsy();
		expect((await myLetterLoad(pageEvent(`/me/letters/${letter.id}?saved=sent`, villager, { id: String(letter.id) })))!.notice?.section).toBe('letter');
	});
});
