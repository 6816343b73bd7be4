import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The demo county's seeder, built on its own into build-demo/ so that none of it is in the
// app's production bundle (build/). `npm start` and the tests build it; server.js runs it
// before the app when DEMO is on and the database is empty. It uses the app's own domain
// functions from source, bundled here a second time.
export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale'],
			outputStructure: 'message-modules'
		})
	],
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	logLevel: 'warn',
	build: {
		ssr: 'scripts/demo/seed-demo.ts',
		outDir: 'build-demo',
		emptyOutDir: true,
		target: 'node20',
		sourcemap: true,
		rollupOptions: { output: { format: 'es', entryFileNames: 'seed-demo.js' } }
	}
});
