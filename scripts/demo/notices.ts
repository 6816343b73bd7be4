// The demo county's notices: every category, a money table, an open and a closed
// poll, an important notice with acknowledgements, comments and a report. Made
// through the functions the committee pages use; only the times are moved back
// afterwards, so the feed reads like a few months of a real village.
import { asc, eq } from 'drizzle-orm';
import { db, noticeComments, notices, pollVotes, polls, transaction, type Village } from '$lib/server/platform/db';
import { createNotice, noticeViewer } from '$lib/server/notices/notices';
import { acknowledgeNotice, recordRead } from '$lib/server/notices/reads';
import { castVote, findPoll } from '$lib/server/notices/polls';
import { addComment, reportComment } from '$lib/server/notices/comments';
import { samplePhoto } from './sample-photo.js';
import { parseWith } from '$lib/server/platform/forms';
import { commentForm, noticeForm } from '$lib/notices/forms';
import { beijingInputValue } from '$lib/form-fields';

type DemoNotice = {
	village: 'shuwangzhuang' | 'liuhe' | 'qingshi';
	daysAgo: number;
	title: string;
	body: string;
	category: 'affairs' | 'party' | 'notice' | 'event' | 'policy';
	audience?: 'members';
	pinned?: boolean;
	important?: boolean;
	disclosure?: string;
	poll?: { question: string; options: string[]; closesInDays: number; votes: Record<string, number> };
	photos?: [number, number][];
	readBy?: string[];
	acknowledgedBy?: string[];
	comments?: [string, string][];
};

const day = 24 * 60 * 60 * 1000;

