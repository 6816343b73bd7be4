// The fixture of bench/qa-search.js: a county's Expert Q&A (issue 14) in a SQLite file, migrated
// with the project's own migrations: the villages, cadres and villagers of the notice feed's
// county (bench/notice-feed-fixture.js), verified experts, and questions about the starting crops
// with answers, votes, me-toos and photos, written from word lists the way farmers and
// agronomists write them. Every question that is not hidden gets the search entry
// src/lib/server/qa/search-text.ts reindexQuestion() gives it (title; crop; description and the
// visible answers, in order), tokenized by the app's own indexTokens(), so FTS5 (through the
// migration's triggers) and PostgreSQL's tsvector (a generated column) index what the app would.
//
// Rows go in through raw prepared statements in large transactions: askQuestion() and
// answerQuestion() validate, notify and reindex one at a time, which would take hours for
// 700,000 rows. What the benchmark measures runs the app's real code on top.
import { seededRandom } from '../scripts/seeded-random.js';
import { DAY_MS, NO_PASSWORD, YEAR_MS, addPhotoShelf, addVillages, between, fillDatabaseFile, pick, weightedSampler } from './notice-feed-fixture.js';

/**
 * @typedef {object} QaFixtureOptions
 * @property {number} villages
 * @property {number} questions
 * @property {number} answers in all, about `answers / questions` a question
 * @property {string} migrationsFolder
 * @property {number} now ms since the epoch; questions are asked over the three years before it
 * @property {readonly { name: string, nameEn: string }[]} crops the app's starting list (src/lib/qa/vocabulary.ts), in its order
 * @property {(text: string) => string} indexTokens the app's (src/lib/server/platform/search-tokens.ts)
 * @property {(message: string) => void} progress
 */
/**
 * @typedef {object} QaFixture
 * @property {{ id: number, slug: string, villagerIds: number[] }[]} villages
 * @property {{ id: number, name: string }[]} crops
 * @property {Record<string, number>} counts rows per table, and questions by state
 * @property {number[]} hiddenQuestionIds
 * @property {number} indexedChars characters of text (title, crop, description, answers) the search entries were made from
 * @property {number} tokenSeconds time spent in indexTokens()
 */

const QUESTIONS_PER_TRANSACTION = 5_000;
const EXPERTS = 48;

/** @typedef {'plant' | 'animal' | 'bee'} Kind */
/**
 * What is said about each starting crop, by topic. 1–2 character words a search must find
 * (叶斑, 霉层, 黄叶, 咳嗽, 鸡) are among them on purpose.
 * @type {Record<string, { kind: Kind, share: number, parts: string[], stages: string[], disease: string[], pests: string[], care: string[], feed: string[] }>}
 */
