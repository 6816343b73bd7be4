import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	schema: './src/lib/server/platform/db/schema/index.ts',
	out: './drizzle/sqlite',
	dialect: 'sqlite',
	dbCredentials: { url: process.env.DATABASE_URL ?? './data/village-square.db' },
	strict: true,
	verbose: true
});
