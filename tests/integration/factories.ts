import { db, products, type Notice, type Product, type User, type Village } from '$lib/server/db';
import { createNotice } from '$lib/server/notices/notices';
import { createAdmin, registerUser } from '$lib/server/accounts';
import { createVillage } from '$lib/server/villages/villages';
import { appointCadre } from '$lib/server/villages/memberships';
import { issueJoinCode, redeemJoinCode } from '$lib/server/villages/join-codes';

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const testPassword = 'correct-horse-battery';

export async function makeUser(overrides: { username?: string; password?: string } = {}): Promise<User> {
	return registerUser({
		username: overrides.username ?? `user-${next()}`,
		displayName: '测试用户',
		password: overrides.password ?? testPassword
	});
}

export async function makeAdmin(): Promise<User> {
	return (await createAdmin(`admin-${next()}`, testPassword)).user;
}

export async function makeVillage(): Promise<Village> {
	const admin = await makeAdmin();
	const slug = `v-${next()}`;
	return await createVillage(admin.id, { name: `村${slug}`, slug, county: '巨野县', story: '' });
}

export async function makeCadre(village: Village): Promise<User> {
	const admin = await makeAdmin();
	const user = await makeUser();
	appointCadre(admin.id, village.id, { username: user.username, realName: '王干部' }, 'admin');
	return user;
}

export async function makeVillager(village: Village, cadre?: User): Promise<User> {
	const issuer = cadre ?? (await makeCadre(village));
	const user = await makeUser();
	const { code } = issueJoinCode(issuer.id, village.id, { forName: '李村民' });
	redeemJoinCode(user.id, code, '10.0.0.1');
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
		{ title: `通知 ${next()}`, body: '请大家注意。', category: 'notice', audience: 'public', ...fields },
		options.files ?? [],
		options.intent ?? 'publish'
	);
}

/** A listing inserted directly (the market's read side is tested apart from the listing form): listed unless told otherwise. */
export function makeProduct(village: Village, seller: User, fields: Partial<typeof products.$inferInsert> = {}): Product {
	return db
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
			status: 'listed',
			listedAt: new Date(),
			...fields
		})
		.returning()
		.get();
}