const CROPS = {
	樱桃: {
		kind: 'plant', share: 0.24, parts: ['叶子', '叶片', '果子', '树干', '枝条', '花'], stages: ['开花', '坐果', '转色', '采收后', '休眠'],
		disease: ['叶斑', '穿孔病', '流胶', '褐腐病', '灰霉病', '霉层', '黄叶', '裂果', '根癌病'], pests: ['果蝇', '红蜘蛛', '蚜虫', '梨小食心虫', '介壳虫', '金龟子'],
		care: ['修剪', '授粉', '嫁接', '疏花', '保花保果', '拉枝'], feed: ['底肥', '追肥', '叶面肥', '有机肥', '钙肥']
	},
	小麦: {
		kind: 'plant', share: 0.16, parts: ['叶子', '麦穗', '根', '茎秆', '麦苗'], stages: ['出苗', '返青', '拔节', '抽穗', '灌浆'],
		disease: ['条锈病', '白粉病', '赤霉病', '纹枯病', '黄叶', '霉层', '根腐病', '叶锈病'], pests: ['蚜虫', '吸浆虫', '红蜘蛛', '地下害虫'],
		care: ['播种', '镇压', '浇冬水', '化控', '防倒伏'], feed: ['返青肥', '拔节肥', '尿素', '复合肥']
	},
	玉米: {
		kind: 'plant', share: 0.14, parts: ['叶子', '叶片', '玉米棒', '根', '茎秆', '雄穗'], stages: ['出苗', '拔节', '大喇叭口', '抽雄', '灌浆'],
		disease: ['大斑病', '小斑病', '锈病', '黄叶', '茎腐病', '粗缩病', '瘤黑粉病', '叶斑'], pests: ['玉米螟', '粘虫', '草地贪夜蛾', '蓟马', '蚜虫'],
		care: ['播种', '间苗', '除草', '防倒伏', '除草剂药害'], feed: ['底肥', '追肥', '锌肥', '复合肥']
	},
	大蒜: {
		kind: 'plant', share: 0.12, parts: ['叶子', '叶尖', '蒜头', '根', '蒜薹'], stages: ['出苗', '越冬', '返青', '抽薹', '膨大'],
		disease: ['叶枯病', '锈病', '黄叶', '紫斑病', '疫病', '霉层', '叶斑'], pests: ['根蛆', '蒜蛆', '蓟马', '潜叶蝇'],
		care: ['播种', '浇水', '覆膜', '二次生长', '抽薹'], feed: ['底肥', '返青肥', '膨大肥', '硫酸钾']
	},
	山药: {
		kind: 'plant', share: 0.07, parts: ['叶子', '藤蔓', '块茎', '根'], stages: ['出苗', '甩蔓', '块茎膨大', '收获'],
		disease: ['炭疽病', '褐斑病', '叶斑', '黄叶', '根腐病', '霉层'], pests: ['根结线虫', '蛴螬', '叶蜂', '斜纹夜蛾'],
		care: ['下种', '搭架', '打顶', '浇水'], feed: ['底肥', '追肥', '钾肥', '有机肥']
	},
	乌鸡: {
		kind: 'animal', share: 0.12, parts: ['鸡冠', '眼睛', '羽毛', '腿', '粪便', '嗉囊'], stages: ['雏鸡', '育成期', '产蛋期', '一个月大', '三个月大'],
		disease: ['咳嗽', '打喷嚏', '拉稀', '呼吸道病', '球虫病', '新城疫', '精神差', '不下蛋', '啄羽', '流鼻涕'], pests: ['鸡虱', '螨虫'],
		care: ['育雏', '保温', '通风', '疫苗', '放养', '鸡舍消毒'], feed: ['饲料', '玉米面', '青菜', '预混料']
	},
	生猪: {
		kind: 'animal', share: 0.09, parts: ['耳朵', '皮肤', '粪便', '腿', '鼻子'], stages: ['仔猪', '保育猪', '育肥猪', '母猪产后'],
		disease: ['咳嗽', '腹泻', '发烧', '不吃食', '喘气', '打喷嚏', '皮肤发红', '拉稀'], pests: ['蛔虫', '疥螨'],
		care: ['母猪配种', '仔猪断奶', '疫苗', '保温', '通风', '圈舍消毒'], feed: ['饲料', '预混料', '豆粕', '麸皮']
	},
	蜜蜂: {
		kind: 'bee', share: 0.06, parts: ['巢脾', '蜂箱', '幼虫', '蜂王', '工蜂'], stages: ['春繁', '流蜜期', '越冬前', '分蜂季'],
		disease: ['白垩病', '爬蜂病', '囊状幼虫病', '死蜂'], pests: ['螨虫', '巢虫', '胡蜂'],
		care: ['分箱', '换王', '防盗蜂', '越冬', '取蜜'], feed: ['糖水', '花粉', '代用花粉']
	}
};

/** Words that come up in about one document in two thousand: what a "rare word" search looks for. */
export const RARE_WORDS = ['稻瘟', '白绢病', '黑星病', '猪丹毒', '鸡白痢', '根肿病'];

