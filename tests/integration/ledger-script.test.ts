// `node scripts/verify-ledger.js` as a donor or a journalist runs it: on a downloaded file or a
// URL, in Chinese or English; a one-character change is named at its entry; junk is said to be junk.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullLedger } from '../ledgers';

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
});