const demoNotices: DemoNotice[] = [
	{
		village: 'shuwangzhuang',
		daysAgo: 3,
		title: '关于冬季防火和用气安全的紧急通知',
		category: 'notice',
		audience: 'members',
		pinned: true,
		important: true,
		body: '各位村民：\n\n入冬以来天干物燥，县里已发生两起柴草垛失火。请大家做到：\n- 柴草垛离房屋至少 **5 米**，不在院里烧秸秆\n- 用煤炉取暖的，睡前检查烟道，窗户留缝\n- 燃气灶用完关阀门，老人独居的家里，子女多打电话问问\n\n村委会这周挨家挨户检查，发现隐患当场帮着改。有困难随时到村委会找王书记。',
		readBy: ['villager', 'zhangguilan', 'liuchanghe'],
		acknowledgedBy: ['villager', 'zhangguilan']
	},
	{
		village: 'shuwangzhuang',
		daysAgo: 6,
		title: '2026年第三季度村级财务收支公开',
		category: 'affairs',
		pinned: true,
		body: '根据村务公开制度，现将本村2026年7月至9月的集体收支明细公布如下，接受全体村民监督。\n\n对账目有疑问的，可以到村委会查看原始票据，也可以在下面留言或给书记写信。',
		disclosure: [
			'日期,项目,金额,对方,备注',
			'2026-07-05,集体机动地承包费,18600,刘长河等6户,2026年度',
			'2026-07-12,村东路段硬化,-42300,巨野县鑫路建筑队,发票号 00321',
			'2026-07-30,樱桃合作社分红提留,9800,舒王庄樱桃合作社,',
			'2026-08-08,困难户临时救助,-3000,孙玉梅,经村民代表会议通过',
			'2026-08-20,路灯维修,-1260.50,县供电所,更换灯泡12个',
			'2026-09-02,上级转移支付(村级运转),30000,巨野县财政局,',
			'2026-09-18,村委会办公用品,-486,镇上文具店,打印纸、墨盒',
			'2026-09-27,文化广场保洁,-1800,张桂兰,7-9月每月600元'
		].join('\n'),
		readBy: ['villager', 'liuchanghe'],
		comments: [
			['liuchanghe', '路修得不错，下雨天再也不用蹚泥了。'],
			['villager', '路灯能不能在村西头也装两盏？晚上去地里不方便。']
		]
	},
	{
		village: 'shuwangzhuang',
		daysAgo: 2,
		title: '村东新修道路起名，请大家投票',
		category: 'notice',
		audience: 'members',
		body: '村东头新修的水泥路已经完工，要立路牌，请大家给它起个名字。村委会收集了大家提的三个名字，每户村民都可以投一票，投票截止后按票数最多的定。',
		poll: { question: '村东新路叫什么名字？', options: ['樱桃路', '振兴路', '东环路'], closesInDays: 10, votes: { zhangguilan: 0, liuchanghe: 1 } },
		readBy: ['zhangguilan', 'liuchanghe']
	},
	{
		village: 'shuwangzhuang',
		daysAgo: 40,
		title: '机动地承包方案表决结果',
		category: 'affairs',
		audience: 'members',
		body: '村里12亩机动地的承包方案，已于10月中旬由全体村民投票表决。投票已经截止，结果如下，村委会按多数意见执行。',
		poll: { question: '机动地承包采用哪种方案？', options: ['公开竞价，价高者得', '优先承包给困难户', '交给樱桃合作社统一种'], closesInDays: 7, votes: { villager: 0, zhangguilan: 2, liuchanghe: 0, sunyumei: 1 } },
		readBy: ['villager', 'zhangguilan', 'liuchanghe', 'sunyumei']
	},
	{
		village: 'shuwangzhuang',
		daysAgo: 12,
		title: '樱桃园冬季修剪现场课',
		category: 'event',
		body: '县农业农村局的赵农艺师11月30日上午9点来村里，在刘长河家的樱桃园现场讲冬剪：\n1. 怎么留结果枝\n2. 病枝、徒长枝怎么剪\n3. 剪口怎么涂药防流胶\n\n不用报名，带上剪子直接来。上次的照片放在下面了。',
		photos: [
			[1200, 900],
			[900, 1200]
		],
		readBy: ['villager'],
		comments: [['sunyumei', '去年听过一次，很有用，今年还去！']]
	},
	{
		village: 'shuwangzhuang',
		daysAgo: 20,
		title: '十一月主题党日活动安排',
		category: 'party',
		body: '全体党员：11月主题党日定于11月26日下午2点在村委会二楼会议室举行，内容是学习县里的乡村振兴文件，并讨论明年樱桃产业的打算。因事不能参加的，请提前向王书记请假。'
	},
	{
		village: 'shuwangzhuang',
		daysAgo: 27,
		title: '2026年耕地地力保护补贴开始发放',
		category: 'policy',
		body: '今年的耕地地力保护补贴标准是每亩 **118 元**，直接打到大家的社保卡（一卡通）上。\n\n请在12月10日前核对自己家的承包面积，有出入的带上承包证到村委会登记。补贴政策原文见：https://www.moa.gov.cn/'
	},
	{
		village: 'shuwangzhuang',
		daysAgo: 33,
		title: '11月25日上午停电检修',
		category: 'notice',
		body: '县供电公司通知：11月25日（周二）上午8点到12点，村里的10千伏线路检修，全村停电。请提前做好准备，冷库的樱桃户注意安排好时间。'
	},
	{
		village: 'shuwangzhuang',
		daysAgo: 50,
		title: '65岁以上老人免费体检',
		category: 'event',
		body: '镇卫生院医生12月3日上午到村卫生室，给65岁以上的老人免费体检：量血压、测血糖、做心电图。请带上身份证，早上不要吃饭。行动不便的老人，告诉村委会，我们派车去接。'
	},
	{
		village: 'shuwangzhuang',
		daysAgo: 64,
		title: '2027年度城乡居民医保开始缴费',
		category: 'policy',
		body: '2027年度城乡居民基本医疗保险开始缴费了，每人 **400 元**，截止到12月31日。\n\n可以用手机在“国家医保服务平台”上交，也可以到村委会找张桂兰代缴。低保户、特困人员由政府代缴，不用自己交。'
	},
	{
		village: 'liuhe',
		daysAgo: 4,
		title: '农民画冬季培训班开课了',
		category: 'event',
		pinned: true,
		body: '柳河村农民画室冬季培训班12月1日开课，每周二、周四下午上课，学工笔牡丹的勾线和上色。材料由村里出，免费参加，名额20人，到画室找周主任报名。'
	},
	{
		village: 'liuhe',
		daysAgo: 9,
		title: '10月村务收支公开',
		category: 'affairs',
		body: '柳河村10月份集体收支情况如下，请村民监督。',
		disclosure: ['2026-10-08\t农民画订单提成\t6400\t济南画廊\t', '2026-10-15\t画室取暖煤\t-2100\t镇煤场\t', '2026-10-26\t河堤护栏修补\t-3650\t村民自建\t工时费'].join('\n')
	},
	{
		village: 'liuhe',
		daysAgo: 15,
		title: '小麦冬前管理技术要点',
		category: 'policy',
		body: '入冬前小麦管理记住三件事：\n- 墒情不足的地块，日平均气温 3℃ 左右时浇越冬水\n- 旺长麦田可以镇压控旺\n- 注意防治地下害虫\n\n有问题可以在“问专家”里拍照提问。'
	},
	{
		village: 'liuhe',
		daysAgo: 22,
		title: '党员冬训安排',
		category: 'party',
		body: '今年党员冬训12月中旬开始，共三次集中学习，具体时间另行通知。请各位党员提前安排好时间。'
	},
	{
		village: 'qingshi',
		daysAgo: 5,
		title: '合作社年终分红大会',
		category: 'event',
		body: '青石村山药大蒜合作社年终分红大会定于12月20日上午9点在村文化广场召开，公布全年账目和每户分红，请入社农户带上社员证参加。'
	},
	{
		village: 'qingshi',
		daysAgo: 11,
		title: '大蒜冷库出租通知',
		category: 'notice',
		body: '合作社冷库还有 **30 吨** 空位，本村农户每吨每月 60 元，外村 80 元。需要的到合作社办公室登记。'
	},
	{
		village: 'qingshi',
		daysAgo: 18,
		title: '关于村规民约修订的说明',
		category: 'affairs',
		audience: 'members',
		body: '村规民约修订草案已经贴在村委会公告栏，主要改了红白喜事从简和门前三包两条。请大家在12月5日前提意见。'
	}
];

