import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// The user's choice lives in a cookie (set from their account at login); zh-CN otherwise.
			strategy: ['cookie', 'baseLocale'],
			// The same output in dev, tests and build, so one never recompiles over the other.
			outputStructure: 'message-modules'
		}),
		sveltekit()
	],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/architecture.test.ts', 'tests/registries.test.ts'],
					// It compares SQLite's schema with PostgreSQL's, so it needs the server integration-postgres starts.
					exclude: [...configDefaults.exclude, 'tests/integration/schema-parity.test.ts'],
					setupFiles: ['tests/integration/setup-database.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'integration-postgres',
					environment: 'node',
					include: ['tests/integration/**/*.test.ts'],
					// One PostgreSQL for the run (or TEST_DATABASE_URL's); each file gets its own database.
					globalSetup: ['tests/integration/postgres/global-setup.ts'],
					setupFiles: ['tests/integration/postgres/setup-database.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.test.ts'],
					// It needs two app processes: e2e-postgres runs it.
					exclude: [...configDefaults.exclude, 'tests/e2e/two-processes.test.ts'],
					globalSetup: ['tests/e2e/support/global-setup.ts'],
					// One server and one Chromium for the whole run; files share them, so run files one at a time.
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e-postgres',
					environment: 'node',
					// The core journeys (the same files as in `e2e`; a live sale's events cross processes), what needs two processes, and that kept visitor pages follow a write made elsewhere.
					include: [
						'tests/e2e/live-journey.test.ts',
						'tests/e2e/market-journey.test.ts',
						'tests/e2e/notices-journey.test.ts',
						'tests/e2e/offline-outbox.test.ts',
						'tests/e2e/two-processes.test.ts',
						'tests/e2e/visitor-pages.test.ts'
					],
					// PostgreSQL, two app processes on it and a round robin in front, and one Chromium.
					globalSetup: ['tests/e2e/support/global-setup-postgres.ts'],
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
