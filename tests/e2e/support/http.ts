// A browser without JavaScript, in a few lines: keeps cookies, posts forms the way
// a plain <form method="POST"> does (Origin set, HTML accepted), reads hidden fields.
import { inject } from 'vitest';
import { DEMO_PASSWORD } from './browser';

/**
 * One request as a browser without JavaScript sends it (HTML accepted, Origin set, the
 * cookies in `cookies`), keeping what Set-Cookie sets or clears; redirects are not followed.
 * `origin` is the site's public address, when `base` is one app process behind it.
 */
export async function fetchWithCookies(cookies: Map<string, string>, base: string, path: string, init: RequestInit = {}, origin = base): Promise<Response> {
	const headers = new Headers(init.headers);
	headers.set('accept', 'text/html');
	headers.set('origin', origin);
	if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
	// Joined as text, not resolved: a fuzzed path is sent exactly as built.
	const response = await fetch(base + path, { ...init, headers, redirect: 'manual' });
	for (const line of response.headers.getSetCookie()) {
		const [pair] = line.split(';');
		const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
		if (value && !/max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.set(name, value);
		else cookies.delete(name);
	}
	return response;
}

export class FormClient {
	#cookies: Map<string, string>;
	#base: string | undefined;

	/** To the site's address; `to` one app process behind it instead, with `cookies` another client's. */
	constructor({ to, cookies = new Map() }: { to?: string; cookies?: Map<string, string> } = {}) {
		this.#base = to;
		this.#cookies = cookies;
	}

	/** The same browser (its cookies), its requests sent straight to the app process at `base`. */
	to(base: string): FormClient {
		return new FormClient({ to: base, cookies: this.#cookies });
	}

	async get(path: string): Promise<{ status: number; html: string }> {
		const response = await this.#send(path, { method: 'GET' });
		return { status: response.status, html: await response.text() };
	}

	/** Posts fields as application/x-www-form-urlencoded; redirects are not followed. */
	async post(path: string, fields: Record<string, string>): Promise<{ status: number; location: string | null; html: string }> {
		const response = await this.#send(path, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString()
		});
		return { status: response.status, location: response.headers.get('location'), html: await response.text() };
	}

	async login(username: string, password = DEMO_PASSWORD): Promise<void> {
		const { status, location } = await this.post('/login', { username, password });
		if (status !== 303) throw new Error(`Login as ${username} answered ${status} (to ${location})`);
	}

	#send(path: string, init: RequestInit): Promise<Response> {
		return fetchWithCookies(this.#cookies, this.#base ?? inject('baseURL'), path, init, inject('baseURL'));
	}
}

/** The value of a hidden input inside the form posting to `action` on `html`. */
export function hiddenField(html: string, action: string, name: string): string {
	const form = html.split('<form').find((chunk) => chunk.includes(`action="${action}"`));
	const value = form && new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1];
	if (!value) throw new Error(`No hidden ${name} in the form posting to ${action}`);
	return value;
}

/** A fresh join code for 舒王庄村, issued by the demo cadre through the committee's own form. */
export async function issueJoinCode(forName: string): Promise<string> {
	const cadre = new FormClient();
	await cadre.login('cadre');
	const { html } = await cadre.post('/committee?/issueCode', { village: 'shuwangzhuang', forName });
	const code = /class="code"[^>]*>([A-Z2-9]{4}-[A-Z2-9]{4})</.exec(html)?.[1];
	if (!code) throw new Error('The committee page showed no code');
	return code;
}
