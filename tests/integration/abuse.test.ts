// Abuse from one network address (a village shares one mobile NAT) and from one
// account: strangers slow an address down but never lock its people out, and one
// account cannot flood the square.
import { describe, expect, it } from 'vitest';
import { authenticate, registerUser, trustDevice } from '$lib/server/auth/accounts';
import { transaction } from '$lib/server/platform/db';
import { countEvent, limits, slowDowns, spacings } from '$lib/server/platform/throttle';
import { issueJoinCode, joinCodeWaitMs, redeemJoinCode } from '$lib/server/villages/join-codes';
import { rolesIn } from '$lib/server/villages/memberships';
import { addComment, listComments } from '$lib/server/notices/comments';
import { noticeViewer } from '$lib/server/notices/notices';
import { writeLetter } from '$lib/server/notices/letters';
import { makeAdmin, makeCadre, makeNotice, makeProduct, makeSeller, makeUser, makeVillage, makeVillager, testPassword } from './factories';
import { refusal } from './refusal';
import { parseWith } from '$lib/server/platform/forms';
import { registrationForm } from '$lib/auth/forms';
import { commentForm, letterForm } from '$lib/notices/forms';
import { joinCodeForm } from '$lib/villages/forms';

const minute = 60 * 1000;

/** Records the pauses the server would make instead of making them. */
function pauses() {
	const waited: number[] = [];
	return { waited, wait: async (ms: number) => void waited.push(ms) };
}

describe('login from an address a stranger is guessing from', { timeout: 30_000 }, () => {
	const nat = '100.64.7.7';
	// 300 failed logins an hour from the village's one address: what locked everyone out before.
	const strangerGuessed = async () => {
		for (let i = 0; i < 300; i++) await countEvent(slowDowns.loginAddress, nat);
	};

	it('still lets a known device in at once, and a new honest villager and the admin in after a capped wait', async () => {
		await strangerGuessed();
		const owner = await makeUser();
		const ownersPhone = await transaction((tx) => trustDevice(tx, owner.id, undefined));
		const known = pauses();
		const viaPhone = await authenticate({ username: owner.username, password: testPassword, address: nat, deviceToken: ownersPhone }, new Date(), known.wait);
		expect(viaPhone.id).toBe(owner.id);
		expect(known.waited).toEqual([0]);

		for (const person of [await makeUser(), await makeAdmin()]) {
			const fresh = pauses();
			const user = await authenticate({ username: person.username, password: testPassword, address: nat, deviceToken: undefined }, new Date(), fresh.wait);
			expect(user.id).toBe(person.id);
			expect(fresh.waited[0]).toBeGreaterThan(0);
			expect(fresh.waited[0]).toBeLessThanOrEqual(slowDowns.loginAddress.maxDelayMs);
		}
	});

	it('tells someone who typed a wrong password there why it was slow; another address does not wait', async () => {
		await strangerGuessed();
		const person = await makeUser();
		const slowed = await refusal(authenticate({ username: person.username, password: 'not-it-at-all', address: nat, deviceToken: undefined }, new Date(), pauses().wait));
		expect(slowed.status).toBe(400);
		expect(slowed.message).toContain('多等几秒');
		const elsewhere = pauses();
		await authenticate({ username: person.username, password: testPassword, address: '100.64.8.8', deviceToken: undefined }, new Date(), elsewhere.wait);
		expect(elsewhere.waited).toEqual([0]);
	});
});

describe('sign-up from one address', { timeout: 30_000 }, () => {
	it('lets a village office sign people up one after another, and holds back a script', async () => {
		const office = '100.64.9.9';
		const queue = pauses();
		const signUp = (i: number) =>
			registerUser(parseWith(registrationForm, { username: `office-${Date.now().toString(36)}-${i}`, displayName: `村民${i}`, password: testPassword }), {}, { address: office, wait: queue.wait });
		for (let i = 0; i < spacings.registerAddress.free + 4; i++) await signUp(i);
		const { free, intervalMs, maxWaitMs } = spacings.registerAddress;
		// Ten at once, then each takes its turn 15 s after the one before.
		expect(queue.waited.slice(0, free)).toEqual(Array(free).fill(0));
		queue.waited.slice(free).forEach((ms, i) => {
			expect(ms).toBeGreaterThan((i + 1) * intervalMs - 5000);
			expect(ms).toBeLessThanOrEqual((i + 1) * intervalMs);
		});
		// A turn more than a minute away is refused with the wait, and nothing is made.
		const refused = await refusal(signUp(99));
		expect(refused.status).toBe(429);
		expect(refused.message).toMatch(/\d+ 秒/);
		expect(queue.waited.at(-1)).toBeLessThanOrEqual(maxWaitMs);
		// Another address is not held up.
		const elsewhere = pauses();
		await registerUser(parseWith(registrationForm, { username: `home-${Date.now().toString(36)}`, displayName: '甲', password: testPassword }), {}, { address: '100.64.9.10', wait: elsewhere.wait });
		expect(elsewhere.waited).toEqual([0]);
	});
});

