// Demo expert Q&A: the county agronomist 赵志远 (verified by the admin) with accepted answers on
// cherry leaf spot and on black-bone chickens coughing; votes, me-toos and a neighbour's answer;
// a run of chicken questions and me-toos across two villages that makes an outbreak alert; and a
// question about bees, outside every expert's field, nobody answered for three days, so it is on
// the admin's and 舒王庄's consoles as 需要帮助. Made through the functions the pages call, with
// the clock set back, then the escalation and outbreak jobs run as the server would.
import { ensureStartingCrops, listCrops } from '$lib/server/qa/crops';
import { verifyExpert } from '$lib/server/qa/experts';
import { addMeToo, askQuestion } from '$lib/server/qa/questions';
import { acceptAnswer, answerQuestion, voteForAnswer } from '$lib/server/qa/answers';
import { escalateUnanswered } from '$lib/server/qa/escalation';
import { detectOutbreaks } from '$lib/server/qa/outbreak';
import { parseAnswerForm, parseExpertForm, parseQuestionForm } from '$lib/qa/forms';
import { producePhoto } from './produce-photo.js';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

export async function seedDemoQa(id: (username: string) => number): Promise<void> {
	// The seed runs before the server's own start, which would put the list in.
	await ensureStartingCrops();
	const now = Date.now();
	const ago = (ms: number) => new Date(now - ms);
	const crops = new Map((await listCrops()).map((crop) => [crop.name, crop.id]));
	const crop = (name: string) => String(crops.get(name));
	const photo = async (kind: 'sick-leaf' | 'credential', name: string) => new File([new Uint8Array(await producePhoto(kind))], name, { type: 'image/jpeg' });

	const expertForm: Record<string, string> = { username: 'expert', realName: '赵志远', unit: '巨野县农业技术推广站' };
	for (const name of ['樱桃', '小麦', '玉米', '大蒜', '山药', '乌鸡']) expertForm[`crop-${crop(name)}`] = 'on';
	for (const topic of ['disease', 'pests', 'fertilizer', 'planting', 'husbandry']) expertForm[`topic-${topic}`] = 'on';
	await verifyExpert(id('admin'), parseExpertForm(expertForm), await photo('credential', 'zheng-shu.jpg'), ago(60 * day));

	const ask = async (username: string, fields: { title: string; body: string; crop: string; topic: string }, at: Date, files: File[] = []) =>
		askQuestion(id(username), parseQuestionForm({ ...fields, cropId: crop(fields.crop) }), files, at);
	const answer = (username: string, questionId: number, body: string, at: Date) => answerQuestion(id(username), questionId, parseAnswerForm({ body }), [], at);

	// Cherry leaf spot: the expert's answer accepted, a neighbour's too, votes and me-toos.
	const leafSpot = await ask(
		'villager',
		{
			title: '樱桃叶子上长了很多褐色圆斑，是什么病？',
			body: '这几天下过雨，院外几棵樱桃树的叶子上出现褐色小圆斑，边上发黄，有的斑中间穿了孔，叶子开始往下掉。打过一次多菌灵，没见好。',
			crop: '樱桃',
			topic: 'disease'
		},
		ago(9 * day),
		[await photo('sick-leaf', 'ye-zi.jpg')]
	);
	const leafSpotAnswer = await answer(
		'expert',
		leafSpot,
		'从照片看是樱桃褐斑穿孔病，雨多时容易流行。\n1. 把落叶扫干净，烧掉或深埋，减少病菌；\n2. 发病初期喷 70% 代森锰锌可湿性粉剂 600 倍液，或 10% 苯醚甲环唑水分散粒剂 2000 倍液，7 到 10 天一次，连喷 2 到 3 次，几种药轮换着用；\n3. 雨后及时排水，剪掉过密的枝条，让树冠通风透光；\n4. 采果前 20 天停止用药。',
		ago(9 * day - 3 * hour)
	);
	const neighbour = await answer('zhangguilan', leafSpot, '我家去年也是这样，按农技站说的把落叶清了，喷了两遍药就控制住了。', ago(9 * day - 5 * hour));
	await acceptAnswer(id('villager'), leafSpot, leafSpotAnswer, ago(9 * day - 4 * hour));
	for (const username of ['zhangguilan', 'liuchanghe', 'cadre']) await voteForAnswer(id(username), leafSpotAnswer, ago(8 * day));
	await voteForAnswer(id('villager'), neighbour, ago(8 * day));
	for (const username of ['liuchanghe', 'sunyumei']) await addMeToo(id(username), leafSpot, ago(8 * day));

	// Black-bone chickens coughing after the cold snap, in two households of 舒王庄 and pressed by
	// four more (one in 柳河村): six households in three days make an outbreak alert.
	const coughing = await ask(
		'liuchanghe',
		{
			title: '乌鸡咳嗽、甩头，晚上打呼噜，怎么办？',
			body: '养了两百多只乌鸡，这两天降温，有二三十只咳嗽、甩头，晚上能听到呼噜声，精神还行，吃食少了一些。',
			crop: '乌鸡',
			topic: 'disease'
		},
		ago(3 * day)
	);
	const coughingAnswer = await answer(
		'expert',
		coughing,
		'听症状像是降温引起的呼吸道病，常见的是鸡毒支原体（慢性呼吸道病），也要排除传染性支气管炎。\n1. 先保温：鸡舍白天通风，晚上挡风，别让冷风直吹鸡群；\n2. 饮水里加泰乐菌素或多西环素，按说明书用 3 到 5 天；\n3. 病鸡单独隔开，料槽、水槽每天清洗消毒；\n4. 如果出现成批死亡、鸡冠发紫、拉绿色稀便，马上联系县畜牧站，不要自己乱用药，也不要卖病鸡。',
		ago(3 * day - 5 * hour)
	);
	await acceptAnswer(id('liuchanghe'), coughing, coughingAnswer, ago(3 * day - 2 * hour));
	for (const username of ['sunyumei', 'zhangguilan']) await voteForAnswer(id(username), coughingAnswer, ago(2 * day));
	const sneezing = await ask(
		'sunyumei',
		{ title: '一个多月的乌鸡苗打喷嚏、流鼻涕，眼睛肿了', body: '十几只乌鸡苗打喷嚏，鼻子里有黏液，有两只眼睛肿起来了。', crop: '乌鸡', topic: 'disease' },
		ago(2 * day)
	);
	await answer(
		'expert',
		sneezing,
		'像是传染性鼻炎或支原体感染。病鸡隔离，鸡舍保暖、通风，饮水加药（磺胺类或泰乐菌素，按说明书）。用药期间和停药期内的鸡和蛋不要卖。三天不见好转，请带两只病鸡到县畜牧站化验。',
		ago(2 * day - 2 * hour)
	);
	for (const username of ['zhangguilan', 'villager', 'cadre', 'liuhe-cadre']) await addMeToo(id(username), coughing, ago(day));

	// Bees: no expert covers them, and nobody answered in three days.
	await ask(
		'zhangguilan',
		{
			title: '蜜蜂在蜂箱门口成片死掉，怎么回事？',
			body: '家里养了六箱中蜂，前天开始蜂箱门口死了很多，有的在地上爬，翅膀发抖。附近有人给麦子打过药。',
			crop: '蜜蜂',
			topic: 'husbandry'
		},
		ago(3 * day - hour)
	);

	await escalateUnanswered(new Date(now));
	await detectOutbreaks(new Date(now));
}
