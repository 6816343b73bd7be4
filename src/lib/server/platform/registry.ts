/**
 * Names the pillars fill in and the platform looks up: notification kinds,
 * audit actions. The platform knows none of them in advance; a name that no
 * pillar registered is a programming error, so writing one throws instead of
 * leaving a row nobody can read.
 */
export type Registry<T> = {
	register(entries: Record<string, T>): void;
	/** The entry for a name about to be written; throws for a name nobody registered. */
	require(name: string): T;
	/** The entry for a name read back, if any (a row may predate its name's removal). */
	find(name: string): T | undefined;
	names(): string[];
};

export function createRegistry<T>(what: string): Registry<T> {
	const entries = new Map<string, T>();
	return {
		register(added) {
			// The last registration wins: a module reloaded in development registers its names again.
			for (const [name, entry] of Object.entries(added)) entries.set(name, entry);
		},
		require(name) {
			const entry = entries.get(name);
			if (!entry) throw new Error(`${what} "${name}" is not registered: its pillar must register it with its text`);
			return entry;
		},
		find: (name) => entries.get(name),
		names: () => [...entries.keys()]
	};
}
