// Demo charity: 舒王庄's 村口路灯 project, a month into its fundraising. Named and anonymous cash
// (陈先生, a city customer, gives anonymously), a roll of wire, cement and twelve hours of digging,
// all confirmed by the village's two cadres; ten lamps paid for after approval by the second cadre
// and three days' 公示, with the supplier's receipt and delivery note; the electrician's fee
// approved yesterday and still in its notice period, open to objections; a pledge still waiting
// to be confirmed; and the ledger sealed, so the checkpoint poster has a checkpoint. 柳河村's
// double-ninth dinner for its elders is a second, smaller project. Made through the functions the
// pages call, in the order things happened, with the clock set back; the pay-due and seal jobs
// run as the server would have.
import type { Village } from '$lib/server/platform/db';
import { approveDisbursement, changeProjectState, confirmGift, createProject, payDueDisbursements, pledgeGift, proposeDisbursement, sealLedger } from '$lib/server/charity';
import { parseDisbursementForm, parseGiftForm, parseProjectForm } from '$lib/charity/forms';
import { receiptPhoto, type Receipt } from './receipt-photo.js';

const hour = 60 * 60 * 1000;
const day = 24 * hour;
/** `days` ago at `clock` o'clock in the village (UTC+8): a time of day people do things at. */
const daysAgo = (days: number, clock: number) => new Date(Math.floor(Date.now() / day - days) * day + (clock - 8) * hour);
/** The village's calendar day `days` from today, as a date input posts it. */
const dayOf = (days: number) => new Date(Date.now() + 8 * hour + days * day).toISOString().slice(0, 10);
/** How a receipt writes its date. */
const receiptDate = (date: Date) => {
	const [year, month, dayOfMonth] = new Date(date.getTime() + 8 * hour).toISOString().slice(0, 10).split('-');
	return `${year} 年 ${Number(month)} 月 ${Number(dayOfMonth)} 日`;
};

type Gift = { username: string; fields: Record<string, string>; pledged: Date; confirmedBy?: string; confirmed?: Date };

const cash = (amount: string, method: 'cash' | 'bank_transfer', more: Record<string, string> = {}) => ({ kind: 'money', amount, method, ...more });