const MEDICINES = {
	plant: ['多菌灵', '甲基硫菌灵', '代森锰锌', '苯醚甲环唑', '戊唑醇', '吡唑醚菌酯', '嘧菌酯', '吡虫啉', '阿维菌素', '高效氯氰菊酯', '噻虫嗪', '氯虫苯甲酰胺', '石硫合剂', '波尔多液'],
	animal: ['阿莫西林', '恩诺沙星', '替米考星', '氟苯尼考', '板蓝根', '地克珠利', '电解多维', '黄芪多糖'],
	bee: ['氟胺氰菊酯', '升华硫', '制霉菌素', '甲酸']
};
/** @type {Record<Kind, [string, number][]>} topics, with how often each is asked about */
const TOPIC_SHARES = {
	plant: [['disease', 0.36], ['pests', 0.2], ['fertilizer', 0.14], ['planting', 0.15], ['market', 0.07], ['policy', 0.04], ['other', 0.04]],
	animal: [['disease', 0.5], ['pests', 0.04], ['husbandry', 0.3], ['market', 0.08], ['policy', 0.04], ['other', 0.04]],
	bee: [['disease', 0.25], ['pests', 0.25], ['husbandry', 0.35], ['market', 0.1], ['other', 0.05]]
};
const UNITS = { plant: ['县农技站', '县植保站', '县林业局果树站', '乡镇农技站'], animal: ['县畜牧站', '县动物疫病预防控制中心', '乡镇畜牧兽医站'], bee: ['县蚕蜂站'] };

const OPENINGS = ['', '', '', '', '求助：', '急！', '请教专家，', '各位老师，'];
const ENDINGS = ['', '', '', '？', '？', '，在线等', '，谢谢'];
const WHEN = ['今天早上', '这两天', '上周', '前天', '最近', '刚才', '下雨以后'];
const SPREAD = ['一开始只有几片', '现在半个园子都是', '越来越多', '靠近路边的几棵最重', '整块地都有', '只有一小片'];
const WEATHER = ['下了几场雨', '一直很干旱', '温度忽高忽低', '连着阴天', '刮了大风', '下了冰雹', '早晚温差大'];
const EFFECT = ['也不管用', '好了一点又犯了', '没见效', '不知道对不对', '效果不明显'];
const ASKS = ['请专家看看是什么问题，怎么治？', '麻烦懂的给说说。', '附了照片，帮忙看看。', '该用什么药，用多少？', '急，在线等。', '会不会传染给别的？'];
const CAUSES = ['多半是湿度大、通风不好引起的', '和前期管理跟不上有关系', '是病菌从伤口侵入造成的', '温度变化大，抵抗力下降', '多年重茬，土里病菌多', '用药过量也会有这种情况'];
/** @type {Record<Kind, string[]>} what an expert sees in the photos */
const SIGNS = {
	plant: ['先是出现针尖大小的褐色斑点，后来扩大连成片', '病斑边缘发黄，中间灰白，潮湿时上面长出一层灰色霉层', '从下部老叶开始发黄，慢慢往上发展', '叶背面能看到很小的虫子，叶片卷曲发皱', '根部发褐腐烂，地上部分萎蔫'],
	animal: ['精神沉郁，采食减少，呼吸时有啰音', '粪便稀、颜色发绿，个别带血', '体温升高，扎堆，不爱动', '眼睛流泪，鼻孔有分泌物，甩头咳嗽'],
	bee: ['巢门前有爬蜂，翅膀发抖', '幼虫变成白色硬块，像粉笔一样', '封盖子房盖下陷，有穿孔']
};
const PREVENT = ['平时注意通风透光，及时清除病叶病果，集中烧毁。', '以后要轮作倒茬，多施有机肥，增强长势。', '注意不要大水漫灌，雨后及时排水。', '做好消毒，病的和好的分开。', '用药前先小面积试一下，注意安全间隔期。'];

/** How many, for a mean of `mean`: geometric (most get few, some many). @param {() => number} random @param {number} mean */
const geometric = (random, mean) => (mean <= 0 ? 0 : Math.floor(Math.log(1 - random()) / Math.log(mean / (1 + mean))));

/**
 * What a farmer types as a title: the crop, the symptom or task, a question word.
 * @param {() => number} random
 * @param {string} crop
 * @param {string} topic
 */
