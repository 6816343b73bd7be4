// The fixture of bench/notice-feed.js: a county-sized SQLite file (villages, cadres, villagers,
// notices with photos, reads, polls and disclosure tables), migrated with the project's own
// migrations and filled in one pass.
//
// Rows go in through raw prepared statements, not the app's domain functions: createNotice()
// and friends validate, audit and write one notice per transaction, which would take an hour
// for a million notices. This file is a fixture generator; what the benchmark measures (the
// feed and the page) runs the app's real code on top of it.
import { seededRandom } from '../scripts/seeded-random.js';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

/**
 * @typedef {object} FixtureOptions
 * @property {number} villages
 * @property {number} notices
 * @property {string} migrationsFolder
 * @property {number} now ms since the epoch; notices are published over the three years before it
 * @property {(message: string) => void} progress
 */
/**
 * @typedef {object} FixtureVillage
 * @property {number} id
 * @property {string} slug
 * @property {string} name
 * @property {number} weight share of notices and of traffic, Zipf-like (sums to 1 over all villages)
 * @property {number} cadreId
 * @property {number[]} villagerIds current, verified villagers
 * @property {number} published how many of its notices are published
 */
/**
 * @typedef {object} Fixture
 * @property {FixtureVillage[]} villages by id - 1
 * @property {Record<string, number>} counts rows per table, and notices by status
 * @property {{ min: number, median: number, max: number, busiest: string }} perVillage published notices per village
 * @property {number} zipfExponent
 */

/** Villages' shares of notices and visits fall off as rank^-s: s = 0.75 gives the busiest about
 * 3 % of everything (≈ 30 posts a day at a million notices) and the median one a post a fortnight. */
const ZIPF_EXPONENT = 0.75;
export const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;
const NOTICES_PER_TRANSACTION = 20_000;
/** Bench users can never sign in: this is no argon2 hash of anything. */
export const NO_PASSWORD = '$bench$no-login';


/** @template T @param {() => number} random @param {readonly T[]} list @returns {T} */
export const pick = (random, list) => list[Math.floor(random() * list.length)];

/** @param {() => number} random @param {number} min @param {number} max inclusive */
export const between = (random, min, max) => min + Math.floor(random() * (max - min + 1));

/**
 * A sampler over weights that sum to 1: binary search on the running total.
 * @param {Float64Array} weights
 * @returns {(random: () => number) => number} an index, chosen with its weight's probability
 */
export function weightedSampler(weights) {
	const cumulative = new Float64Array(weights.length);
	let total = 0;
	for (let i = 0; i < weights.length; i++) cumulative[i] = total += weights[i];
	return (random) => {
		const r = random() * total;
		let low = 0;
		let high = cumulative.length - 1;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (cumulative[mid] < r) low = mid + 1;
			else high = mid;
		}
		return low;
	};
}