export async function seedDemoCharity(villages: { shuwangzhuang: Village; liuhe: Village }, id: (username: string) => number): Promise<void> {
	const give = async (projectId: number, { username, fields, pledged, confirmedBy, confirmed }: Gift) => {
		const gift = await pledgeGift(id(username), projectId, parseGiftForm(fields), pledged);
		if (confirmedBy && confirmed) await confirmGift(id(confirmedBy), gift.id, confirmed);
	};
	const photo = async (receipt: Receipt, name: string) => new File([new Uint8Array(await receiptPhoto(receipt))], name, { type: 'image/jpeg' });

	const lights = await createProject(
		id('cadre'),
		villages.shuwangzhuang.id,
		parseProjectForm({
			title: '村口路灯',
			category: 'infrastructure',
			goal: '18000',
			description:
				'村口到西河桥、再往南到果园这一段有一里多路，一直没有路灯。晚上接孩子放学、去大棚看樱桃都得摸黑走，去年冬天还有人在这里摔伤。\n\n村委会商量，在这段路上装 10 盏 LED 路灯，连灯杆、电线、安装一共大约一万八千元。钱、材料、出工都欢迎，收到的每一笔都记进公开账本，买灯、付工钱都有收据照片，付款前在村广场公示三天，大家可以随时查账、提意见。',
			startsOn: dayOf(-30),
			endsOn: dayOf(60)
		}),
		[],
		daysAgo(30, 9)
	);
	await changeProjectState(id('cadre'), lights, 'fundraising', daysAgo(30, 10));

	// Cash handed to the accountant, or sent to the village's account, and confirmed when it arrived.
	for (const gift of [
		{ username: 'villager', fields: cash('200', 'cash', { message: '早点装上，晚上去大棚不用摸黑了。' }), pledged: daysAgo(29, 19), confirmedBy: 'accountant', confirmed: daysAgo(28, 10) },
		{ username: 'buyer', fields: cash('5000', 'bank_transfer', { anonymous: 'on', reference: '农行 尾号 6217', message: '吃了三年舒王庄的樱桃，为村里出一份力。' }), pledged: daysAgo(27, 21), confirmedBy: 'accountant', confirmed: daysAgo(26, 9) },
		{ username: 'liuchanghe', fields: cash('500', 'cash'), pledged: daysAgo(26, 18), confirmedBy: 'accountant', confirmed: daysAgo(25, 9) },
		{ username: 'zhangguilan', fields: cash('100', 'cash', { message: '一点心意。' }), pledged: daysAgo(25, 16), confirmedBy: 'accountant', confirmed: daysAgo(25, 17) },
		{ username: 'expert', fields: cash('2000', 'bank_transfer', { anonymous: 'on', reference: '邮储 尾号 0532' }), pledged: daysAgo(24, 20), confirmedBy: 'cadre', confirmed: daysAgo(23, 11) },
		// Each cadre's own gift is confirmed by the other.
		{ username: 'cadre', fields: cash('600', 'cash'), pledged: daysAgo(22, 9), confirmedBy: 'accountant', confirmed: daysAgo(22, 10) },
		{ username: 'accountant', fields: cash('600', 'cash'), pledged: daysAgo(22, 9), confirmedBy: 'cadre', confirmed: daysAgo(22, 10) },
		// Gifts beyond money: recorded in the ledger beside the balance, never in it.
		{ username: 'sunyumei', fields: { kind: 'goods', goods: '水泥 10 袋', message: '家里盖房剩下的，立杆打底座用。' }, pledged: daysAgo(20, 12), confirmedBy: 'cadre', confirmed: daysAgo(19, 15) },
		{ username: 'liuhe-cadre', fields: { kind: 'goods', goods: '电线 200 米', message: '柳河村修水渠剩下的，送给邻村。' }, pledged: daysAgo(18, 10), confirmedBy: 'cadre', confirmed: daysAgo(17, 16) }
	])
		await give(lights, gift);
	await sealLedger(villages.shuwangzhuang.id, daysAgo(16, 2));

	// The lamps: proposed by the secretary with the supplier's papers, approved by the accountant
	// with three days' 公示, paid by the job's first run after the notice period ended.
	const lampsBought = daysAgo(15, 16);
	const lamps = parseDisbursementForm({ amount: '6800', payee: '菏泽某灯具厂', purpose: 'LED 路灯 10 盏（含 6 米镀锌灯杆）' });
	const lampReceipts = [
		await photo(
			{
				title: '收据',
				number: '0021457',
				date: receiptDate(lampsBought),
				lines: [
					['今收到', '舒王庄村村民委员会'],
					['交来', 'LED 路灯 10 盏货款'],
					['金额（大写）', '陆仟捌佰元整'],
					['收款单位', '菏泽某灯具厂']
				],
				total: '¥6,800.00',
				stamp: '菏泽某灯具厂'
			},
			'shou-ju.jpg'
		),
		await photo(
			{
				title: '送货单',
				number: '0003318',
				date: receiptDate(lampsBought),
				lines: [
					['收货单位', '舒王庄村村民委员会'],
					['送货地址', '舒王庄村村口']
				],
				items: [
					['LED 路灯头 60W', '10 套', '380', '3,800'],
					['镀锌灯杆 6 米', '10 根', '300', '3,000']
				],
				total: '¥6,800.00',
				stamp: '菏泽某灯具厂'
			},
			'song-huo-dan.jpg'
		)
	];
	const lampsPayment = await proposeDisbursement(id('cadre'), lights, lamps, lampReceipts, lampsBought);
	await approveDisbursement(id('accountant'), lampsPayment, 3, daysAgo(14, 10));
	await payDueDisbursements(daysAgo(11, 10.25));

	for (const gift of [
		{ username: 'liuchanghe', fields: { kind: 'hours', hours: '12', work: '挖坑立杆' }, pledged: daysAgo(10, 18), confirmedBy: 'cadre', confirmed: daysAgo(9, 19) },
		{ username: 'qingshi-cadre', fields: cash('300', 'bank_transfer', { reference: '农商行 尾号 7781', message: '青石村祝贺路灯早日亮起来！' }), pledged: daysAgo(8, 11), confirmedBy: 'accountant', confirmed: daysAgo(7, 10) },
		{ username: 'sunyumei', fields: cash('200', 'cash', { anonymous: 'on' }), pledged: daysAgo(6, 20), confirmedBy: 'accountant', confirmed: daysAgo(5, 9) }
	])
		await give(lights, gift);

	// The electrician's fee, proposed by the accountant this time and approved by the secretary
	// yesterday: in its notice period now, so villagers may still object.
	const wiringDone = daysAgo(2, 17);
	const wiring = parseDisbursementForm({ amount: '1200', payee: '巨野县某电工队', purpose: '路灯接线、安装人工（2 人 3 天）' });
	const wiringReceipt = await photo(
		{
			title: '收据',
			number: '0000892',
			date: receiptDate(wiringDone),
			lines: [
				['今收到', '舒王庄村村民委员会'],
				['交来', '路灯接线、安装人工费'],
				['金额（大写）', '壹仟贰佰元整'],
				['收款人', '巨野县某电工队']
			],
			total: '¥1,200.00',
			stamp: '巨野县某电工队'
		},
		'gong-qian.jpg'
	);
	const wiringPayment = await proposeDisbursement(id('accountant'), lights, wiring, [wiringReceipt], wiringDone);
	await approveDisbursement(id('cadre'), wiringPayment, 3, daysAgo(1, 9));

	// Waiting on the console: a transfer the accountant has not yet seen arrive.
	await give(lights, { username: 'liuhe-cadre', fields: cash('300', 'bank_transfer', { reference: '建行 尾号 4410' }), pledged: new Date(Date.now() - 5 * hour) });
	// The daily seal: the poster's checkpoint covers every entry above.
	await sealLedger(villages.shuwangzhuang.id, new Date(Date.now() - hour));

	// 柳河村: a smaller project, just opened.
	const dinner = await createProject(
		id('liuhe-cadre'),
		villages.liuhe.id,
		parseProjectForm({
			title: '重阳节老人饺子宴',
			category: 'elder_care',
			goal: '3000',
			description: '重阳节那天在村活动室给全村 70 岁以上的老人包一顿饺子，请卫生院的医生来量血压。买面、肉、菜，每位老人再送一箱牛奶。',
			startsOn: dayOf(-3),
			endsOn: dayOf(20)
		}),
		[],
		daysAgo(3, 9)
	);
	await changeProjectState(id('liuhe-cadre'), dinner, 'fundraising', daysAgo(3, 9.5));
	for (const gift of [
		{ username: 'buyer', fields: cash('300', 'bank_transfer', { reference: '工行 尾号 2093', message: '祝老人们节日快乐！' }), pledged: daysAgo(2, 20), confirmedBy: 'liuhe-cadre', confirmed: daysAgo(1, 10) },
		{ username: 'expert', fields: { kind: 'goods', goods: '牛奶 10 箱' }, pledged: daysAgo(2, 21), confirmedBy: 'liuhe-cadre', confirmed: daysAgo(1, 10) }
	])
		await give(dinner, gift);
	await sealLedger(villages.liuhe.id, new Date(Date.now() - hour));
}
