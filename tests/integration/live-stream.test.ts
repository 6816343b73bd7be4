// The live stream on both engines: a viewer who (re)connects naming the last event it had is
// sent every later one once, in order, then whatever comes after as it happens; a hidden
// comment is sent as nothing; text goes out as JSON text, never as markup.
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { db, liveItems } from '$lib/server/platform/db';
import { stopEvents } from '$lib/server/platform/events';
import { beijingInputValue } from '$lib/form-fields';
import { flashCapField, flashPriceField, itemField, parseBuyForm, parseScheduleForm, perBuyerField } from '$lib/live/forms';
import { moveLiveSale, scheduleLiveSale } from '$lib/server/live/schedule';
import { postMoment } from '$lib/server/live/moments';
import { hideLiveComment, postLiveComment } from '$lib/server/live/comments';
import { buyLiveItem } from '$lib/server/live/buying';
import { lastLiveEventId, liveEventsAfter } from '$lib/server/live/stream-log';
import { renderLiveEvents } from '$lib/server/live/stream-render';
import { watchLiveSale } from '$lib/server/live/rooms';
import { insertProduct, makeCadre, makeUser, makeVillage, makeVillager } from './factories';

afterAll(() => stopEvents());

const hour = 60 * 60 * 1000;

async function liveSale() {
	const village = await makeVillage();
	const host = await makeVillager(village, await makeCadre(village));
	const product = await insertProduct(village, host, { title: '手工鸟笼', priceFen: 20_000, stock: 30 });
	const now = Date.now();
	const saleId = await scheduleLiveSale(
		host.id,
		parseScheduleForm(
			{
				title: '编鸟笼',
				startsAt: beijingInputValue(new Date(now + hour / 2)),
				plannedEndAt: beijingInputValue(new Date(now + 2 * hour)),
				[itemField(product.id)]: 'on',
				[flashPriceField(product.id)]: '150',
				[flashCapField(product.id)]: '10',
				[perBuyerField(product.id)]: '3'
			},
			village.id
		),
		null
	);
	await moveLiveSale(host.id, saleId, 'start');
	const [item] = await db.select().from(liveItems).where(eq(liveItems.liveSaleId, saleId));
	return { saleId, itemId: item.id, host };
}

type Frame = { id: number; event?: string; data?: Record<string, unknown> };

/** Server-Sent Event text → frames; comment lines (the heartbeat) and the viewer count are left out. */
function frames(text: string): Frame[] {
	return text
		.split('\n\n')
		.filter((block) => /^id: /m.test(block))
		.map((block) => {
			const event = /^event: (.*)$/m.exec(block)?.[1];
			const data = /^data: (.*)$/m.exec(block)?.[1];
			return { id: Number(/^id: (\d+)$/m.exec(block)![1]), ...(event ? { event } : {}), ...(data ? { data: JSON.parse(data) } : {}) };
		});
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('waited in vain');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('the live stream', () => {
	it('sends a reconnecting viewer what came after its last event, once and in order, then what happens next', async () => {
		const { saleId, itemId, host } = await liveSale();
		const viewer = await makeUser();
		await postMoment(host.id, saleId, '第一步', null);
		const lastSeen = await lastLiveEventId(saleId);
		await postMoment(host.id, saleId, '第二步：<b>弯竹条</b>', null);
		const commentId = await postLiveComment(viewer.id, saleId, '好手艺');
		await buyLiveItem(viewer.id, saleId, parseBuyForm({ itemId: String(itemId), quantity: '2', delivery: 'ship', name: '王小麦', phone: '13900001111', address: '北京市朝阳区某某路 1 号' }));

		let received = '';
		const leave = await watchLiveSale(saleId, { key: 'u1', send: (chunk) => (received += new TextDecoder().decode(chunk)) }, lastSeen);
		try {
			const missed = frames(received);
			expect(missed.map((frame) => frame.event)).toEqual(['moment', 'comment', 'bought']);
			expect(missed[0].data).toMatchObject({ t: '第二步：<b>弯竹条</b>' });
			expect(missed[1].data).toMatchObject({ id: commentId, n: '测试用户', t: '好手艺' });
			expect(missed[2].data).toMatchObject({ i: itemId, n: '王**', q: 2, l: 8 });

			// Live from here: each new event arrives once.
			await hideLiveComment(host.id, saleId, commentId);
			await postMoment(host.id, saleId, '第三步', null);
			await until(() => frames(received).length === 5);
			const all = frames(received);
			expect(all.slice(3).map((frame) => frame.event)).toEqual(['hidden', 'moment']);
			const ids = all.map((frame) => frame.id);
			expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
			expect(ids[ids.length - 1]).toBe(await lastLiveEventId(saleId));
		} finally {
			leave();
		}
	});

	it('renders a comment hidden since as nothing but its id, so the viewer moves past it', async () => {
		const { saleId, host } = await liveSale();
		const viewer = await makeUser();
		const before = await lastLiveEventId(saleId);
		const commentId = await postLiveComment(viewer.id, saleId, '广告：加微信');
		await hideLiveComment(host.id, saleId, commentId);
		const text = await renderLiveEvents(saleId, await liveEventsAfter(saleId, before));
		expect(frames(text).map((frame) => frame.event ?? 'none')).toEqual(['none', 'hidden']);
		expect(text).not.toContain('加微信');
	});
});
