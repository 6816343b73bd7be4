import type { Village } from '$lib/server/platform/db';
import { answerLetter, publishLetter, replyToLetter, writeLetter } from '$lib/server/notices/letters';
import { parseWith } from '$lib/server/platform/forms';
import { letterForm, letterMessageForm } from '$lib/notices/forms';

const day = 24 * 60 * 60 * 1000;
const daysAgo = (days: number, hour: number) => new Date(Math.floor(Date.now() / day - days) * day + (hour - 8) * 60 * 60 * 1000);

/**
 * 书记信箱 in Shuwangzhuang: 李秀英's letter about the street lights, answered by
 * 王书记 and made public by her, and 张桂兰's private letter still waiting.
 * Written through the same functions the pages use.
 */
export async function seedDemoLetters(village: Village, id: (username: string) => number): Promise<void> {
	const lights = await writeLetter(
		id('villager'),
		parseWith(letterForm, {
			village: village.slug,
			subject: '村东头的路灯坏了半个多月',
			body: '王书记好：\n\n村东头从小卖部到西河桥那一段，三盏路灯坏了半个多月了。晚上接孩子放学、去大棚看樱桃都得摸黑走，前几天张大娘在那儿崴了脚。麻烦村里找人看看，早点修好。'
		}),
		daysAgo(12, 20)
	);
	await answerLetter(
		id('cadre'),
		lights.id,
		parseWith(letterMessageForm, {
			body: '来信收到，谢谢你反映情况。我们第二天就去看了，是线路老化，三个灯头也坏了。已经联系镇供电所，本周四上午来人换线、换灯头，费用由村集体出，不向群众摊派。修好之前，晚上出门请带好手电，注意安全。'
		}),
		daysAgo(11, 9)
	);
	await replyToLetter(
		id('villager'),
		lights.id,
		parseWith(letterMessageForm, { body: '周四已经修好了，晚上亮堂多了，谢谢村委会！\n还想问一句：西河桥往南到果园那段一直没有路灯，能不能也装两盏？' }),
		daysAgo(7, 19)
	);
	await answerLetter(
		id('cadre'),
		lights.id,
		parseWith(letterMessageForm, { body: '西河桥往南那段已经报进镇里今年的“路灯亮化”项目，计划秋收前装上四盏太阳能路灯。开工时间定了会在村广场发通知，请大家留意。' }),
		daysAgo(6, 10)
	);
	await publishLetter(id('villager'), lights.id, daysAgo(6, 18));

	await writeLetter(
		id('zhangguilan'),
		parseWith(letterForm, {
			village: village.slug,
			subject: '请村里帮忙量一下宅基地边界',
			body: '王书记：\n\n我家东院墙和邻居家挨着。去年他家翻盖房子，新墙往我家这边挪了半尺多。两家当面说过几回，一直没说拢，不想为这事伤了和气。想请村委会找个时间，拿着当年的宅基地证来给量一量，做个见证。我白天都在家。'
		}),
		daysAgo(1, 15)
	);
}