// Village names as they are in Shandong: an optional direction, a family name, a kind of place.
const DIRECTIONS = [['', ''], ['东', 'dong'], ['西', 'xi'], ['南', 'nan'], ['北', 'bei'], ['前', 'qian'], ['后', 'hou'], ['大', 'da'], ['小', 'xiao'], ['上', 'shang'], ['下', 'xia']];
export const FAMILIES = [
	['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['赵', 'zhao'], ['黄', 'huang'],
	['周', 'zhou'], ['吴', 'wu'], ['徐', 'xu'], ['孙', 'sun'], ['胡', 'hu'], ['朱', 'zhu'], ['高', 'gao'], ['林', 'lin'],
	['何', 'he'], ['郭', 'guo'], ['马', 'ma'], ['罗', 'luo'], ['梁', 'liang'], ['宋', 'song'], ['郑', 'zheng'], ['谢', 'xie'],
	['韩', 'han'], ['唐', 'tang'], ['冯', 'feng'], ['于', 'yu'], ['董', 'dong'], ['程', 'cheng'], ['曹', 'cao'], ['袁', 'yuan'],
	['邓', 'deng'], ['许', 'xu'], ['傅', 'fu'], ['沈', 'shen'], ['曾', 'zeng'], ['彭', 'peng'], ['吕', 'lv'], ['田', 'tian']
];
const PLACES = [
	['庄', 'zhuang'], ['家村', 'jiacun'], ['楼', 'lou'], ['集', 'ji'], ['屯', 'tun'], ['营', 'ying'], ['寨', 'zhai'], ['店', 'dian'],
	['坊', 'fang'], ['湾', 'wan'], ['桥', 'qiao'], ['庙', 'miao'], ['洼', 'wa'], ['岗', 'gang'], ['坡', 'po'], ['官庄', 'guanzhuang']
];
const COUNTIES = ['巨野县', '郓城县', '鄄城县', '单县', '成武县', '曹县', '定陶区', '东明县', '牡丹区'];
export const GIVEN = ['建国', '秀英', '玉兰', '志强', '桂芳', '德福', '春梅', '海燕', '永刚', '淑珍', '明亮', '红霞', '卫东', '丽娟', '国庆', '凤英'];

/** @param {() => number} random @param {number} count */
function villageNames(random, count) {
	/** @type {{ name: string, slug: string }[]} */
	const all = [];
	for (const [d, dp] of DIRECTIONS) for (const [f, fp] of FAMILIES) for (const [p, pp] of PLACES) all.push({ name: `${d}${f}${p}`, slug: `${dp}${fp}${pp}` });
	for (let i = all.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[all[i], all[j]] = [all[j], all[i]];
	}
	/** @type {Set<string>} */
	const slugs = new Set();
	/** @type {{ name: string, slug: string }[]} */
	const chosen = [];
	for (let i = 0; chosen.length < count; i++) {
		// Past the 7,040 combinations, numbered villages: 王庄二村, as real ones are split.
		const round = Math.floor(i / all.length);
		const base = all[i % all.length];
		const name = round === 0 ? base.name : `${base.name}${'一二三四五六七八九十'[round % 10]}村`;
		let slug = round === 0 ? base.slug : `${base.slug}-${round + 1}`;
		// 徐 and 许 are both "xu": the second one gets a number, as a county admin would do.
		for (let n = 2; slugs.has(slug); n++) slug = `${base.slug}-${n}`;
		slugs.add(slug);
		chosen.push({ name, slug });
	}
	return chosen;
}

/** @typedef {'affairs' | 'party' | 'notice' | 'event' | 'policy'} Category */
/** @type {[Category, number][]} how often each kind of notice is posted */
const CATEGORY_SHARES = [['affairs', 0.25], ['party', 0.15], ['notice', 0.35], ['event', 0.15], ['policy', 0.1]];

/** @type {Record<Category, string[]>} */
const TITLES = {
	affairs: ['{村}{月}村级财务收支公开', '关于{村}道路硬化工程资金使用情况的公示', '{村}低保评议结果公示', '{村}集体土地承包费收缴情况公开', '关于宅基地审批情况的公示'],
	party: ['{月}主题党日活动安排', '关于开展党员冬训的通知', '{村}党支部换届选举公告', '党费收缴情况公示', '学习贯彻党的会议精神专题会'],
	notice: ['{村}停水通知', '关于秸秆禁烧的紧急通知', '关于集中收缴新农合的通知', '防汛值班安排', '村委会办公时间调整通知', '关于开展人口普查入户登记的通知'],
	event: ['{村}樱桃采摘节报名啦', '重阳节敬老宴邀请', '农民丰收节文艺汇演', '村篮球赛报名通知', '{月}免费义诊进村'],
	policy: ['{年}年耕地地力保护补贴发放说明', '城乡居民医保缴费政策解读', '农村危房改造补助申请指南', '高龄津贴申领办法', '农机购置补贴政策问答']
};

/** A handful of bodies, a few hundred characters each, in the formatting notices use (lists, bold). */
/** @type {Record<Category, string[]>} */
const BODIES = {
	affairs: [
		'根据村务公开制度，现将{村}{月}村级财务收支情况公布如下，请全体村民监督。\n\n**收入部分**\n- 集体土地承包费：{金额}元\n- 上级转移支付：{金额}元\n- 樱桃园租金：{金额}元\n\n**支出部分**\n- 村内道路维修：{金额}元\n- 路灯电费及维护：{金额}元\n- 保洁员工资：{金额}元\n- 办公用品及报刊：{金额}元\n\n以上收支均有原始凭证，经村务监督委员会审核无误。村民如有疑问，可在公示之日起七日内到村委会查阅凭证，或拨打村务监督委员会电话反映，也可以在本页面给村委会写信。公示期满无异议的，按程序归档。',
		'经村民代表大会讨论通过，{村}东西主街及三条胡同道路硬化工程已于{日期}完工并通过乡镇验收。现将资金使用情况公示如下：\n\n1. 工程总造价{金额}元，其中上级“一事一议”奖补资金{金额}元，村集体自筹{金额}元，村民自愿捐款{金额}元；\n2. 施工单位由乡镇公开招标确定，合同及验收单在村委会公开栏张贴；\n3. 捐款名单另行张榜公布，感谢大家对村里建设的支持。\n\n公示期为七天。对资金使用有疑问的村民，请到村委会查阅账目，村务监督委员会全程陪同解答。'
	],
	party: [
		'各位党员同志：\n\n定于{日期}上午九点在村党群服务中心召开{月}主题党日活动，请全体党员准时参加，不能参加的请提前向支部书记请假。\n\n**活动内容**\n1. 重温入党誓词；\n2. 集中学习上级会议精神和有关文件；\n3. 通报本村近期重点工作，听取党员对村里发展的意见和建议；\n4. 收缴本季度党费；\n5. 组织党员志愿者清理村内卫生死角。\n\n年老体弱、行动不便的党员，支部安排专人上门送学。请大家带好笔记本和党员证。'
	],
	notice: [
		'全体村民：\n\n因供水管网改造，{村}将于{日期}早上七点至下午六点停止供水，请各户提前做好储水准备。施工期间主街部分路段封闭，车辆请绕行村北道路。\n\n如遇特殊情况，停水时间可能延长，村委会将通过本页面和村内广播及时通知。家中有老人、病人需要用水困难的，请联系网格员，村里安排人员送水上门。给大家带来的不便，敬请谅解。',
		'近期天气干燥，正值秋收，为防止焚烧秸秆引发火灾和污染空气，根据乡镇统一部署，现通知如下：\n\n- 严禁在田间地头、房前屋后焚烧秸秆、树叶和垃圾；\n- 秸秆请送到村西收储点，由合作社统一粉碎还田或回收，每亩补贴{金额}元；\n- 各网格员负责本片巡查，发现火情立即扑灭并报告；\n\n对违规焚烧的，将按有关规定处理，并取消当年评先评优资格。请大家互相转告，特别是告诉家里不用手机的老人。'
	],
	event: [
		'{村}第五届樱桃采摘节将于{日期}开幕，欢迎村民和城里的朋友来采摘游玩！\n\n**活动安排**\n- 上午：开幕式、秧歌表演、樱桃品鉴；\n- 下午：采摘比赛、农产品集市、直播带货；\n- 晚上：露天电影。\n\n有意在集市上摆摊的农户，请于三天内到村委会报名，摊位免费，名额有限。需要帮忙拍照、上架产品的村民，可以找驻村第一书记和大学生志愿者。活动期间请注意交通安全，车辆统一停放在村小学操场。'
	],
	policy: [
		'根据上级文件，{年}年耕地地力保护补贴开始发放，现将有关事项说明如下：\n\n1. 补贴对象为拥有承包经营权的农户，按确权面积发放，每亩{金额}元；\n2. 补贴资金通过“一卡通”直接打到农户账户，不收任何费用；\n3. 面积有变动、银行卡丢失或更换的，请带身份证和户口本到村委会登记；\n4. 发放名单在村务公开栏张贴七天，有疑问的可以当面核对。\n\n请大家注意防范诈骗：村干部和银行工作人员不会通过电话索要密码和验证码。不会操作手机查询到账情况的老人，可以到村委会请工作人员帮忙。'
	]
};

const POLL_QUESTIONS = ['村口路灯安装在哪一侧？', '今年采摘节在哪个周末办？', '村内垃圾清运改为每天一次还是两天一次？', '新修的文化广场叫什么名字？'];

/**
 * @param {string} template
 * @param {() => number} random
 * @param {string} village
 * @param {Date} when
 */
function fillIn(template, random, village, when) {
	return template
		.replaceAll('{村}', village)
		.replaceAll('{年}', String(when.getUTCFullYear()))
		.replaceAll('{月}', `${when.getUTCMonth() + 1}月`)
		.replaceAll('{日期}', `${when.getUTCMonth() + 1}月${when.getUTCDate()}日`)
		.replace(/\{金额\}/g, () => (between(random, 200, 2_000_00) / 10).toFixed(1));
}

/**
 * Creates the file's tables with the project's migrations and fills it.
 * @param {string} file
 * @param {FixtureOptions} options
 * @returns {Fixture}
 */
export function buildFixture(file, options) {
	const random = seededRandom(4);
	return fillDatabaseFile(file, options, (sqlite) => fill(sqlite, random, options));
}

/**
 * Migrates a new SQLite file, runs `fill` on it as fast as SQLite goes, checks its references
 * and leaves it as the server would (WAL). Also makes bench/qa-search-fixture.js's file.
 * @template T
 * @param {string} file
 * @param {{ migrationsFolder: string, progress: (message: string) => void }} options
 * @param {(sqlite: Database.Database) => T} fill
 * @returns {T}
 */
export function fillDatabaseFile(file, { migrationsFolder, progress }, fill) {
	const sqlite = new Database(file);
	try {
		// The same migrator and folder the server runs at start (src/lib/server/platform/db/index.ts).
		migrate(drizzle(sqlite), { migrationsFolder });
		// Nothing here needs to survive a crash: no journal, no fsync, a big page cache, and no
		// foreign-key checks per row (the generator keeps references right; checked at the end).
		sqlite.pragma('journal_mode = OFF');
		sqlite.pragma('synchronous = OFF');
		sqlite.pragma('cache_size = -1000000');
		sqlite.pragma('temp_store = MEMORY');
		sqlite.pragma('foreign_keys = OFF');
		const fixture = fill(sqlite);
		progress('checking foreign keys');
		const broken = sqlite.pragma('foreign_key_check');
		if (Array.isArray(broken) && broken.length > 0) throw new Error(`fixture has ${broken.length} broken references, e.g. ${JSON.stringify(broken[0])}`);
		// As the server leaves it: WAL (set at every open by src/lib/server/platform/db/index.ts).
		sqlite.pragma('journal_mode = WAL');
		return fixture;
	} finally {
		sqlite.close();
	}
}

/**
 * Villages with Zipf-like shares of the activity, a cadre each and from a handful to about seventy
 * villagers (one in twenty of them moved away: revoked), as users 1, 2, 3…; bench/qa-search-fixture.js
 * makes its county with it too.
 * @param {Database.Database} sqlite
 * @param {() => number} random
 * @param {{ villages: number, start: number, progress: (message: string) => void }} options `start`: ms since the epoch, a year after the villages joined
 * @param {Record<string, number>} counts villages, users, memberships and revokedMemberships are counted here
 * @returns {{ villages: FixtureVillage[], formerVillagers: number[][], weights: Float64Array }}
 */
export function addVillages(sqlite, random, { villages: count, start, progress }, counts) {
	// Zipf-like shares, handed out to villages in a shuffled order so id says nothing about size.
	const weights = new Float64Array(count);
	const ranks = Array.from({ length: count }, (_, i) => i);
	for (let i = ranks.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[ranks[i], ranks[j]] = [ranks[j], ranks[i]];
	}
	let weightTotal = 0;
	for (let i = 0; i < count; i++) weightTotal += weights[i] = (ranks[i] + 1) ** -ZIPF_EXPONENT;
	for (let i = 0; i < count; i++) weights[i] /= weightTotal;
	const maxWeight = Math.max(...weights);

	const insertVillage = sqlite.prepare('INSERT INTO villages (id, slug, name, county, story, created_at) VALUES (?, ?, ?, ?, ?, ?)');
	const insertUser = sqlite.prepare('INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
	const insertMembership = sqlite.prepare(
		'INSERT INTO memberships (user_id, village_id, role, real_name, verified_by, verified_at, revoked_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
	);

	/** @type {FixtureVillage[]} */
	const villages = [];
	/** @type {number[][]} revoked villagers per village: their reads must not count */
	const formerVillagers = [];
	let userId = 0;
	progress(`villages, cadres and villagers`);
	sqlite.transaction(() => {
		const names = villageNames(random, count);
		for (let i = 0; i < count; i++) {
			const id = i + 1;
			const { name, slug } = names[i];
			insertVillage.run(id, slug, name, pick(random, COUNTIES), `${name}位于鲁西南平原，以种植樱桃、小麦为主，村民约${between(random, 300, 3000)}人。`, start - YEAR_MS);
			const person = () => `${pick(random, FAMILIES)[0]}${pick(random, GIVEN)}`;
			const cadreId = ++userId;
			const cadreName = person();
			insertUser.run(cadreId, `cadre-${slug}`, cadreName, NO_PASSWORD, start - YEAR_MS);
			insertMembership.run(cadreId, id, 'cadre', cadreName, null, start - YEAR_MS, null, null);
			// Busier villages have more villagers on the app: from a handful to about seventy.
			const villagerCount = 3 + Math.round(55 * Math.sqrt(weights[i] / maxWeight)) + between(random, 0, 12);
			/** @type {number[]} */
			const villagerIds = [];
			/** @type {number[]} */
			const former = [];
			for (let k = 0; k < villagerCount; k++) {
				const villagerId = ++userId;
				const realName = person();
				insertUser.run(villagerId, `v${id}-${k + 1}`, realName, NO_PASSWORD, start);
				const verifiedAt = start + Math.floor(random() * 2 * YEAR_MS);
				// About one villager in twenty has moved away: revoked, but their old reads stay.
				const revoked = random() < 0.05;
				insertMembership.run(villagerId, id, 'villager', realName, cadreId, verifiedAt, revoked ? cadreId : null, revoked ? verifiedAt + YEAR_MS / 2 : null);
				(revoked ? former : villagerIds).push(villagerId);
				counts.memberships++;
				if (revoked) counts.revokedMemberships++;
			}
			// Half the cadres were villagers first (promoted by another cadre), so they see members-only notices.
			if (villagerIds.length > 0 && random() < 0.5) {
				insertMembership.run(cadreId, id, 'villager', cadreName, null, start - YEAR_MS, null, null);
				counts.memberships++;
			}
			counts.memberships++;
			villages.push({ id, slug, name, weight: weights[i], cadreId, villagerIds, published: 0 });
			formerVillagers.push(former);
		}
	})();
	counts.villages = villages.length;
	counts.users = userId;
	return { villages, formerVillagers, weights };
}

/**
 * A shelf of photos for the fixture's things to share (the pages only count them and show their
 * renditions' sizes).
 * @param {Database.Database} sqlite
 * @param {number[]} uploaders taken in turn
 * @param {number} createdAt
 * @returns {string[]} their ids
 */
export function addPhotoShelf(sqlite, uploaders, createdAt) {
	const insertPhoto = sqlite.prepare('INSERT INTO photos (id, width, height, placeholder, renditions, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
	/** @type {string[]} */
	const photoIds = [];
	sqlite.transaction(() => {
		for (let i = 0; i < 300; i++) {
			const id = `bench${String(i).padStart(4, '0')}${'0'.repeat(20)}`.slice(0, 24);
			const renditions = ['avif', 'webp', 'jpeg'].flatMap((format) => [320, 640, 1024].map((width) => ({ format, width, height: (width * 3) / 4, bytes: width * 40 })));
			insertPhoto.run(id, 1024, 768, 'data:image/webp;base64,UklGRh4AAABXRUJQVlA4TBEAAAAvAAAAAAfQ//73v/+BiOh/AAA=', JSON.stringify(renditions), uploaders[i % uploaders.length], createdAt);
			photoIds.push(id);
		}
	})();
	return photoIds;
}

/**
 * @param {Database.Database} sqlite
 * @param {() => number} random
 * @param {FixtureOptions} options
 * @returns {Fixture}
 */
function fill(sqlite, random, options) {
	const { now } = options;
	/** @type {Record<string, number>} */
	const counts = { villages: 0, users: 0, memberships: 0, revokedMemberships: 0, notices: 0, published: 0, drafts: 0, deleted: 0, pinned: 0, membersOnly: 0, photos: 0, noticePhotos: 0, reads: 0, polls: 0, pollOptions: 0, pollVotes: 0, disclosureRows: 0 };

	const start = now - 3 * YEAR_MS;
	const { villages, formerVillagers, weights } = addVillages(sqlite, random, { villages: options.villages, start, progress: options.progress }, counts);
	// A shelf of photos that notices share: the feed only counts them.
	const photoIds = addPhotoShelf(sqlite, villages.map((v) => v.cadreId), start);
	counts.photos = photoIds.length;

	const insertNotice = sqlite.prepare(
		`INSERT INTO notices (id, village_id, author_id, title, body, category, audience, pinned, important, status, created_at, published_at, edited_at, deleted_at, deleted_by)
		 VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertNoticePhoto = sqlite.prepare('INSERT INTO notice_photos (notice_id, position, photo_id) VALUES (?, ?, ?)');
	const insertRead = sqlite.prepare('INSERT INTO notice_reads (notice_id, user_id, read_at, acknowledged_at) VALUES (?, ?, ?, ?)');
	const insertPoll = sqlite.prepare('INSERT INTO polls (id, notice_id, question, closes_at) VALUES (?, ?, ?, ?)');
	const insertPollOption = sqlite.prepare('INSERT INTO poll_options (id, poll_id, position, label) VALUES (?, ?, ?, ?)');
	const insertVote = sqlite.prepare('INSERT INTO poll_votes (poll_id, user_id, option_id, voted_at) VALUES (?, ?, ?, ?)');
	const insertDisclosureRow = sqlite.prepare(
		'INSERT INTO disclosure_rows (notice_id, position, date, item, amount_fen, counterparty, note) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);

	const pickVillage = weightedSampler(weights);
	const categories = CATEGORY_SHARES.map(([c]) => c);
	const pickCategory = weightedSampler(Float64Array.from(CATEGORY_SHARES, ([, share]) => share));
	const span = now - start;
	let pollOptionId = 0;

	/** @param {number} noticeId @param {FixtureVillage} village @param {number} publishedAt @param {boolean} important */
	const addReads = (noticeId, village, publishedAt, important) => {
		// People read what is new: most recent notices have readers, few old ones do.
		const recent = now - publishedAt < 60 * DAY_MS;
		if (random() > (recent ? 0.7 : important ? 0.3 : 0.1)) return;
		const pool = village.villagerIds;
		if (pool.length === 0) return;
		const readers = between(random, 1, pool.length);
		const offset = between(random, 0, pool.length - 1);
		for (let k = 0; k < readers; k++) {
			const readAt = publishedAt + between(random, 60_000, 5 * DAY_MS);
			insertRead.run(noticeId, pool[(offset + k) % pool.length], readAt, important && random() < 0.6 ? readAt + 60_000 : null);
		}
		counts.reads += readers;
		const former = formerVillagers[village.id - 1];
		if (former.length > 0 && random() < 0.2) {
			insertRead.run(noticeId, former[0], publishedAt + DAY_MS, null);
			counts.reads++;
		}
	};

	/** @param {number} noticeId @param {FixtureVillage} village @param {number} publishedAt */
	const addPoll = (noticeId, village, publishedAt) => {
		const pollId = ++counts.polls;
		insertPoll.run(pollId, noticeId, pick(random, POLL_QUESTIONS), publishedAt + 7 * DAY_MS);
		const optionCount = between(random, 2, 4);
		const first = pollOptionId + 1;
		for (let position = 0; position < optionCount; position++) insertPollOption.run(++pollOptionId, pollId, position, `选项${'一二三四'[position]}`);
		counts.pollOptions += optionCount;
		for (const voter of village.villagerIds) {
			if (random() < 0.5) continue;
			insertVote.run(pollId, voter, first + between(random, 0, optionCount - 1), publishedAt + between(random, 60_000, 6 * DAY_MS));
			counts.pollVotes++;
		}
	};

	/** @param {number} noticeId @param {Date} when */
	const addDisclosureTable = (noticeId, when) => {
		const rows = between(random, 3, 10);
		for (let position = 0; position < rows; position++) {
			const day = new Date(when.getTime() - between(random, 1, 30) * DAY_MS).toISOString().slice(0, 10);
			const income = random() < 0.4;
			insertDisclosureRow.run(noticeId, position, day, income ? '土地承包费' : pick(random, ['道路维修', '路灯电费', '保洁工资', '办公用品']), (income ? 1 : -1) * between(random, 5_000, 2_000_000), income ? '承包户' : '县供电公司', '');
		}
		counts.disclosureRows += rows;
	};

	for (let chunkStart = 0; chunkStart < options.notices; chunkStart += NOTICES_PER_TRANSACTION) {
		const chunkEnd = Math.min(options.notices, chunkStart + NOTICES_PER_TRANSACTION);
		options.progress(`notices ${chunkStart.toLocaleString('en')}–${chunkEnd.toLocaleString('en')}`);
		sqlite.transaction(() => {
			for (let i = chunkStart; i < chunkEnd; i++) {
				const id = i + 1;
				const village = villages[pickVillage(random)];
				// Ids grow with time, as they do when notices are posted day after day.
				const createdAt = Math.floor(start + ((i + random()) * span) / options.notices);
				const when = new Date(createdAt);
				const category = categories[pickCategory(random)];
				const membersOnly = random() < (category === 'party' ? 0.4 : 0.15);
				const important = random() < 0.05;
				const r = random();
				const status = r < 0.02 ? 'draft' : r < 0.035 ? 'deleted' : 'published';
				const publishedAt = status === 'draft' ? null : createdAt + between(random, 0, 3_600_000);
				const editedAt = publishedAt !== null && random() < 0.05 ? publishedAt + between(random, 60_000, DAY_MS) : null;
				const deletedAt = status === 'deleted' ? /** @type {number} */ (publishedAt) + between(random, 60_000, 30 * DAY_MS) : null;
				insertNotice.run(
					id,
					village.id,
					village.cadreId,
					fillIn(pick(random, TITLES[category]), random, village.name, when),
					fillIn(pick(random, BODIES[category]), random, village.name, when),
					category,
					membersOnly ? 'members' : 'public',
					important ? 1 : 0,
					status,
					createdAt,
					publishedAt,
					editedAt,
					deletedAt,
					deletedAt === null ? null : village.cadreId
				);
				counts[status === 'draft' ? 'drafts' : status]++;
				if (membersOnly) counts.membersOnly++;
				if (publishedAt === null) continue;
				if (status === 'published') village.published++;
				// One notice in five has photos, mostly one to three, up to the nine allowed.
				if (random() < 0.2) {
					const photos = Math.min(9, 1 + Math.floor(-Math.log(1 - random()) * 1.5));
					for (let position = 0; position < photos; position++) insertNoticePhoto.run(id, position, pick(random, photoIds));
					counts.noticePhotos += photos;
				}
				if (status === 'published') addReads(id, village, publishedAt, important);
				if (random() < 0.015) addPoll(id, village, publishedAt);
				if (category === 'affairs' && random() < 0.3) addDisclosureTable(id, when);
			}
		})();
	}
	counts.notices = options.notices;

	// A few pinned per village: one to three of the newest, and in some villages an old one
	// nobody unpinned (as happens on real boards), which the feed must still find quickly.
	options.progress('pinning');
	const newest = sqlite.prepare("SELECT id FROM notices WHERE village_id = ? AND status = 'published' ORDER BY published_at DESC LIMIT 10");
	const oldest = sqlite.prepare("SELECT id FROM notices WHERE village_id = ? AND status = 'published' ORDER BY published_at ASC LIMIT 10");
	const pin = sqlite.prepare('UPDATE notices SET pinned = 1 WHERE id = ? AND pinned = 0');
	sqlite.transaction(() => {
		for (const village of villages) {
			const recent = /** @type {{ id: number }[]} */ (newest.all(village.id));
			const chosen = recent.filter(() => random() < 0.2).slice(0, 3);
			if (chosen.length === 0 && recent.length > 0) chosen.push(recent[between(random, 0, recent.length - 1)]);
			if (random() < 0.3) chosen.push(pick(random, /** @type {{ id: number }[]} */ (oldest.all(village.id))));
			for (const row of chosen) if (row) counts.pinned += pin.run(row.id).changes;
		}
	})();

	const sorted = villages.map((v) => v.published).sort((a, b) => a - b);
	const busiest = villages.reduce((a, b) => (b.published > a.published ? b : a));
	return {
		villages,
		counts,
		perVillage: { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1], busiest: busiest.slug },
		zipfExponent: ZIPF_EXPONENT
	};
}