export function questionTitle(random, crop, topic) {
	const w = CROPS[crop];
	const part = pick(random, w.parts);
	const stage = pick(random, w.stages);
	/** @type {string[]} */
	let forms;
	if (topic === 'disease') {
		const symptom = pick(random, w.disease);
		forms = w.kind === 'plant'
			? [`${crop}${part}${symptom}怎么办`, `${crop}${part}上有${symptom}，是什么病`, `${crop}${stage}期${symptom}用什么药`, `我家${crop}${symptom}，${pick(random, SPREAD)}`, `${crop}${symptom}是什么原因`, `${crop}${part}发黄打什么药`]
			: [`${crop}${symptom}怎么办`, `${stage}的${crop}${symptom}吃什么药`, `${crop}${part}不对劲，还${symptom}`, `我家${crop}${symptom}好几天了`, `${crop}${symptom}会传染吗`];
	} else if (topic === 'pests') {
		const pest = pick(random, w.pests);
		forms = [`${crop}${pest}怎么防治`, `${crop}${part}上有${pest}怎么办`, `${crop}${stage}期打什么药防${pest}`, `请问${pest}用什么药效果好`];
	} else if (topic === 'fertilizer') {
		const feed = pick(random, w.feed);
		forms = [`${crop}什么时候施${feed}`, `${crop}${stage}期${feed}用多少`, `${crop}${feed}怎么施效果好`, `${crop}${part}发黄是不是缺肥`];
	} else if (topic === 'planting' || topic === 'husbandry') {
		const care = pick(random, w.care);
		forms = [`${crop}${care}有什么讲究`, `${stage}的${crop}怎么${care}`, `${crop}${care}的时间`, `第一次${care}，${crop}要注意什么`];
	} else if (topic === 'market') forms = [`今年${crop}价格怎么样`, `${crop}在哪里卖价钱高`, `${crop}能不能在村广场上卖`, `${crop}收购商哪里有`];
	else if (topic === 'policy') forms = [`种${crop}有补贴吗`, `${crop}保险怎么买`, `养${crop}要办什么手续`];
	else forms = [`${crop}${part}的问题`, `问一下${crop}的事`, `${crop}${stage}要注意什么`];
	return `${pick(random, OPENINGS)}${pick(random, forms)}${pick(random, ENDINGS)}`;
}

/** @param {() => number} random @param {string} crop @param {Kind} kind */
function questionBody(random, crop, kind) {
	const w = CROPS[crop];
	/** @type {string[]} */
	const sentences = [];
	if (random() < 0.8) sentences.push(`${pick(random, WHEN)}发现${pick(random, w.parts)}${random() < 0.5 ? '有' : '出现'}${pick(random, random() < 0.7 ? w.disease : w.pests)}，${pick(random, SPREAD)}。`);
	if (random() < 0.5) sentences.push(kind === 'plant' ? `种了${between(random, 1, 30)}亩，${pick(random, w.stages)}期。` : `养了${between(random, 5, 800)}${kind === 'bee' ? '箱' : '只'}，有${between(random, 1, 40)}${kind === 'bee' ? '箱' : '只'}这样。`);
	if (random() < 0.4) sentences.push(`前几天${pick(random, WEATHER)}，之后更严重了。`);
	if (random() < 0.5) sentences.push(`已经用了${pick(random, MEDICINES[kind])}，${pick(random, EFFECT)}。`);
	sentences.push(pick(random, ASKS));
	return sentences.join('');
}

/** @param {() => number} random @param {string} crop @param {Kind} kind @param {string} title */
function expertAnswer(random, crop, kind, title) {
	const w = CROPS[crop];
	const named = w.disease.find((d) => title.includes(d)) ?? w.pests.find((p) => title.includes(p)) ?? pick(random, w.disease);
	const medicine = pick(random, MEDICINES[kind]);
	const use = kind === 'plant' ? `${medicine}${between(random, 8, 30) * 100}倍液喷雾，每隔${between(random, 5, 10)}天一次，连喷${between(random, 2, 3)}次` : `${medicine}${random() < 0.5 ? '拌料' : '饮水'}，连用${between(random, 3, 7)}天`;
	const rare = random() < 0.003 ? `这和${pick(random, RARE_WORDS)}不一样，不要混了。` : '';
	return `从描述和照片看，${random() < 0.6 ? `${pick(random, SIGNS[kind])}，` : ''}是${named}。${pick(random, CAUSES)}。建议用${use}。${rare}${pick(random, PREVENT)}${random() < 0.3 ? '有问题可以打12316或者到站里来。' : ''}`;
}

