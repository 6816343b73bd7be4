// kill -9 in the middle of keyed checkouts, twice (`npm run bench:crash` does ten rounds).
// The server under test is a production server of this file's own, on a database of its
// own: the shared one must not be killed. Each kill waits for a moment a keyed write is
// running, so a claim is left behind every round and its replay must complete it.
import { expect, test } from 'vitest';
import { runCrashRounds } from '../../scripts/crash-rounds.js';

test('2 rounds of kill -9 under checkout load: no acknowledged order lost, none doubled, every replay ends in its order', async () => {
	const report = await runCrashRounds({ rounds: 2, buyers: 100, connections: 32, demo: false });
	expect(report.failures).toEqual([]);
	expect(report.integrity).toBe('ok');
	expect(report.unitsSold + report.stockLeft).toBe(report.stock);
	for (const round of report.rounds) {
		expect(round.acknowledged).toBeGreaterThan(0);
		expect(round.inFlight).toBeGreaterThan(0);
		// Every unanswered checkout was replayed and ended in a 303 to its order.
		const endings = Object.entries(round.replays);
		expect(endings.every(([ending]) => ending.startsWith('303 '))).toBe(true);
		expect(endings.reduce((sum, [, n]) => sum + n, 0)).toBe(round.inFlight);
	}
	// The crash left keyed writes running (their claims unanswered), and their replays completed.
	const leftRunning = report.rounds.flatMap((round) => Object.entries(round.replays)).filter(([ending]) => /claimed, not committed|committed, answer lost/.test(ending));
	expect(leftRunning.length).toBeGreaterThan(0);
});
