import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { locales } from '$lib/paraglide/runtime';

type Locale = (typeof locales)[number];

/**
 * The web app manifest, in the language the page names (`?lang=`): browsers
 * fetch manifests without cookies, so the page has to say which one it wants.
 */
export const GET: RequestHandler = ({ url }) => {
	const asked = url.searchParams.get('lang');
	const locale: Locale = locales.find((l) => l === asked) ?? 'zh-CN';
	const manifest = {
		id: '/',
		name: m.app_name({}, { locale }),
		short_name: m.app_name({}, { locale }),
		description: m.app_tagline({}, { locale }),
		lang: locale,
		start_url: '/',
		scope: '/',
		display: 'standalone',
		background_color: '#f4efe3',
		theme_color: '#2f6b3a',
		icons: [
			{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
			{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
			{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
		]
	};
	return new Response(JSON.stringify(manifest), {
		headers: { 'content-type': 'application/manifest+json; charset=utf-8', 'cache-control': 'public, max-age=86400' }
	});
};
