#!/usr/bin/env node
// node scripts/verify-ledger.js <ledger.json file or http(s) URL> [--extends <length>:<head>]… [--lang en|zh]
// Checks a village's charity ledger without trusting the server that gave it: every entry's hash
// and link, every project's balance, every checkpoint's signature (docs/ledger.md). Each
// --extends is a checkpoint kept outside the ledger (a photographed poster, a feed item, an older
// file): the ledger must still have that head hash at that length, or the past was rewritten.
// Needs nothing but Node 20 and this folder: no npm install. Exit code 0 when the ledger holds
// (and extends every checkpoint given), 1 when it does not (the first bad entry is named), 2 when
// the file could not be read or the command was mistyped.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { keyFingerprint, verifyLedger } from '../src/lib/charity/ledger-verify.js';

/** @typedef {import('../src/lib/charity/ledger-verify.js').ProblemCode} ProblemCode */

const text = {
	zh: {
		usage: '用法：node scripts/verify-ledger.js <账本文件或网址> [--extends <条数>:<哈希>] [--lang en]',
		badClaim: (/** @type {string} */ value) => `“${value}”不是一份存证：--extends 后面写存证上的条数和哈希，比如 --extends "12:3f5a 9c2e …"（哈希 64 位，空格可有可无）。`,
		unreadable: (/** @type {string} */ why) => `读不到这个账本：${why}`,
		notJson: '这不是一个 JSON 文件，不是村广场的账本。',
		ok: (/** @type {number} */ n, /** @type {number} */ c) => `账本完好：${n} 条记录、${c} 个签名检查点，每一条都对得上。`,
		head: '最新一条的哈希',
		key: '服务器公钥指纹',
		extends: (/** @type {number} */ n) => `第 ${n} 条的哈希和存证上的一样：这份账本是接着存证往下记的，前 ${n} 条一条没改。`,
		rewritten: (/** @type {number} */ n) => `第 ${n} 条的哈希和存证上的不一样：存证之后，前 ${n} 条里有记录被改写过。`,
		shorter: (/** @type {number} */ n, /** @type {number} */ have) => `存证上的账本有 ${n} 条，这份只有 ${have} 条：有记录被删掉了。`,
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
		usage: 'Usage: node scripts/verify-ledger.js <ledger file or URL> [--extends <length>:<hash>] [--lang en]',
		badClaim: (/** @type {string} */ value) => `“${value}” is not a checkpoint: after --extends write the checkpoint's length and hash, e.g. --extends "12:3f5a 9c2e …" (64 hex characters, spaces allowed).`,
		unreadable: (/** @type {string} */ why) => `Could not read the ledger: ${why}`,
		notJson: 'This is not a JSON file, so not a Village Square ledger.',
		ok: (/** @type {number} */ n, /** @type {number} */ c) => `The ledger holds: ${n} entries and ${c} signed checkpoints, every one checked.`,
		head: 'Hash of the newest entry',
		key: 'Server key fingerprint',
		extends: (/** @type {number} */ n) => `Entry ${n} has the hash on the checkpoint: this ledger extends it, and its first ${n} entries are unchanged.`,
		rewritten: (/** @type {number} */ n) => `Entry ${n} does not have the hash on the checkpoint: some of the first ${n} entries were rewritten after it.`,
		shorter: (/** @type {number} */ n, /** @type {number} */ have) => `The checkpoint is of ${n} entries, this ledger has only ${have}: entries were removed.`,
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

/**
 * Every --extends <length>:<head>, as copied from a poster: the hash may keep the poster's spaces
 * between its groups and be in either case.
 * @type {{ length: number, head: string }[]}
 */
const claims = [];
for (let at = args.indexOf('--extends'); at >= 0; at = args.indexOf('--extends')) {
	const value = args.splice(at, 2)[1] ?? '';
	const [, length, head] = /^\s*(\d+)\s*:\s*([0-9a-fA-F\s]+)$/.exec(value) ?? [];
	const claim = { length: Number(length), head: (head ?? '').replace(/\s+/g, '').toLowerCase() };
	if (!Number.isSafeInteger(claim.length) || claim.length < 1 || !/^[0-9a-f]{64}$/.test(claim.head)) {
		console.error(say.badClaim(value));
		process.exit(2);
	}
	claims.push(claim);
}
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
console.log(`${say.key}: ${await keyFingerprint(parsed.publicKey)}`);
for (const [project, fen] of Object.entries(check.balances)) console.log(say.balance(project, (fen / 100).toFixed(2)));

// The whole chain verified, so entry n's hash stands for entries 1 to n as they are in this file.
let extendsAll = true;
for (const { length, head } of claims) {
	const entry = parsed.entries[length - 1];
	const line = !entry ? say.shorter(length, check.entries) : entry.hash === head ? say.extends(length) : say.rewritten(length);
	extendsAll &&= entry?.hash === head;
	console.log(line);
}
if (!extendsAll) process.exit(1);