describe('join codes guessed from one address', { timeout: 30_000 }, () => {
	it('slow the address down but let the next villager’s right code in; the guessing account waits alone', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const nat = '100.64.10.10';
		const guesser = await makeUser();
		for (let i = 0; i < limits.joinCode.max; i++) await refusal(() => redeemJoinCode(guesser.id, 'AAAA-AAAA', nat));
		for (let i = 0; i < 20; i++) await countEvent(slowDowns.joinCodeAddress, nat);
		const guessing = await refusal(() => redeemJoinCode(guesser.id, 'AAAA-AAAA', nat));
		expect(guessing.status).toBe(429);
		expect(guessing.message).toMatch(/\d+ 分钟/);

		const honest = await makeUser();
		const { code } = await issueJoinCode(cadre.id, village.id, parseWith(joinCodeForm, { forName: '张大娘' }));
		expect(await joinCodeWaitMs(nat)).toBeGreaterThan(0);
		expect(await joinCodeWaitMs(nat)).toBeLessThanOrEqual(slowDowns.joinCodeAddress.maxDelayMs);
		expect((await redeemJoinCode(honest.id, code, nat)).id).toBe(village.id);
		expect((await rolesIn(honest.id, village.id)).has('villager')).toBe(true);
		expect(await joinCodeWaitMs('100.64.10.11')).toBe(0);
	});
});

describe('what one account may post', { timeout: 30_000 }, () => {
	it('comments: 20 in ten minutes, then a message with the wait; others still comment, and later so does the author', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const notice = await makeNotice(village, cadre);
		const flooder = await makeUser();
		const start = new Date();
		const flooderViews = await noticeViewer(flooder.id, village.id);
		for (let i = 0; i < limits.comment.max; i++) await addComment(flooderViews, notice, parseWith(commentForm, { body: `第 ${i} 条` }), new Date(start.getTime() + i * 1000));
		const refused = await refusal(() => addComment(flooderViews, notice, parseWith(commentForm, { body: '又一条' }), new Date(start.getTime() + 30_000)));
		expect(refused.status).toBe(429);
		expect(refused.message).toMatch(/10 分钟/);
		await addComment(await noticeViewer((await makeUser()).id, village.id), notice, parseWith(commentForm, { body: '正常的评论' }), new Date(start.getTime() + 31_000));
		await addComment(flooderViews, notice, parseWith(commentForm, { body: '过了十分钟' }), new Date(start.getTime() + 10 * minute + 1000));
		expect((await listComments(notice.id, await noticeViewer(null, village.id), null, 100)).total).toBe(limits.comment.max + 2);
	});

	it('letters: 10 in an hour', async () => {
		const village = await makeVillage();
		const author = await makeVillager(village);
		const letter = { village: village.slug, subject: '路灯', body: '村东头的路灯坏了。' };
		for (let i = 0; i < limits.letter.max; i++) await writeLetter(author.id, parseWith(letterForm, letter));
		expect((await refusal(() => writeLetter(author.id, parseWith(letterForm, letter)))).status).toBe(429);
	});

	it('listings: 20 in an hour', async () => {
		const { seller, village } = await makeSeller();
		for (let i = 0; i < limits.listing.max; i++) await makeProduct(village, seller);
		expect((await refusal(makeProduct(village, seller))).status).toBe(429);
	});
});

describe('comment pages', { timeout: 30_000 }, () => {
	it('show the newest 20 (10 with data saver), with links to older and newer pages', async () => {
		const village = await makeVillage();
		const cadre = await makeCadre(village);
		const notice = await makeNotice(village, cadre);
		const start = Date.now() - 24 * 60 * minute;
		const authors = [await makeUser(), await makeUser(), await makeUser()];
		for (let i = 0; i < 45; i++) await addComment(await noticeViewer(authors[i % 3].id, village.id), notice, parseWith(commentForm, { body: `评论 ${i}` }), new Date(start + i * minute));
		const viewer = await noticeViewer(null, village.id);
		const bodies = (page: Awaited<ReturnType<typeof listComments>>) => page.comments.map((c) => c.body);

		const newest = await listComments(notice.id, viewer, null, 20);
		expect(newest.total).toBe(45);
		expect(bodies(newest)).toEqual(Array.from({ length: 20 }, (_, i) => `评论 ${25 + i}`));
		expect(newest.newerAfter).toBeNull();
		const older = await listComments(notice.id, viewer, { before: newest.olderBefore! }, 20);
		expect(bodies(older)).toEqual(Array.from({ length: 20 }, (_, i) => `评论 ${5 + i}`));
		const oldest = await listComments(notice.id, viewer, { before: older.olderBefore! }, 20);
		expect(bodies(oldest)).toEqual(['评论 0', '评论 1', '评论 2', '评论 3', '评论 4']);
		expect(oldest.olderBefore).toBeNull();
		expect(bodies(await listComments(notice.id, viewer, { after: oldest.newerAfter! }, 20))).toEqual(bodies(older));
		expect((await listComments(notice.id, viewer, null, 10)).comments).toHaveLength(10);
	});
});
