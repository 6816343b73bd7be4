// Keyed writes over plain HTTP (no JavaScript): a repeat of the same key gets the
// first answer and has no second effect, even when both arrive together.
import { expect, test } from 'vitest';
import { FormClient, hiddenField, issueJoinCode } from './support/http';
import { readDatabase, uniqueName } from './support/database';

async function newMember(): Promise<{ client: FormClient; username: string }> {
	const client = new FormClient();
	const username = uniqueName('idem');
	const { status } = await client.post('/register', { username, displayName: '王小麦', password: 'cherry-orchard-2026' });
	expect(status).toBe(303);
	return { client, username };
}

const joinCode = () => issueJoinCode('王小麦');

function memberships(username: string): number {
	return readDatabase(
		(db) =>
			(db.prepare('SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.username = ?').get(username) as { n: number }).n
	);
}

test('the same key posted twice at once: one effect, identical answers', async () => {
	const { client, username } = await newMember();
	const code = await joinCode();
	const key = hiddenField((await client.get('/me')).html, '?/redeem', 'idempotency_key');
	const fields = { idempotency_key: key, outbox_label: 'join', code };
	const [first, second] = await Promise.all([client.post('/me?/redeem', fields), client.post('/me?/redeem', fields)]);
	expect(first.status).toBe(200);
	expect(second.status).toBe(first.status);
	expect(second.html).toBe(first.html);
	expect(first.html).toContain('认证成功');
	expect(memberships(username)).toBe(1);

	// Later, once more (a retry after a lost answer): still the first answer, still one membership.
	const third = await client.post('/me?/redeem', fields);
	expect(third.html).toBe(first.html);
	expect(memberships(username)).toBe(1);
	const stored = readDatabase((db) => db.prepare('SELECT count(*) AS n FROM idempotent_requests WHERE key = ?').get(key) as { n: number });
	expect(stored.n).toBe(1);
});

test('the same key with a different body is refused with 422 and changes nothing', async () => {
	const { client, username } = await newMember();
	const key = hiddenField((await client.get('/me')).html, '?/settings', 'idempotency_key');
	const first = await client.post('/me?/settings', { idempotency_key: key, locale: 'zh-CN', dataSaver: 'on' });
	expect(first.status).toBe(303);
	const other = await client.post('/me?/settings', { idempotency_key: key, locale: 'en', dataSaver: 'off' });
	expect(other.status).toBe(422);
	expect(other.html).toContain('这张表单已经用不同的内容提交过了');
	const user = readDatabase((db) => db.prepare('SELECT locale, data_saver AS dataSaver FROM users WHERE username = ?').get(username));
	expect(user).toEqual({ locale: 'zh-CN', dataSaver: 'on' });
});

test('a refused write keeps no answer: the corrected form may use the same key', async () => {
	const { client, username } = await newMember();
	const code = await joinCode();
	const key = hiddenField((await client.get('/me')).html, '?/redeem', 'idempotency_key');
	const wrong = await client.post('/me?/redeem', { idempotency_key: key, code: 'AAAA-BBBB' });
	expect(wrong.status).toBe(400);
	expect(memberships(username)).toBe(0);
	const right = await client.post('/me?/redeem', { idempotency_key: key, code });
	expect(right.status).toBe(200);
	expect(memberships(username)).toBe(1);
});

test('a key is answered only to the account that made it', async () => {
	const alice = await newMember();
	const bob = await newMember();
	const key = hiddenField((await alice.client.get('/me')).html, '?/settings', 'idempotency_key');
	const fields = { idempotency_key: key, locale: 'en', dataSaver: 'auto' };
	expect((await alice.client.post('/me?/settings', fields)).status).toBe(303);
	// Bob sending Alice's key and body runs his own write (his locale changes), not a replay of hers.
	expect((await bob.client.post('/me?/settings', fields)).status).toBe(303);
	const bobLocale = readDatabase((db) => db.prepare('SELECT locale FROM users WHERE username = ?').get(bob.username));
	expect(bobLocale).toEqual({ locale: 'en' });
});

test('a double tap on 生成加入码 issues one code, and both answers show it; the code is never stored in clear', async () => {
	const cadre = new FormClient();
	await cadre.login('cadre');
	const key = hiddenField((await cadre.get('/committee')).html, '?/issueCode', 'idempotency_key');
	const forName = `双击${uniqueName('x').slice(-6)}`;
	const fields = { idempotency_key: key, outbox_label: 'code', village: 'shuwangzhuang', forName };
	const [first, second] = await Promise.all([cadre.post('/committee?/issueCode', fields), cadre.post('/committee?/issueCode', fields)]);
	const shown = (html: string) => /class="code"[^>]*>([A-Z2-9]{4}-[A-Z2-9]{4})</.exec(html)?.[1];
	expect(first.status).toBe(200);
	expect(shown(first.html)).toBeTruthy();
	expect(shown(second.html)).toBe(shown(first.html));
	const codes = readDatabase((db) => db.prepare('SELECT count(*) AS n FROM join_codes WHERE for_name = ?').get(forName) as { n: number });
	expect(codes.n).toBe(1);
	// The idempotency table keeps "see the committee page", not the page with the code.
	const stored = readDatabase((db) => db.prepare('SELECT status, location, body FROM idempotent_requests WHERE key = ?').get(key));
	expect(stored).toEqual({ status: 303, location: '/committee', body: null });
});
