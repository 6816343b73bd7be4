import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Kit adds a nonce (SSR) or hash (prerendered) to every script and style it emits,
		// so nothing else may run: no third-party scripts, no inline handlers.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// Svelte's client writes style attributes (the route announcer); attributes cannot run script.
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'media-src': ['self', 'blob:'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		// Kit's default origin check refuses cross-site form posts; hooks.server.ts adds one for JSON and text/plain.
		// Pages ship no Kit runtime (csr = false), so Kit's own registration never runs: static/shell.js registers the worker.
		serviceWorker: { register: false },
		// The demo seeder (scripts/demo/) is built apart from the app and type-checked with it.
		typescript: {
			config: (tsconfig) => ({ ...tsconfig, include: [...tsconfig.include, '../scripts/demo/**/*.ts'] })
		}
	}
};

export default config;