/** @param {() => number} random @param {string} crop @param {Kind} kind */
function villagerAnswer(random, crop, kind) {
	const w = CROPS[crop];
	return pick(random, [
		`我家也是这样，用了${pick(random, MEDICINES[kind])}就好了。`,
		`同问，我家${crop}也${pick(random, w.disease)}了。`,
		'找县农技站的专家看看吧。',
		`去年也遇到过，${pick(random, PREVENT)}`,
		`可能是${pick(random, w.disease)}，不一定对。`,
		`打${pick(random, MEDICINES[kind])}试试。`,
		'顶一下，等专家回答。'
	]);
}

/**
 * Creates the file's tables with the project's migrations and fills it.
 * @param {string} file
 * @param {QaFixtureOptions} options
 * @returns {QaFixture}
 */
export function buildQaFixture(file, options) {
	const random = seededRandom(14);
	return fillDatabaseFile(file, options, (sqlite) => fill(sqlite, random, options));
}

/**
 * @param {import('better-sqlite3').Database} sqlite
 * @param {() => number} random
 * @param {QaFixtureOptions} options
 * @returns {QaFixture}
 */
function fill(sqlite, random, options) {
	const { now, indexTokens } = options;
	/** @type {Record<string, number>} */
	const counts = {
		villages: 0, users: 0, memberships: 0, revokedMemberships: 0, experts: 0, photos: 0,
		questions: 0, unanswered: 0, answered: 0, accepted: 0, hiddenQuestions: 0, questionPhotos: 0,
		answers: 0, expertAnswers: 0, hiddenAnswers: 0, answerPhotos: 0, votes: 0, meToos: 0, searchEntries: 0
	};
	const start = now - 3 * YEAR_MS;
	const { villages, weights } = addVillages(sqlite, random, { villages: options.villages, start, progress: options.progress }, counts);
	let userId = counts.users;
	const photoIds = addPhotoShelf(sqlite, villages.map((v) => v.cadreId), start);
	counts.photos = photoIds.length;

	/** @type {{ id: number, name: string, kind: Kind }[]} */
	const crops = options.crops.map((crop, i) => {
		const words = CROPS[crop.name];
		if (!words) throw new Error(`bench/qa-search-fixture.js has no words for the crop ${crop.name}: add them to CROPS`);
		return { id: i + 1, name: crop.name, kind: words.kind };
	});
	const insertCrop = sqlite.prepare('INSERT INTO qa_crops (id, name, name_en, position, created_at) VALUES (?, ?, ?, ?, ?)');
	const insertUser = sqlite.prepare('INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)');
	const insertExpert = sqlite.prepare('INSERT INTO experts (user_id, real_name, unit, verified_by, verified_at) VALUES (?, ?, ?, ?, ?)');
	const insertExpertCrop = sqlite.prepare('INSERT INTO expert_crops (user_id, crop_id) VALUES (?, ?)');
	const insertExpertTopic = sqlite.prepare('INSERT INTO expert_topics (user_id, topic) VALUES (?, ?)');
	/** @type {Map<number, number[]>} experts by crop id */
	const expertsFor = new Map(crops.map((crop) => [crop.id, []]));
	const adminId = ++userId;
	options.progress('crops and experts');
	sqlite.transaction(() => {
		options.crops.forEach((crop, i) => insertCrop.run(i + 1, crop.name, crop.nameEn, i, start - YEAR_MS));
		insertUser.run(adminId, 'county-admin', '县管理员', NO_PASSWORD, 1, start - YEAR_MS);
		for (let i = 0; i < EXPERTS; i++) {
			// Most experts are agronomists; a third are vets, and one keeps bees.
			const kind = i === 0 ? 'bee' : i % 3 === 0 ? 'animal' : 'plant';
			const id = ++userId;
			const realName = `${'王李张刘陈杨赵黄周吴'[i % 10]}${pick(random, ['建国', '志强', '秀英', '海燕', '德福', '丽娟'])}`;
			insertUser.run(id, `expert-${i + 1}`, realName, NO_PASSWORD, 0, start - YEAR_MS);
			insertExpert.run(id, realName, pick(random, UNITS[kind]), adminId, start - YEAR_MS + i * DAY_MS);
			const theirs = crops.filter((crop) => crop.kind === kind);
			for (const crop of theirs.filter((c, k) => k === i % theirs.length || random() < 0.4)) {
				insertExpertCrop.run(id, crop.id);
				/** @type {number[]} */ (expertsFor.get(crop.id)).push(id);
			}
			for (const [topic] of TOPIC_SHARES[kind]) if (random() < 0.6) insertExpertTopic.run(id, topic);
		}
	})();
	counts.experts = EXPERTS;
	counts.users = userId;

	const insertQuestion = sqlite.prepare(
		`INSERT INTO qa_questions (id, asker_id, village_id, crop_id, topic, title, body, accepted_answer_id, answer_count, me_too_count, hidden_at, hidden_by, created_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertQuestionPhoto = sqlite.prepare('INSERT INTO qa_question_photos (question_id, photo_id, position) VALUES (?, ?, ?)');
	const insertAnswer = sqlite.prepare('INSERT INTO qa_answers (id, question_id, author_id, body, votes, hidden_at, hidden_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
	const insertAnswerPhoto = sqlite.prepare('INSERT INTO qa_answer_photos (answer_id, photo_id, position) VALUES (?, ?, 0)');
	const insertVote = sqlite.prepare('INSERT INTO qa_votes (answer_id, user_id, created_at) VALUES (?, ?, ?)');
	const insertMeToo = sqlite.prepare('INSERT INTO qa_me_toos (question_id, user_id, created_at) VALUES (?, ?, ?)');
	const insertEntry = sqlite.prepare('INSERT INTO search_entries (id, kind, ref_id, title, extra, body) VALUES (?, ?, ?, ?, ?, ?)');

	const pickVillage = weightedSampler(weights);
	const pickCrop = weightedSampler(Float64Array.from(crops, (crop) => CROPS[crop.name].share));
	const topicPickers = Object.fromEntries(
		Object.entries(TOPIC_SHARES).map(([kind, shares]) => [kind, { topics: shares.map(([t]) => t), pick: weightedSampler(Float64Array.from(shares, ([, s]) => s)) }])
	);
	/** Someone of the county, busy villages more often. */
	const villager = () => {
		const village = villages[pickVillage(random)];
		return village.villagerIds.length > 0 ? pick(random, village.villagerIds) : village.cadreId;
	};
	/** Up to `n` different people, never `except`. @param {number} n @param {number} except */
	const people = (n, except) => {
		const chosen = new Set();
		for (let tries = 0; chosen.size < n && tries < n * 3; tries++) {
			const person = villager();
			if (person !== except) chosen.add(person);
		}
		return [...chosen];
	};
	const span = now - start;
	let answerId = 0;
	/** @type {number[]} */
	const hiddenQuestionIds = [];
	let tokenSeconds = 0;
	let indexedChars = 0;

	for (let chunkStart = 0; chunkStart < options.questions; chunkStart += QUESTIONS_PER_TRANSACTION) {
		const chunkEnd = Math.min(options.questions, chunkStart + QUESTIONS_PER_TRANSACTION);
		options.progress(`questions ${chunkStart.toLocaleString('en')}–${chunkEnd.toLocaleString('en')} (${answerId.toLocaleString('en')} answers so far)`);
		sqlite.transaction(() => {
			for (let i = chunkStart; i < chunkEnd; i++) {
				const id = i + 1;
				const village = villages[pickVillage(random)];
				const askerId = village.villagerIds.length > 0 ? pick(random, village.villagerIds) : village.cadreId;
				const crop = crops[pickCrop(random)];
				const topics = topicPickers[crop.kind];
				const topic = topics.topics[topics.pick(random)];
				// Ids grow with time, as they do when questions are asked day after day.
				const createdAt = Math.floor(start + ((i + random()) * span) / options.questions);
				const title = questionTitle(random, crop.name, topic);
				const body = random() < 0.9 ? questionBody(random, crop.name, crop.kind) : '';
				const hidden = random() < 0.002;

				// Answers: the remaining ones spread over the remaining questions, so the total comes out
				// as asked; the newest questions (a day or two old) are the ones still waiting.
				const remaining = options.answers - answerId;
				const mean = remaining / (options.questions - i);
				const recent = now - createdAt < 2 * DAY_MS;
				const howMany = i === options.questions - 1 ? remaining : recent && random() < 0.6 ? 0 : random() < 0.08 ? 0 : Math.min(40, 1 + geometric(random, Math.max(0, mean / 0.92 - 1)), remaining);
				/** @type {{ id: number, authorId: number, body: string, votes: number, hidden: boolean, expert: boolean }[]} */
				const answers = [];
				const experts = /** @type {number[]} */ (expertsFor.get(crop.id));
				for (let k = 0; k < howMany; k++) {
					const expert = experts.length > 0 && random() < 0.35;
					const authorId = expert ? pick(random, experts) : villager();
					const answerBody = expert ? expertAnswer(random, crop.name, crop.kind, title) : villagerAnswer(random, crop.name, crop.kind);
					answers.push({ id: ++answerId, authorId, body: answerBody, votes: 0, hidden: random() < 0.005, expert });
				}
				const visible = answers.filter((a) => !a.hidden);
				// The asker accepts one answer in about half the answered questions, an expert's when there is one.
				const accepted = visible.length > 0 && !recent && random() < 0.5 ? (visible.find((a) => a.expert) ?? visible[0]) : null;
				const meToos = people(geometric(random, topic === 'disease' ? 0.8 : 0.3), askerId);

				insertQuestion.run(id, askerId, village.id, crop.id, topic, title, body, accepted?.id ?? null, visible.length, meToos.length, hidden ? createdAt + DAY_MS : null, hidden ? adminId : null, createdAt);
				if (random() < 0.5) {
					const photos = between(random, 1, 3);
					for (let position = 0; position < photos; position++) insertQuestionPhoto.run(id, pick(random, photoIds), position);
					counts.questionPhotos += photos;
				}
				for (const answer of answers) {
					const answeredAt = createdAt + between(random, 10 * 60_000, answer.expert ? DAY_MS : 3 * DAY_MS);
					const voters = people(geometric(random, answer.expert ? 1.5 : 0.4), answer.authorId);
					insertAnswer.run(answer.id, id, answer.authorId, answer.body, voters.length, answer.hidden ? answeredAt + DAY_MS : null, answer.hidden ? adminId : null, answeredAt);
					for (const voter of voters) insertVote.run(answer.id, voter, answeredAt + 60_000);
					if (random() < 0.08) {
						insertAnswerPhoto.run(answer.id, pick(random, photoIds));
						counts.answerPhotos++;
					}
					counts.votes += voters.length;
					if (answer.expert) counts.expertAnswers++;
					if (answer.hidden) counts.hiddenAnswers++;
				}
				for (const person of meToos) insertMeToo.run(id, person, createdAt + between(random, 60_000, 5 * DAY_MS));
				counts.meToos += meToos.length;

				// What reindexQuestion() stores: nothing for a hidden question.
				if (!hidden) {
					const text = [body, ...visible.map((a) => a.body)].join('\n');
					const started = performance.now();
					const tokens = [indexTokens(title), indexTokens(crop.name), indexTokens(text)];
					tokenSeconds += (performance.now() - started) / 1000;
					indexedChars += title.length + crop.name.length + text.length;
					insertEntry.run(++counts.searchEntries, 'qa', id, ...tokens);
				}
				if (hidden) hiddenQuestionIds.push(id);
				else if (accepted) counts.accepted++;
				else if (visible.length > 0) counts.answered++;
				else counts.unanswered++;
			}
		})();
	}
	// The county as it stands after running a while: questions that went unanswered were escalated
	// by the job when they fell due (src/lib/server/qa/escalation.ts), not all at the server's start.
	options.progress('escalation steps already taken');
	sqlite.prepare(`UPDATE qa_questions SET experts_alerted_at = created_at + ? WHERE answer_count = 0 AND created_at <= ?`).run(DAY_MS, now - DAY_MS);
	sqlite.prepare(`UPDATE qa_questions SET cadres_alerted_at = created_at + ? WHERE answer_count = 0 AND created_at <= ?`).run(2 * DAY_MS, now - 2 * DAY_MS);
	counts.questions = options.questions;
	counts.answers = answerId;
	counts.hiddenQuestions = hiddenQuestionIds.length;
	return {
		villages: villages.map(({ id, slug, villagerIds }) => ({ id, slug, villagerIds })),
		crops: crops.map(({ id, name }) => ({ id, name })),
		counts,
		hiddenQuestionIds,
		indexedChars,
		tokenSeconds
	};
}
