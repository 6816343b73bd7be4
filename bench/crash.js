// kill -9 under load: `node bench/crash.js [--rounds 10] [--buyers 300] [--connections 32]`.
// Starts the production build on a fresh demo database in a temp dir, and each round
// kills it with SIGKILL in the middle of keyed checkouts, restarts it on the same file
// and replays every checkout that got no answer (same key, same body). Prints what the
// crash left and how each replay ended; exits non-zero on a lost or doubled order, a
// replay that did not end in its order, stock that does not add up or a damaged file.
// Run `npm run build` first.
import { parseArgs } from 'node:util';
import { describe, runCrashRounds } from '../scripts/crash-rounds.js';

const { values } = parseArgs({
	options: {
		rounds: { type: 'string', default: '10' },
		buyers: { type: 'string', default: '300' },
		connections: { type: 'string', default: '32' }
	}
});
const rounds = Number(values.rounds);
const buyers = Number(values.buyers);
const connections = Number(values.connections);

console.log(`Crash test: ${rounds} rounds, ${buyers} buyers a round, ${connections} connections, kill -9 mid-load\n`);
const report = await runCrashRounds({ rounds, buyers, connections, log: (line) => console.log(`  ${line}`) });

/** @param {(round: import('../scripts/crash-rounds.js').Round) => number} pick */
const total = (pick) => report.rounds.reduce((sum, round) => sum + pick(round), 0);
/** @type {Record<string, number>} */
const endings = {};
for (const round of report.rounds) for (const [ending, n] of Object.entries(round.replays)) endings[ending] = (endings[ending] ?? 0) + n;
const restarts = report.rounds.map((round) => round.restartMs).sort((a, b) => a - b);

console.log(`\nAfter ${report.rounds.length} kill -9 rounds:`);
console.log(`  checkouts sent:               ${total((r) => r.sent)}`);
console.log(`  acknowledged (303) at once:   ${total((r) => r.acknowledged)}`);
console.log(`  unanswered, replayed:         ${total((r) => r.inFlight)}`);
console.log(`  replays ended:                ${describe(endings)}`);
console.log(`  units sold + stock left:      ${report.unitsSold} + ${report.stockLeft} = ${report.unitsSold + report.stockLeft} (staged ${report.stock})`);
console.log(`  integrity_check:              ${report.integrity}`);
console.log(`  restart to healthy, ms:       min ${restarts[0]}, median ${restarts[Math.floor(restarts.length / 2)]}, max ${restarts.at(-1)}`);
console.log(`  problems:                     ${report.failures.length}`);
for (const failure of report.failures.slice(0, 20)) console.log(`    ${failure}`);
if (report.failures.length > 0) process.exitCode = 1;
