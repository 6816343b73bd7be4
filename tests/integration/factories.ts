import { products, transaction, type Notice, type Product, type User, type Village } from '$lib/server/platform/db';
import { indexProduct } from '$lib/server/market/search-index';
import { createNotice } from '$lib/server/notices/notices';
import { createProduct } from '$lib/server/market/products';
import { parseCheckoutForm, parseNewListingForm, type ListingIntent, type TeamCheckout, type TeamChoice } from '$lib/market/forms';
import { createAdmin, registerUser } from '$lib/server/auth/accounts';
import { createVillage } from '$lib/server/villages/villages';
import { appointCadre } from '$lib/server/villages/memberships';
import { issueJoinCode, redeemJoinCode } from '$lib/server/villages/join-codes';
import { parseWith } from '$lib/server/platform/forms';
import { registrationForm } from '$lib/auth/forms';
import { noticeForm } from '$lib/notices/forms';
import { appointmentForm, joinCodeForm, villageForm } from '$lib/villages/forms';

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const testPassword = 'correct-horse-battery';

export async function makeUser(overrides: { username?: string; password?: string } = {}): Promise<User> {
	return registerUser(parseWith(registrationForm, {
		username: overrides.username ?? `user-${next()}`,
		displayName: '测试用户',
		password: overrides.password ?? testPassword
	}));
}

export async function makeAdmin(): Promise<User> {
	return (await createAdmin(`admin-${next()}`, testPassword)).user;
}

export async function makeVillage(): Promise<Village> {
	const admin = await makeAdmin();
	const slug = `v-${next()}`;
	return await createVillage(admin.id, parseWith(villageForm, { name: `村${slug}`, slug, county: '巨野县', story: '' }));
}

export async function makeCadre(village: Village, realName = '王干部'): Promise<User> {
	const admin = await makeAdmin();
	const user = await makeUser();
	await appointCadre(admin.id, village.id, parseWith(appointmentForm, { username: user.username, realName }), 'admin');
	return user;
}

export async function makeVillager(village: Village, cadre?: User): Promise<User> {
	const issuer = cadre ?? (await makeCadre(village));
	const user = await makeUser();
	const { code } = await issueJoinCode(issuer.id, village.id, parseWith(joinCodeForm, { forName: '李村民' }));
	await redeemJoinCode(user.id, code, '10.0.0.1');
	return user;
}

/** A published notice (or a draft) as a cadre posts it through the committee form. */
export async function makeNotice(
	village: Village,
	cadre: User,
	fields: Record<string, string> = {},
	options: { files?: File[]; intent?: 'publish' | 'draft' } = {}
): Promise<Notice> {
	return createNotice(
		cadre.id,
		village.id,
		parseWith(noticeForm, { title: `通知 ${next()}`, body: '请大家注意。', category: 'notice', audience: 'public', ...fields }),
		options.files ?? [],
		options.intent ?? 'publish'
	);
}

/** The listing form as a villager fills it in: 50 斤 of cherries at ¥12.50, shipped for ¥8. */
export function productForm(village: Village, fields: Record<string, string> = {}): Record<string, string> {
	return {
		village: village.slug,
		title: `樱桃 ${next()}`,
		description: '自家大棚的红灯樱桃，当天摘当天发。',
		category: 'fruit',
		unit: 'jin',
		price: '12.50',
		stock: '50',
		minOrder: '1',
		shipping: 'on',
		shipFee: '8',
		...fields
	};
}

/** A listing (or a draft) as its seller posts it through the new-product form. */
export async function makeProduct(
	village: Village,
	seller: User,
	fields: Record<string, string> = {},
	options: { files?: File[]; intent?: ListingIntent } = {}
): Promise<Product> {
	return createProduct(seller.id, parseNewListingForm(productForm(village, fields)), options.files ?? [], options.intent ?? 'list');
}

/** The checkout form of a 拼团 as the page posts it (its team and product included), read by the page's parser. */
export function teamCheckout(productId: number, choice: TeamChoice, fields: Record<string, string>): TeamCheckout {
	const command = parseCheckoutForm({ ...fields, product: String(productId), team: choice.kind === 'new' ? 'new' : String(choice.teamId) });
	return { ...command, team: command.team! };
}

/**
 * A listing written straight to the table, for tests of what happens after listing
 * (search, orders, teams): any column, including ones the form never sets. Listed unless told otherwise.
 */
export async function insertProduct(village: Village, seller: User, fields: Partial<typeof products.$inferInsert> = {}): Promise<Product> {
	return transaction(async (tx) => {
		const [product] = await tx
			.insert(products)
			.values({
				villageId: village.id,
				sellerId: seller.id,
				title: `产品 ${next()}`,
				description: '自家种的，新鲜。',
				category: 'other',
				unit: 'jin',
				priceFen: 1000,
				stock: 100,
				shipping: true,
				shipFeeFen: 800,
				pickup: true,
				pickupPlace: '村委会门口',
				pickupTime: '每天下午 4 点后',
				status: 'listed',
				listedAt: new Date(),
				...fields
			})
			.returning();
		await indexProduct(tx, product.id);
		return product;
	});
}

/** A verified villager of a fresh village: someone who may sell there. */
export async function makeSeller(): Promise<{ seller: User; village: Village }> {
	const village = await makeVillage();
	return { seller: await makeVillager(village), village };
}
