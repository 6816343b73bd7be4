#!/usr/bin/env node
// node scripts/verify-ledger.js <ledger.json file or http(s) URL> [--lang en|zh]
// Checks a village's charity ledger without trusting the server that gave it: every entry's hash
// and link, every project's balance, every checkpoint's signature (docs/ledger.md). Needs nothing
// but Node 20 and this folder: no npm install. Exit code 0 when the ledger holds, 1 when it does
// not (the first bad entry is named), 2 when the file could not be read.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { verifyLedger } from '../src/lib/charity/ledger-verify.js';

/** @typedef {import('../src/lib/charity/ledger-verify.js').ProblemCode} ProblemCode */

const text = {
	zh: {
		usage: '用法：node scripts/verify-ledger.js <账本文件或网址>',
		unreadable: (/** @type {string} */ why) => `读不到这个账本：${why}`,
		notJson: '这不是一个 JSON 文件，不是村广场的账本。',
		ok: (/** @type {number} */ n, /** @type {number} */ c) => `账本完好：${n} 条记录、${c} 个签名检查点，每一条都对得上。`,
		head: '最新一条的哈希',
		balance: (/** @type {string} */ project, /** @type {string} */ yuan) => `项目 ${project} 的余额：¥${yuan}`,
		bad: (/** @type {number} */ n) => `账本有问题。前 ${n} 条对得上，然后：`,
		/** @type {Record<ProblemCode, string>} */
		problems: {
			format: '这不是村广场的账本文件（格式或公钥不对）。',
			sequence: '第 {seq} 条缺失或顺序不对。',
			link: '第 {seq} 条没有接上前一条：前一条被改过或被删了。',
			hash: '第 {seq} 条的内容和它的哈希对不上：它被改过。',
			kind: '第 {seq} 条的类型、项目或收据码格式不对。',
			amount: '第 {seq} 条的金额不是它的类型允许的。',
			reversal: '第 {seq} 条冲正的不是一条还能冲正的记录。',
			balance: '记完第 {seq} 条后，项目余额成了负数。',
			checkpoint: '第 {seq} 条检查点和它之前的账本对不上：之前的记录被改写过。',
			signature: '第 {seq} 条检查点的签名不是这个村的密钥签的。'
		}
	},
	en: {
		usage: 'Usage: node scripts/verify-ledger.js <ledger file or URL>',
		unreadable: (/** @type {string} */ why) => `Could not read the ledger: ${why}`,
		notJson: 'This is not a JSON file, so not a Village Square ledger.',
		ok: (/** @type {number} */ n, /** @type {number} */ c) => `The ledger holds: ${n} entries and ${c} signed checkpoints, every one checked.`,
		head: 'Hash of the newest entry',
		balance: (/** @type {string} */ project, /** @type {string} */ yuan) => `Balance of project ${project}: ¥${yuan}`,
		bad: (/** @type {number} */ n) => `The ledger does not hold. The first ${n} entries check out, then:`,
		problems: {
			format: 'This is not a Village Square ledger file (wrong format or public key).',
			sequence: 'Entry {seq} is missing or out of order.',
			link: 'Entry {seq} does not follow the one before it: that one was changed or removed.',
			hash: 'Entry {seq} does not match its hash: it was changed.',
			kind: 'Entry {seq} has an unknown kind, no project or a malformed receipt.',
			amount: 'Entry {seq} has an amount its kind does not allow.',
			reversal: 'Entry {seq} reverses no entry that can still be reversed.',
			balance: 'After entry {seq} a project’s balance is below zero.',
			checkpoint: 'Checkpoint {seq} does not match the ledger before it: earlier entries were rewritten.',
			signature: 'Checkpoint {seq} is not signed with this village’s key.'
		}
	}
};

const args = process.argv.slice(2);
const langAt = args.indexOf('--lang');
const lang = (langAt >= 0 ? args.splice(langAt, 2)[1] : process.env.LC_ALL || process.env.LANG) ?? '';
const say = lang.startsWith('en') ? text.en : text.zh;
const source = args[0];
if (!source) {
	console.error(say.usage);
	process.exit(2);
}

/** @returns {Promise<string>} */
async function read() {
	if (/^https?:\/\//.test(source)) {
		const response = await fetch(source);
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		return response.text();
	}
	return readFile(source, 'utf8');
}

let parsed;
try {
	const body = await read();
	try {
		parsed = JSON.parse(body);
	} catch {
		console.error(say.notJson);
		process.exit(1);
	}
} catch (error) {
	console.error(say.unreadable(error instanceof Error ? error.message : String(error)));
	process.exit(2);
}

// Node's own SHA-256: the same hashes as Web Crypto's, without an asynchronous call per entry.
const check = await verifyLedger(parsed, { digest: (text) => createHash('sha256').update(text, 'utf8').digest('hex') });
if (check.problem) {
	console.log(say.bad(check.entries));
	console.log(say.problems[check.problem.code].replace('{seq}', String(check.problem.seq)));
	process.exit(1);
}
console.log(say.ok(check.entries, check.checkpoints));
console.log(`${say.head}: ${check.head}`);
for (const [project, fen] of Object.entries(check.balances)) console.log(say.balance(project, (fen / 100).toFixed(2)));
