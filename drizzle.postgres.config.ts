import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a migration for each engine from its schema; the two
// schemas are kept alike by tests/integration/schema-parity.test.ts.
export default defineConfig({
	schema: './src/lib/server/platform/db/schema-postgres/index.ts',
	out: './drizzle/postgres',
	dialect: 'postgresql',
	strict: true,
	verbose: true
});
