// What a server and the processes it forked (WORKERS=N) use, read from /proc (Linux only):
// CPU time, which a busy shared machine moves much less than requests/s, and resident memory.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux counts CPU time in ticks of 1/100 s (USER_HZ). */
const TICK_MS = 10;

/** Every process now running: its parent, CPU ticks and resident kB. */
function processes() {
	/** @type {Map<number, { parent: number, ticks: number, rssKb: number }>} */
	const found = new Map();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Fields after the command name, which may hold spaces: state, ppid, … utime (12th), stime (13th), … rss in pages (22nd).
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			found.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), rssKb: Number(fields[21]) * 4 });
		} catch {
			// It ended while we looked.
		}
	}
	return found;
}

/** The sum of `pick` over `rootPid` and all its descendants. @param {number} rootPid @param {(p: { ticks: number, rssKb: number }) => number} pick */
function sumTree(rootPid, pick) {
	const all = processes();
	const inTree = (/** @type {number} */ pid) => {
		for (let p = pid; p > 1; p = all.get(p)?.parent ?? 0) if (p === rootPid) return true;
		return false;
	};
	let total = 0;
	for (const [pid, process] of all) if (inTree(pid)) total += pick(process);
	return total;
}

/** CPU time (user + system, ms) used so far by a process and its descendants. @param {number} rootPid */
export const treeCpuMs = (rootPid) => sumTree(rootPid, (p) => p.ticks) * TICK_MS;

/** Resident memory (kB) of a process and its descendants now (4 KB pages). @param {number} rootPid */
export const treeRssKb = (rootPid) => sumTree(rootPid, (p) => p.rssKb);
