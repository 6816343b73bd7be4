// A donor's receipt code on either engine: however it is typed back, it finds the gift; a pledge
// says it waits for the cadre, a cancelled gift says so, and a confirmed one gives its entry in the
// village's ledger (whose receipt hash is the code's) and the checkpoint that seals it.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGiftForm, parseProjectForm } from '$lib/charity/forms';
import { receiptHash, verifyLedger } from '$lib/charity/ledger-verify.js';
import { cancelGift, changeProjectState, confirmGift, createProject, findReceipt, pledgeGift, readReceiptCode, sealLedger, villageLedger } from '$lib/server/charity';
import type { User, Village } from '$lib/server/platform/db';
import { makeCadre, makeUser, makeVillage } from './factories';

let village: Village;
let cadre: User;
let donor: User;
let projectId: number;

beforeAll(async () => {
	village = await makeVillage();
	cadre = await makeCadre(village);
	donor = await makeUser();
	projectId = await createProject(cadre.id, village.id, parseProjectForm({ title: '村口路灯', category: 'infrastructure', goal: '20000', description: '', startsOn: '', endsOn: '' }));
	await changeProjectState(cadre.id, projectId, 'fundraising');
});

const money = (amount: string, more: Record<string, string> = {}) => parseGiftForm({ kind: 'money', amount, method: 'bank_transfer', ...more });

/** What a phone keyboard in full-width mode types: Ａ for A, ２ for 2, － for -. */
const fullWidth = (text: string) => text.replace(/[0-9A-Z-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('findReceipt', () => {
	it('finds a confirmed gift’s entry in the ledger, and the checkpoint that seals it once there is one', async () => {
		const gift = await pledgeGift(donor.id, projectId, money('88.8', { anonymous: 'on' }));
		const { seq } = await confirmGift(cadre.id, gift.id);

		const before = await findReceipt(gift.receiptCode);
		expect(before).toMatchObject({ code: gift.receiptCode, state: 'confirmed', anonymous: true, village: { slug: village.slug, name: village.name }, project: { id: projectId, title: '村口路灯' }, sealedBy: null });
		expect(before!.entry).toMatchObject({ seq, kind: 'donation', project: projectId, amountFen: 8_880, donor: '爱心人士', receipt: await receiptHash(gift.receiptCode) });

		const sealed = await sealLedger(village.id);
		const after = await findReceipt(gift.receiptCode);
		expect(after!.sealedBy).toBe(sealed!.seq);
		// The entry found is the ledger's own, byte for byte: the download has it, and it verifies.
		const ledger = await villageLedger(village.slug);
		expect(ledger!.entries[seq - 1]).toEqual(after!.entry);
		expect((await verifyLedger(ledger)).problem).toBeNull();
	});

	it('says a pledge waits for the cadre and a cancelled gift is cancelled, with no entry', async () => {
		const pledged = await pledgeGift(donor.id, projectId, money('20'));
		expect(await findReceipt(pledged.receiptCode)).toMatchObject({ state: 'pledged', anonymous: false, entry: null, sealedBy: null, project: { id: projectId } });
		await cancelGift(donor.id, pledged.id);
		expect(await findReceipt(pledged.receiptCode)).toMatchObject({ state: 'cancelled', entry: null, sealedBy: null });
	});

	it('finds nothing for a code nobody was given, or for what is not a code', async () => {
		expect(await findReceipt('2345-6789-ABCD-EFGH')).toBeNull();
		for (const text of ['', '   ', 'ABCD', '0000-1111-OOOO-IIII', '2345-6789-ABCD-EFGH-J', '我的收据码', `${'A'.repeat(5000)}`, "'; DROP TABLE charity_gifts; --"]) {
			expect(await findReceipt(text), text.slice(0, 40)).toBeNull();
			expect(readReceiptCode(text)).toBeNull();
		}
	});

	it('takes a code in lower case, with spaces or without dashes, or typed full-width', async () => {
		const gift = await pledgeGift(donor.id, projectId, money('10'));
		await confirmGift(cadre.id, gift.id);
		const { receiptCode: code } = gift;
		const bare = code.replaceAll('-', '');
		for (const typed of [code.toLowerCase(), bare, bare.toLowerCase(), ` ${code.replaceAll('-', ' ')} `, bare.match(/.{2}/g)!.join(' '), fullWidth(code), fullWidth(code).toLowerCase(), code.replaceAll('-', '—'), `${code.replaceAll('-', '\u3000')}`]) {
			expect(readReceiptCode(typed), typed).toBe(code);
			expect((await findReceipt(typed))?.entry?.receipt, typed).toBe(await receiptHash(code));
		}
	});
});
