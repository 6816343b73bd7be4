import { createAdmin, registerUser } from '$lib/server/auth/accounts';
import { createVillage } from '$lib/server/villages/villages';
import { appointCadre } from '$lib/server/villages/memberships';
import { issueJoinCode, redeemJoinCode } from '$lib/server/villages/join-codes';
import { samplePhoto } from './sample-photo.js';
import { seedDemoNotices } from './notices';
import { seedDemoLetters } from './letters';
import { seedDemoProducts } from './market';
import { seedDemoOrders } from './orders';
import { seedDemoLive } from './live';
import { seedDemoQa } from './qa';
import { seedDemoCharity } from './charity';
import { parseWith } from '$lib/server/platform/forms';
import { registrationForm } from '$lib/auth/forms';
import { appointmentForm, joinCodeForm, villageForm } from '$lib/villages/forms';

export const demoPassword = 'village-demo';
export const demoLogins = ['admin', 'cadre', 'accountant', 'villager', 'expert', 'buyer'];

type Person = { username: string; displayName: string; phone?: string };

const people: Person[] = [
	{ username: 'cadre', displayName: '王书记', phone: '13905301234' },
	// 舒王庄's second cadre: a payment one of them proposes, the other approves (charity's four eyes).
	{ username: 'accountant', displayName: '马会计' },
	{ username: 'villager', displayName: '李秀英', phone: '13705305678' },
	{ username: 'expert', displayName: '赵农艺师' },
	{ username: 'buyer', displayName: '陈先生', phone: '13812345678' },
	{ username: 'zhangguilan', displayName: '张桂兰' },
	{ username: 'liuchanghe', displayName: '刘长河' },
	{ username: 'sunyumei', displayName: '孙玉梅' },
	{ username: 'liuhe-cadre', displayName: '周主任' },
	{ username: 'qingshi-cadre', displayName: '吴书记' }
];

const villageData = [
	{
		slug: 'shuwangzhuang',
		name: '舒王庄村',
		// Its cherries (drawn, not photographed) as the cover; the other villages show the page without one.
		withCover: true,
		county: '山东省菏泽市巨野县',
		story:
			'舒王庄村在巨野县城东南，全村三百多户。村里的大樱桃五月上市，个大汁甜；林下散养的乌鸡是老辈人传下来的品种；手工鸟笼用本地竹子一根根劈、削、弯，一只笼子要做好几天，远销各地。村委会把村务、党务都放在村广场上公开，欢迎大家监督。'
	},
	{
		slug: 'liuhe',
		name: '柳河村',
		county: '山东省菏泽市巨野县',
		story:
			'柳河村沿河而建，种小麦和玉米。农闲时，村里几十位农民画师画工笔牡丹，一幅画从勾线到上色要十几天。村里的画室对外开放，也接受定制。'
	},
	{
		slug: 'qingshi',
		name: '青石村',
		county: '山东省菏泽市巨野县',
		story: '青石村的沙壤地适合种大蒜和山药。每年六月新蒜出土，村里合作社统一分拣、晾晒、发货。'
	}
];

/** A small, realistic county for a fresh install; built through the same functions the pages use. */
export async function seedDemoCounty(): Promise<void> {
	const ids = new Map<string, number>();
	for (const person of people) {
		const user = await registerUser(parseWith(registrationForm, { ...person, password: demoPassword }));
		ids.set(person.username, user.id);
	}
	ids.set('admin', (await createAdmin('admin', demoPassword, '巨野县管理员')).user.id);
	const id = (username: string) => ids.get(username)!;

	const created = [];
	for (const { withCover, ...village } of villageData) {
		const cover = withCover ? new File([new Uint8Array(await samplePhoto(1600, 1200))], 'cherries.jpg') : undefined;
		created.push(await createVillage(id('admin'), parseWith(villageForm, village), cover));
	}
	const [shuwangzhuang, liuhe, qingshi] = created;
	await appointCadre(id('admin'), shuwangzhuang.id, parseWith(appointmentForm, { username: 'cadre', realName: '王建国' }), 'admin');
	await appointCadre(id('admin'), shuwangzhuang.id, parseWith(appointmentForm, { username: 'accountant', realName: '马秀云' }), 'admin');
	await appointCadre(id('admin'), liuhe.id, parseWith(appointmentForm, { username: 'liuhe-cadre', realName: '周立新' }), 'admin');
	await appointCadre(id('admin'), qingshi.id, parseWith(appointmentForm, { username: 'qingshi-cadre', realName: '吴春生' }), 'admin');

	// Villagers joined the way real ones do: a code from the cadre, redeemed on their own phone.
	const villagers = [
		{ username: 'villager', realName: '李秀英' },
		{ username: 'zhangguilan', realName: '张桂兰' },
		{ username: 'liuchanghe', realName: '刘长河' },
		{ username: 'sunyumei', realName: '孙玉梅' }
	];
	for (const { username, realName } of villagers) {
		const { code } = await issueJoinCode(id('cadre'), shuwangzhuang.id, parseWith(joinCodeForm, { forName: realName }));
		await redeemJoinCode(id(username), code, 'demo-seed');
	}
	// One code still waiting for its villager, so the committee page shows an open code.
	await issueJoinCode(id('cadre'), shuwangzhuang.id, parseWith(joinCodeForm, { forName: '赵大爷' }));
	await seedDemoNotices(ids, created);
	await seedDemoLetters(shuwangzhuang, id);
	await seedDemoProducts(ids);
	await seedDemoOrders(id);
	await seedDemoLive(shuwangzhuang.id, id);
	await seedDemoQa(id);
	await seedDemoCharity({ shuwangzhuang, liuhe }, id);
}
