/** Which database this process serves: PostgreSQL for a postgres:// URL, the embedded SQLite file otherwise. */
export type Engine = 'sqlite' | 'postgres';

export function engineOf(url: string): Engine {
	return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

export const databaseUrl = process.env.DATABASE_URL || './data/village-square.db';

export const engine: Engine = engineOf(databaseUrl);
