// `node scripts/verify-ledger.js` as a donor or a journalist runs it: on a downloaded file or a
// URL, in Chinese or English; a one-character change is named at its entry; junk is said to be junk;
// a checkpoint copied from a poster is found in a later ledger, or its rewrite or cut is named.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullLedger, makeLedger } from '../ledgers';

function verify(...args: string[]): Promise<{ code: number; out: string }> {
	return new Promise((resolve) => {
		execFile(process.execPath, ['scripts/verify-ledger.js', ...args], { env: { PATH: process.env.PATH ?? '', LANG: 'zh_CN.UTF-8' } }, (error, stdout, stderr) =>
			resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr })
		);
	});
}

describe('scripts/verify-ledger.js', () => {
	it('checks a file and a URL, and names the entry a changed amount breaks', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
		const text = JSON.stringify(await (await fullLedger()).file());
		const good = join(dir, 'ledger.json');
		const bad = join(dir, 'tampered.json');
		const junk = join(dir, 'junk.json');
		await writeFile(good, text);
		await writeFile(bad, text.replace('"amountFen":1000', '"amountFen":9000'));
		await writeFile(junk, '<html>not a ledger</html>');
		const server = createServer((request, response) => {
			if (request.url === '/ledger.json') response.end(text);
			else response.writeHead(404).end();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		try {
			const ok = await verify(good);
			expect(ok.code).toBe(0);
			expect(ok.out).toContain('账本完好：9 条记录、2 个签名检查点');
			expect(ok.out).toContain('项目 1 的余额：¥510.00');
			expect((await verify(`${base}/ledger.json`, '--lang', 'en')).out).toContain('The ledger holds: 9 entries and 2 signed checkpoints');

			const tampered = await verify(bad);
			expect(tampered.code).toBe(1);
			expect(tampered.out).toContain('第 2 条的内容和它的哈希对不上：它被改过。');
			expect((await verify(bad, '--lang', 'en')).out).toContain('Entry 2 does not match its hash');

			expect(await verify(junk)).toMatchObject({ code: 1, out: expect.stringContaining('不是村广场的账本') });
			expect(await verify(join(dir, 'missing.json'))).toMatchObject({ code: 2, out: expect.stringContaining('读不到这个账本') });
			expect(await verify(`${base}/gone.json`)).toMatchObject({ code: 2, out: expect.stringContaining('HTTP 404') });
			expect(await verify()).toMatchObject({ code: 2, out: expect.stringContaining('用法') });
		} finally {
			server.close();
			await rm(dir, { recursive: true, force: true });
		}
	});

	it('proves a later ledger extends a checkpoint from a poster, and says when it was rewritten or cut', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'ledger-'));
		const ledger = await fullLedger();
		// The first checkpoint, entry 5, as its poster prints it: 4 entries and the head in groups of four, upper-cased by a careful copyist.
		const { length, head } = ledger.entries[4].checkpoint!;
		const poster = `${length}:${head.toUpperCase().match(/.{4}/g)!.join(' ')}`;
		// The same story told again from entry 2 on: a chain that verifies by itself, but not the one on the poster.
		const rewrite = await makeLedger();
		await rewrite.add({ kind: 'donation', amountFen: 50_000, donor: '刘长河', label: '路灯' });
		await rewrite.add({ kind: 'donation', amountFen: 100, donor: '爱心人士' });
		await rewrite.add({ kind: 'goods', amountFen: 0, label: '化肥 20 袋', donor: '县农资站' });
		await rewrite.add({ kind: 'hours', amountFen: 0, label: '12 小时' });
		await rewrite.seal();
		const later = join(dir, 'later.json');
		const rewritten = join(dir, 'rewritten.json');
		await writeFile(later, JSON.stringify(await ledger.file()));
		await writeFile(rewritten, JSON.stringify(await rewrite.file()));
		try {
			const ok = await verify(later, '--extends', poster);
			expect(ok.code).toBe(0);
			expect(ok.out).toContain('账本完好：9 条记录');
			expect(ok.out).toContain('第 4 条的哈希和存证上的一样：这份账本是接着存证往下记的，前 4 条一条没改。');
			expect(ok.out).toMatch(/服务器公钥指纹: [0-9a-f]{4}( [0-9a-f]{4}){3}\n/);
			const both = await verify(later, '--extends', `8:${ledger.entries[7].hash}`, '--lang', 'en', '--extends', poster);
			expect(both.code).toBe(0);
			expect(both.out).toContain('Entry 8 has the hash on the checkpoint: this ledger extends it');
			expect(both.out).toContain('Entry 4 has the hash on the checkpoint');

			const changed = await verify(rewritten, '--extends', poster);
			expect(changed.out).toContain('账本完好：5 条记录');
			expect(changed).toMatchObject({ code: 1, out: expect.stringContaining('第 4 条的哈希和存证上的不一样：存证之后，前 4 条里有记录被改写过。') });
			expect((await verify(rewritten, '--extends', poster, '--lang', 'en')).out).toContain('Entry 4 does not have the hash on the checkpoint');
			expect(await verify(later, '--extends', `20:${head}`)).toMatchObject({ code: 1, out: expect.stringContaining('存证上的账本有 20 条，这份只有 9 条：有记录被删掉了。') });

			for (const typo of ['4', `4:${head.slice(1)}`, `0:${head}`, `x:${head}`, `4:${'g'.repeat(64)}`])
				expect(await verify(later, '--extends', typo)).toMatchObject({ code: 2, out: expect.stringContaining('不是一份存证') });
			expect(await verify(later, '--extends')).toMatchObject({ code: 2, out: expect.stringContaining('不是一份存证') });
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