/** Fills the demo county's notice board; `ids` maps demo usernames to user ids. */
export async function seedDemoNotices(ids: Map<string, number>, villages: Village[]): Promise<void> {
	const id = (username: string) => ids.get(username)!;
	const cadres = { shuwangzhuang: 'cadre', liuhe: 'liuhe-cadre', qingshi: 'qingshi-cadre' };
	const now = Date.now();
	// Oldest first, so ids grow with time as they would have.
	for (const demo of [...demoNotices].sort((a, b) => b.daysAgo - a.daysAgo)) {
		const village = villages.find((v) => v.slug === demo.village)!;
		const photos = await Promise.all(
			(demo.photos ?? []).map(async ([w, h], i) => new File([new Uint8Array(await samplePhoto(w, h))], `photo-${i}.jpg`))
		);
		const input: Record<string, string> = {
			title: demo.title,
			body: demo.body,
			category: demo.category,
			audience: demo.audience ?? 'public',
			pinned: demo.pinned ? 'on' : '',
			important: demo.important ? 'on' : '',
			disclosure: demo.disclosure ?? ''
		};
		if (demo.poll) {
			input.pollQuestion = demo.poll.question;
			input.pollOptions = demo.poll.options.join('\n');
			input.pollClosesAt = beijingInputValue(new Date(now + demo.poll.closesInDays * day));
		}
		const notice = await createNotice(id(cadres[demo.village]), village.id, parseWith(noticeForm, input), photos, 'publish');
		const viewerOf = (username: string) => noticeViewer(id(username), village.id);
		for (const username of demo.readBy ?? []) await recordRead(notice, await viewerOf(username));
		for (const username of demo.acknowledgedBy ?? []) await acknowledgeNotice(notice, await viewerOf(username));
		if (demo.poll) {
			const poll = (await findPoll(notice, await viewerOf(cadres[demo.village])))!;
			for (const [username, choice] of Object.entries(demo.poll.votes)) await castVote(await viewerOf(username), notice, { option: poll.options[choice].id });
		}
		for (const [username, body] of demo.comments ?? []) await addComment(await viewerOf(username), notice, parseWith(commentForm, { body }));
		await backdate(notice.id, new Date(now - demo.daysAgo * day), demo.poll && demo.poll.closesInDays < demo.daysAgo ? demo.poll.closesInDays : null);
	}
	// One comment someone found rude, so the committee's moderation list has something in it.
	const [roadNotice] = await db.select().from(notices).where(eq(notices.title, '2026年第三季度村级财务收支公开')).limit(1);
	const shuwangzhuang = villages.find((v) => v.slug === 'shuwangzhuang')!;
	await addComment(await noticeViewer(id('buyer'), shuwangzhuang.id), roadNotice, parseWith(commentForm, { body: '账目都是假的，谁信啊！！！' }));
	const [rude] = await db.select().from(noticeComments).where(eq(noticeComments.authorId, id('buyer'))).limit(1);
	await reportComment(await noticeViewer(id('zhangguilan'), shuwangzhuang.id), roadNotice, rude.id);
}

/** Moves a demo notice back to when it was posted; a poll that closed "a week after posting" (`closedAfterDays`) is closed now. */
function backdate(noticeId: number, publishedAt: Date, closedAfterDays: number | null): Promise<void> {
	return transaction(async (tx) => {
		await tx.update(notices).set({ createdAt: publishedAt, publishedAt }).where(eq(notices.id, noticeId));
		// Comments came in over the following hours.
		const comments = await tx.select({ id: noticeComments.id }).from(noticeComments).where(eq(noticeComments.noticeId, noticeId)).orderBy(asc(noticeComments.id));
		for (const [index, comment] of comments.entries()) {
			await tx.update(noticeComments).set({ createdAt: new Date(publishedAt.getTime() + (index + 1) * 3 * 60 * 60 * 1000) }).where(eq(noticeComments.id, comment.id));
		}
		if (closedAfterDays === null) return;
		const [poll] = await tx
			.update(polls)
			.set({ closesAt: new Date(publishedAt.getTime() + closedAfterDays * day) })
			.where(eq(polls.noticeId, noticeId))
			.returning({ id: polls.id });
		await tx.update(pollVotes).set({ votedAt: publishedAt }).where(eq(pollVotes.pollId, poll.id));
	});
}
